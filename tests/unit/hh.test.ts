import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HH_FACTOR_ROWS_PER_MV, hhFactorTable, hhLookup, hhSteadyStates, hhTable, vtrap, hh } from '../../src/mechanisms/hh.js';

// NEURON 8.2's own numbers, made by scripts/reference/hh_rates.py.
const fixture = JSON.parse(readFileSync(new URL('../fixtures/hh_rates.json', import.meta.url), 'utf8')) as {
  cases: { celsius: number; usetable: number; rows: number[][] }[];
};

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

describe('hh rate functions against NEURON', () => {
  for (const c of fixture.cases) {
    it(`${c.usetable ? 'table' : 'exact rates'} at ${c.celsius} °C match NEURON's hh.mod`, () => {
      const table = hhTable(c.celsius);
      const out = new Float64Array(6);
      for (const [v, ...ref] of c.rows) {
        if (c.usetable) hhLookup(table, v, out);
        else hhSteadyStates(v, c.celsius, out);
        for (let k = 0; k < 6; k++) expect(relErr(out[k], ref[k]), `column ${k} at ${v} mV`).toBeLessThan(1e-12);
      }
    });
  }

  for (const [dt, celsius] of [[0.025, 6.3], [0.001, 6.3], [0.1, 18.5], [0.01, 37]]) {
    it(`tabulated gate factors equal 1 − exp(−dt/τ) within 1e-6 (dt ${dt} ms, ${celsius} °C)`, () => {
      const factors = hhFactorTable(dt, celsius), table = hhTable(celsius), r = new Float64Array(6);
      let worst = 0;
      for (let v = -99.999; v < 100; v += 0.00731) {
        hhLookup(table, v, r);
        const x = (v + 100) * HH_FACTOR_ROWS_PER_MV, j = Math.floor(x), th = x - j;
        for (let gate = 0; gate < 3; gate++) {
          const exact = 1 - Math.exp(-dt / r[2 * gate + 1]);
          const interpolated = factors[3 * j + gate] + th * (factors[3 * j + 3 + gate] - factors[3 * j + gate]);
          worst = Math.max(worst, Math.abs(interpolated - exact) / exact);
        }
      }
      expect(worst).toBeLessThan(1e-6);
    });
  }

  it('vtrap is continuous through its 0/0 point', () => {
    for (const y of [10, -10]) {
      const at = vtrap(0, y);
      expect(at).toBeCloseTo(y, 12);
      for (const x of [1e-7, -1e-7, 1e-5, -1e-5]) expect(relErr(vtrap(x, y), at)).toBeLessThan(2e-6);
    }
  });

  it('initializes gates at the steady state and keeps them there at rest', () => {
    const v = Float64Array.of(-65);
    const d = {
      count: 1,
      node: Int32Array.of(0),
      param: hh.params.map((p) => Float64Array.of(p.default)),
      state: hh.states.map(() => new Float64Array(1)),
    };
    const env = { dt_ms: 0.025, celsius: 6.3 };
    hh.cpu.init(d, v, env);
    const before = d.state.map((s) => s[0]);
    const out = new Float64Array(6);
    hhLookup(hhTable(6.3), -65, out);
    expect(before).toEqual([out[0], out[2], out[4]]);
    hh.cpu.advance(d, v, env);
    d.state.forEach((s, k) => expect(s[0]).toBeCloseTo(before[k], 14));
    // and moves them towards the new steady state after a jump in v
    v[0] = 0;
    hh.cpu.advance(d, v, env);
    hhLookup(hhTable(6.3), 0, out);
    expect(d.state[0][0]).toBeGreaterThan(before[0]);
    expect(d.state[0][0]).toBeLessThan(out[0]);
  });
});
