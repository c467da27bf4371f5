/** The WebGPU engine (float32, on SwiftShader here) against the f64 CPU engine and Rallpack. */
import { describe, expect, it } from 'vitest';
import { spikeTimes } from '../../src/analysis/spikes.js';
import { CpuEngine } from '../../src/engine/cpu/engine.js';
import { createEngine } from '../../src/engine/index.js';
import type { Traces } from '../../src/engine/types.js';
import { logicalCores } from '../../src/engine/webgpu/device.js';
import {
  POPULATION_MIN_COPIES,
  WebGpuEngine,
  chooseStrategy,
  defaultBlockSize,
  defaultWorkgroupSize,
  fasterOnSoftwareAdapter,
  sharedFit,
  type StrategyChoice,
} from '../../src/engine/webgpu/engine.js';
import { SOLVE_STRATEGIES, stepBarriers } from '../../src/engine/webgpu/kernels.js';
import { solveTree } from '../../src/engine/webgpu/model-data.js';
import { CablesimError } from '../../src/model/errors.js';
import { blockSchedule } from '../../src/engine/webgpu/schedule.js';
import type { Simulation } from '../../src/model/simulation.js';
import { rallpack1, rallpack2 } from '../../src/bench/rallpack.js';
import { rallpackReference, relativeRms } from '../support/simulate.js';
import { column, difference, gpu, hasGpu, simulationFromFile, simulationOfModel } from './gpu.js';

async function runGpu(sim: Simulation, strategy: StrategyChoice): Promise<Traces> {
  const engine = await WebGpuEngine.create(sim, { strategy, gpu: await gpu() });
  try {
    return await engine.run();
  } finally {
    engine.dispose();
  }
}

/** Every column: the same spikes, each within 0.1 ms, and rms under 1 mV. */
function expectSameTraces(ours: Traces, ref: Traces): { rms: number; spikeShift: number } {
  expect(ours.labels).toEqual(ref.labels);
  let worstRms = 0, worstShift = 0;
  ref.labels.forEach((label, k) => {
    const a = ours.columns[k], b = ref.columns[k];
    expect(a.length).toBe(b.length);
    const { rms } = difference(a, b);
    worstRms = Math.max(worstRms, rms);
    const sa = spikeTimes(ref.t_ms, a), sb = spikeTimes(ref.t_ms, b);
    expect(sa.length, `${label}: spike count`).toBe(sb.length);
    sa.forEach((t, i) => (worstShift = Math.max(worstShift, Math.abs(t - sb[i]))));
  });
  expect(worstRms).toBeLessThan(1);
  expect(worstShift).toBeLessThan(0.1);
  return { rms: worstRms, spikeShift: worstShift };
}

describe.skipIf(!hasGpu)('WebGPU engine against the CPU engine', () => {
  for (const strategy of SOLVE_STRATEGIES) {
    it(`HH soma + axon (${strategy}): spikes within 0.1 ms, rms < 1 mV`, async () => {
      // 0.4 nA: a spike train rather than the example's single spike
      const sim = simulationFromFile('examples/hh-axon.json', (m) => ((m.stimuli as Array<Record<string, unknown>>)[0].amp_nA = 0.4));
      const cpu = await new CpuEngine(sim).run();
      const ours = await runGpu(sim, strategy);
      expect(spikeTimes(cpu.t_ms, column(cpu, 'axon_end')).length).toBeGreaterThan(2);
      const d = expectSameTraces(ours, cpu);
      expect(d.rms).toBeLessThan(0.01); // measured ~1e-4 mV
    });

    it(`branched cell with hh and pas (${strategy})`, async () => {
      const sim = simulationFromFile('examples/branched-cell.json');
      const cpu = await new CpuEngine(sim).run();
      const d = expectSameTraces(await runGpu(sim, strategy), cpu);
      expect(d.rms).toBeLessThan(0.05);
    });
  }

  it('population: copy 0 equals the single cell, identical copies stay identical, every strategy', async () => {
    const edit = (count: number) => (m: Record<string, unknown>) => {
      m.population = { count };
      (m.record as Array<Record<string, unknown>>).forEach((r) => (r.copies = 'all'));
    };
    const single = simulationFromFile('tests/reference/models/population3.json', edit(1));
    const many = simulationFromFile('tests/reference/models/population3.json', edit(5));
    const cpu = await new CpuEngine(single).run();
    for (const strategy of SOLVE_STRATEGIES) {
      const one = await runGpu(single, strategy);
      const pop = await runGpu(many, strategy);
      expectSameTraces(one, cpu);
      for (const label of single.records.map((r) => r.label)) {
        expect(Array.from(column(pop, label))).toEqual(Array.from(column(one, label)));
        for (let c = 1; c < 5; c++) expect(Array.from(column(pop, `${label}@${c}`))).toEqual(Array.from(column(one, label)));
      }
    }
  });

  it('createEngine auto prefers the CPU engine over a software adapter, with a notice', async () => {
    const sim = simulationFromFile('examples/hh-axon.json');
    const notices: string[] = [];
    const engine = await createEngine(sim, { onNotice: (l) => notices.push(l) });
    engine.dispose();
    if ((await gpu()).software) {
      expect(engine.backend).toBe('cpu');
      expect(notices).toEqual([expect.stringMatching(/software WebGPU adapter/)]);
    } else {
      expect(engine.backend).toBe('webgpu');
    }
  });

  it('createEngine auto takes a software adapter for a large population on several cores (fasterOnSoftwareAdapter)', async () => {
    const big = simulationFromFile('examples/hh-axon.json', (m) => (m.population = { count: 500 }));
    expect(fasterOnSoftwareAdapter(big, 2)).toBe(true);
    expect(fasterOnSoftwareAdapter(big, 1)).toBe(false);
    expect(fasterOnSoftwareAdapter(simulationFromFile('examples/hh-axon.json', (m) => (m.population = { count: 64 })), 16)).toBe(false);
    expect(fasterOnSoftwareAdapter(simulationFromFile('examples/hh-soma.json', (m) => (m.population = { count: 1000 })), 16)).toBe(false);
    const notices: string[] = [];
    const engine = await createEngine(big, { onNotice: (l) => notices.push(l) });
    engine.dispose();
    if ((await gpu()).software && (await logicalCores()) >= 2) {
      expect(engine.backend).toBe('webgpu');
      expect(notices).toEqual([]);
    }
  });

  it.each(['workgroup', 'shared'] as const)('reset and advance give the steps of run, and a frame of every node (%s)', async (strategy) => {
    const sim = simulationFromFile('examples/hh-axon.json');
    const engine = await createEngine(sim, { backend: 'webgpu', strategy });
    try {
      expect(engine.backend).toBe('webgpu');
      expect(engine.description).toContain(`${strategy} strategy`);
      const full = await engine.run();
      await engine.reset();
      const a = await engine.advance(300);
      const b = await engine.advance(500);
      expect(b.t_ms).toBeCloseTo(800 * sim.dt_ms, 9);
      expect(b.v_mV.length).toBe(sim.tree.n);
      expect(b.records.t_ms[0]).toBeCloseTo(301 * sim.dt_ms, 9);
      const soma = full.labels.indexOf('soma');
      expect(Array.from(a.records.columns[soma])).toEqual(Array.from(full.columns[soma].slice(1, 301)));
      expect(Array.from(b.records.columns[soma])).toEqual(Array.from(full.columns[soma].slice(301, 801)));
      const somaNode = sim.records[0].node;
      expect(b.v_mV[somaNode]).toBeCloseTo(full.columns[soma][800], 4);
    } finally {
      engine.dispose();
    }
  });
});

describe.skipIf(!hasGpu)('a cell in workgroup memory (shared strategy)', () => {
  /** A binary tree of 2^(levels + 1) − 1 sections of `nseg` segments each, hh everywhere. */
  const tree = (levels: number, nseg: number, record: object[] = [], copies = 1) => {
    const sections: object[] = [];
    const grow = (level: number, parent?: string): void => {
      sections.push({ name: `b${sections.length}`, ...(parent ? { parent } : {}), length_um: 100, diam_um: 4 * Math.pow(2, (-2 * level) / 3), nseg });
      const name = `b${sections.length - 1}`;
      if (level < levels) (grow(level + 1, name), grow(level + 1, name));
    };
    grow(0);
    return simulationOfModel({
      morphology: { sections },
      mechanisms: [{ name: 'hh', where: ['all'] }],
      stimuli: [{ type: 'iclamp', at: { section: 'b0', x: 0 }, delay_ms: 0.5, dur_ms: 1, amp_nA: 5 }],
      record: [{ label: 'root', at: { section: 'b0', x: 0 }, var: 'v' }, ...record],
      run: { tstop_ms: 5, dt_ms: 0.025 },
      ...(copies > 1 ? { population: { count: copies } } : {}),
    });
  };

  it('refuses, before any work, a cell whose nodes do not fit the workgroup memory, saying how many fit', async () => {
    const ctx = await gpu();
    const limit = ctx.device.limits.maxComputeWorkgroupStorageSize;
    const sim = tree(9, Math.ceil(limit / 12 / 1023) + 1);
    let err: unknown;
    await WebGpuEngine.create(sim, { strategy: 'shared', gpu: ctx }).then((e) => e.dispose(), (e) => (err = e));
    expect(err).toBeInstanceOf(CablesimError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    // the nodes the GPU solves: the model's less its bare leaves
    expect(solveTree(sim).n).toBeLessThan(sim.tree.n);
    expect(message).toMatch(new RegExp(`too large for the shared strategy: its ${solveTree(sim).n} nodes .* need \\d+ bytes of workgroup memory, the device allows ${limit}; at most about \\d+ nodes fit`));
    const { maxComputeInvocationsPerWorkgroup } = ctx.device.limits;
    const fit = sharedFit(sim, { maxComputeWorkgroupStorageSize: limit, maxComputeInvocationsPerWorkgroup, software: ctx.software });
    expect(fit.fits).toBe(false);
    expect(message).toContain(`at most about ${fit.maxNodes} nodes fit`);
    // the same cell under auto takes the workgroup strategy
    const auto = await WebGpuEngine.create(sim, { gpu: ctx });
    expect(auto.strategy).toBe('workgroup');
    auto.dispose();
  });

  it('auto takes shared for a few copies of a cell that fits (workgroup on a software adapter), population from POPULATION_MIN_COPIES copies', async () => {
    const one = simulationFromFile('examples/hh-axon.json');
    const many = simulationFromFile('examples/hh-axon.json', (m) => (m.population = { count: POPULATION_MIN_COPIES }));
    expect(chooseStrategy(one.copies, true)).toBe('shared');
    expect(chooseStrategy(one.copies, false)).toBe('workgroup');
    expect(chooseStrategy(many.copies, true)).toBe('population');
    // a software adapter keeps the workgroup strategy (see chooseStrategy)
    expect(chooseStrategy(one.copies, true, true)).toBe('workgroup');
    expect(chooseStrategy(many.copies, true, true)).toBe('population');
    const ctx = await gpu();
    const engine = await WebGpuEngine.create(one, { gpu: ctx });
    expect(engine.strategy).toBe(ctx.software ? 'workgroup' : 'shared');
    engine.dispose();
  });

  it('records a gate (a mechanism state, read from the storage buffer) as the workgroup strategy does, every copy', async () => {
    const sim = tree(5, 2, [{ label: 'm', at: { section: 'b5', x: 0.5 }, var: 'm_hh', copies: 'all' }], 3);
    const shared = await runGpu(sim, 'shared');
    const workgroup = await runGpu(sim, 'workgroup');
    expect(Math.max(...Array.from(column(shared, 'm')))).toBeGreaterThan(0.5); // a spike went by
    // the same block schedule and arithmetic: the same numbers to the bit
    for (const label of shared.labels) expect(Array.from(column(shared, label)), label).toEqual(Array.from(column(workgroup, label)));
    for (const label of ['m@1', 'm@2']) expect(Array.from(column(shared, label))).toEqual(Array.from(column(shared, 'm')));
    expectSameTraces(shared, await new CpuEngine(sim).run());
  });
});

describe.skipIf(!hasGpu)('one large cell (workgroup strategy)', () => {
  it('a 10,000-compartment HH tree: spikes within 0.1 ms and rms < 1 mV of the CPU engine, solved in parallel blocks', async () => {
    // a binary tree of 1023 sections × 10 segments, hh everywhere, 6 ms of a spike spreading
    const sections: object[] = [];
    const grow = (level: number, parent?: string): string => {
      const name = `b${sections.length}`;
      sections.push({ name, ...(parent ? { parent } : {}), length_um: 200 * Math.pow(2, -level / 3), diam_um: 8 * Math.pow(2, (-2 * level) / 3), nseg: 10 });
      let tip = name;
      if (level < 9) (grow(level + 1, name), (tip = grow(level + 1, name)));
      return tip;
    };
    const tip = grow(0);
    const sim = simulationOfModel({
      morphology: { sections },
      mechanisms: [{ name: 'hh', where: ['all'] }],
      stimuli: [{ type: 'iclamp', at: { section: 'b0', x: 0 }, delay_ms: 0.5, dur_ms: 1, amp_nA: 20 }],
      record: [
        { label: 'root', at: { section: 'b0', x: 0 }, var: 'v' },
        { label: 'tip', at: { section: tip, x: 1 }, var: 'v' },
      ],
      run: { tstop_ms: 6, dt_ms: 0.025 },
    });
    expect(sim.compartments).toBeGreaterThan(10000);
    // the schedule of a GPU with 256 threads per workgroup (on a CPU adapter the engine would
    // choose blocks for its 4 SIMD lanes instead, see defaultBlockSize), run here as it is
    const n = sim.tree.n;
    const workgroupSize = defaultWorkgroupSize('workgroup', 1, n, 256, false);
    const blockSize = defaultBlockSize(sim.tree.parent, workgroupSize, false);
    const engine = await WebGpuEngine.create(sim, { strategy: 'workgroup', gpu: await gpu(), workgroupSize, blockSize });
    const ours = await engine.run().finally(() => engine.dispose());
    // not node by node in one thread: the longest chain of sequential work is a small part of the tree
    const s = blockSchedule(sim.tree.parent, blockSize);
    let critical = 0;
    for (let l = 0; l < s.depth; l++) {
      let m = 0;
      for (let b = s.levelStart[l]; b < s.levelStart[l + 1]; b++) m = Math.max(m, s.blocks[4 * b + 1]);
      critical += m;
    }
    expect(critical).toBeLessThan(n / 20);
    const cpu = await new CpuEngine(sim).run();
    expect(spikeTimes(cpu.t_ms, column(cpu, 'tip')).length).toBeGreaterThan(0);
    expectSameTraces(ours, cpu);
  });

  it('needs barriers between its phases unless the workgroup is one group of invocations in lockstep', () => {
    expect(stepBarriers('workgroup', 4, 4)).toBe(false);
    expect(stepBarriers('workgroup', 2, 4)).toBe(false);
    expect(stepBarriers('workgroup', 8, 4)).toBe(true);
    expect(stepBarriers('workgroup', 4, 0)).toBe(true);
    // the shared strategy's phases go through workgroup memory, and keep their barriers
    expect(stepBarriers('shared', 4, 4)).toBe(true);
  });

  it('on SwiftShader (4 lanes in lockstep) leaves the barriers out, and records what the kernel with barriers records, bit for bit', async (ctx) => {
    const g = await gpu();
    if (!/swiftshader/i.test(g.adapter.info.architecture)) return ctx.skip();
    expect(g.lockstepWidth).toBe(4);
    // a branched HH cell (a binary tree of 63 sections × 7 segments) firing
    const sections: object[] = [];
    const grow = (level: number, parent?: string): void => {
      const name = `b${sections.length}`;
      sections.push({ name, ...(parent ? { parent } : {}), length_um: 150 * Math.pow(2, -level / 3), diam_um: 6 * Math.pow(2, (-2 * level) / 3), nseg: 7 });
      if (level < 5) (grow(level + 1, name), grow(level + 1, name));
    };
    grow(0);
    const model = () =>
      simulationOfModel({
        morphology: { sections },
        mechanisms: [{ name: 'hh', where: ['all'] }],
        stimuli: [{ type: 'iclamp', at: { section: 'b0', x: 0 }, delay_ms: 1, dur_ms: 8, amp_nA: 10 }],
        record: [
          { label: 'root', at: { section: 'b0', x: 0 }, var: 'v' },
          { label: 'tip', at: { section: `b${sections.length - 1}`, x: 1 }, var: 'v' },
          { label: 'h', at: { section: 'b5', x: 0.5 }, var: 'h_hh' },
        ],
        run: { tstop_ms: 10, dt_ms: 0.025 },
      });
    const run = async (lockstepWidth: number) => {
      const engine = await WebGpuEngine.create(model(), { strategy: 'workgroup', gpu: { ...g, lockstepWidth }, workgroupSize: 4 });
      return engine.run().finally(() => engine.dispose());
    };
    const without = await run(4), withBarriers = await run(0);
    expect(spikeTimes(without.t_ms, column(without, 'tip')).length).toBeGreaterThan(0);
    for (const label of ['root', 'tip', 'h']) expect(Array.from(column(without, label)), label).toEqual(Array.from(column(withBarriers, label)));
  });
});

describe.skipIf(!hasGpu)('Rallpacks on the WebGPU engine (float32)', () => {
  const PASS = 1e-3;
  it('Rallpack 1: within 0.1% of the analytic cable at both ends', async () => {
    const sim = simulationOfModel(rallpack1(100, 0.025));
    const tr = await runGpu(sim, 'auto');
    const e0 = relativeRms(tr.t_ms, column(tr, 'x0'), rallpackReference('ref_cable.0'));
    const e1 = relativeRms(tr.t_ms, column(tr, 'x1'), rallpackReference('ref_cable.x'));
    expect(e0).toBeLessThan(PASS);
    expect(e1).toBeLessThan(PASS);
  });

  it('Rallpack 2: within 0.1% of the analytic tree at the root and a tip', async () => {
    const sim = simulationOfModel(rallpack2(3, 0.05));
    const tr = await runGpu(sim, 'workgroup');
    expect(relativeRms(tr.t_ms, column(tr, 'x0'), rallpackReference('ref_branch.0'))).toBeLessThan(PASS);
    expect(relativeRms(tr.t_ms, column(tr, 'x1'), rallpackReference('ref_branch.x'))).toBeLessThan(PASS);
  });

  it('Rallpack 2, one segment per cylinder, in workgroup memory (shared strategy, where the device has room for it)', async (ctx) => {
    const sim = simulationOfModel(rallpack2(1, 0.05));
    const { device, software } = await gpu();
    const { maxComputeWorkgroupStorageSize, maxComputeInvocationsPerWorkgroup } = device.limits;
    if (!sharedFit(sim, { maxComputeWorkgroupStorageSize, maxComputeInvocationsPerWorkgroup, software }).fits) ctx.skip();
    const tr = await runGpu(sim, 'shared');
    expect(relativeRms(tr.t_ms, column(tr, 'x0'), rallpackReference('ref_branch.0'))).toBeLessThan(PASS);
    expect(relativeRms(tr.t_ms, column(tr, 'x1'), rallpackReference('ref_branch.x'))).toBeLessThan(PASS);
  });
});
