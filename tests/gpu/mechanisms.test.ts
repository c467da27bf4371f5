/** Each mechanism's WGSL against its CPU twin over −100…+100 mV, singular points included. */
import { describe, expect, it } from 'vitest';
import { HH_FACTOR_ROWS_PER_MV, HH_GPU_ROW_WORDS, gpuTable, hh, hhRates } from '../../src/mechanisms/hh.js';
import { pas } from '../../src/mechanisms/pas.js';
import type { MechanismData, MechanismDef } from '../../src/mechanisms/types.js';
import { gpu, hasGpu, runCompute } from './gpu.js';

const V_REST = -65;
/** −100…+100 mV every 0.05 mV, plus the 0/0 points of hh's vtrap and their neighbours. */
const voltages = Float64Array.from(
  [
    ...Array.from({ length: 4001 }, (_, i) => -100 + i * 0.05),
    ...[-40, -55].flatMap((v) => [v, v - 1e-6, v + 1e-6, v - 1e-4, v + 1e-4, v - 0.01, v + 0.01]),
    -120, 130,
  ],
);
const N = voltages.length;
/** v − vRest computed in f64, as the engine stores it. */
const relative = Float32Array.from(voltages, (v) => v - V_REST);

/** One instance per voltage, nodes 0…N−1, every parameter at its default. */
function instances(def: MechanismDef): MechanismData {
  return {
    count: N,
    node: Int32Array.from({ length: N }, (_, i) => i),
    param: def.params.map((p) => new Float64Array(N).fill(p.default)),
    state: def.states.map(() => new Float64Array(N)),
  };
}

/** Parameters as the GPU engine uploads them (potentials relative to rest), as a WGSL array. */
function wgslParams(def: MechanismDef): string {
  const vals = def.params.map((p) => (def.wgsl.relativeToRest.includes(p.name) ? p.default - V_REST : p.default));
  return `array<f32, ${vals.length}>(${vals.map((x) => x.toPrecision(9)).join(', ')})`;
}

function expectClose(gpuVals: ArrayLike<number>, cpuVals: ArrayLike<number>, rel: number, abs: number, what: string): void {
  let worst = 0, at = -1;
  for (let i = 0; i < cpuVals.length; i++) {
    const e = Math.abs(gpuVals[i] - cpuVals[i]) / (abs + rel * Math.abs(cpuVals[i]));
    if (!(e <= worst)) {
      worst = e;
      at = i;
    }
  }
  expect(worst, `${what}: worst at index ${at}: gpu ${gpuVals[at]} cpu ${cpuVals[at]}`).toBeLessThanOrEqual(1);
}

describe.skipIf(!hasGpu)('WGSL mechanisms against the CPU', () => {
  it('hh: rates (vtrap), advance and current', async () => {
    await gpu();
    const celsius = 6.3, dt = 0.025;
    const table = gpuTable(dt, celsius);
    // the WGSL's last row index (9999): rows of three vec4s every 1/50 mV over -100..100 mV
    expect(table.length).toBe(HH_GPU_ROW_WORDS * (200 * HH_FACTOR_ROWS_PER_MV + 1));
    expect(hh.wgsl.code).toContain(`u32(row) * ${HH_GPU_ROW_WORDS / 4}u`);
    expect(hh.wgsl.code).toContain(`min(i32(xf), ${200 * HH_FACTOR_ROWS_PER_MV - 1})`);
    // states for advance/current: the steady state 10 mV away, so every term matters
    const d = instances(hh);
    const vs = new Float64Array(N).map((_, i) => voltages[i] + 10);
    hh.cpu.init(d, vs, { dt_ms: dt, celsius });
    const s0 = d.state.map((a) => a.slice());
    const code = /* wgsl */ `
      @group(0) @binding(0) var<storage, read_write> out: array<f32>;
      @group(0) @binding(1) var<storage, read> v_in: array<f32>;
      @group(0) @binding(2) var<storage, read> tab: array<vec4<f32>>;
      @group(0) @binding(3) var<storage, read> s_in: array<f32>;
      @group(0) @binding(4) var<storage, read> vr_in: array<f32>;
      fn hh_table(q: u32) -> vec4<f32> { return tab[q]; }
      ${hh.wgsl.code}
      @compute @workgroup_size(64)
      fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
        let i = gid.x;
        if (i >= ${N}u) { return; }
        let v = v_in[i];
        let p = ${wgslParams(hh)};
        let s = array<f32, 3>(s_in[i], s_in[${N}u + i], s_in[${2 * N}u + i]);
        let r = hh_rates(v);
        let s2 = hh_advance(v, p, s, ${dt});
        let ig = hh_current(vr_in[i], p, s);
        let o = i * 11u;
        for (var k = 0u; k < 6u; k++) { out[o + k] = r[k]; }
        for (var k = 0u; k < 3u; k++) { out[o + 6u + k] = s2[k]; }
        out[o + 9u] = ig.x;
        out[o + 10u] = ig.y;
      }`;
    const out = await runCompute(code, [Float32Array.from(voltages), Float32Array.from(table), Float32Array.from(s0.flatMap((a) => [...a])), relative], 11 * N, N);
    const pick = (k: number) => Float64Array.from({ length: N }, (_, i) => out[i * 11 + k]);

    // rates: exact functions in f64 on the CPU, f32 with the wide vtrap guard on the GPU
    const names = ['am', 'bm', 'ah', 'bh', 'an', 'bn'] as const;
    names.forEach((name, k) => {
      const cpu = Float64Array.from(voltages, (v) => hhRates(v)[name]);
      expectClose(pick(k), cpu, 2e-5, 1e-12, `hh rate ${name}`);
    });
    // advance (the f32 fine table against NEURON's table and the f64 factors), from the
    // steady state 10 mV away
    const da = instances(hh);
    da.state = s0.map((a) => a.slice());
    hh.cpu.advance(da, voltages, { dt_ms: dt, celsius });
    for (let k = 0; k < 3; k++) expectClose(pick(6 + k), da.state[k], 1e-5, 1e-8, `hh advance ${hh.states[k]}`);
    // current density and slope
    const dc = instances(hh);
    dc.state = s0.map((a) => a.slice());
    const i = new Float64Array(N), g = new Float64Array(N);
    hh.cpu.current(dc, voltages, i, g);
    expectClose(pick(9), i, 1e-5, 1e-7, 'hh current');
    expectClose(pick(10), g, 1e-5, 1e-9, 'hh slope');
  });

  it('pas: current and slope', async () => {
    const code = /* wgsl */ `
      @group(0) @binding(0) var<storage, read_write> out: array<f32>;
      @group(0) @binding(1) var<storage, read> v_in: array<f32>;
      ${pas.wgsl.code}
      @compute @workgroup_size(64)
      fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
        let i = gid.x;
        if (i >= ${N}u) { return; }
        let ig = pas_current(v_in[i], ${wgslParams(pas)});
        out[2u * i] = ig.x;
        out[2u * i + 1u] = ig.y;
      }`;
    const out = await runCompute(code, [relative], 2 * N, N);
    const i = new Float64Array(N), g = new Float64Array(N);
    pas.cpu.current(instances(pas), voltages, i, g);
    expectClose(Float64Array.from({ length: N }, (_, k) => out[2 * k]), i, 1e-5, 1e-9, 'pas current');
    expectClose(Float64Array.from({ length: N }, (_, k) => out[2 * k + 1]), g, 1e-6, 0, 'pas slope');
  });
});
