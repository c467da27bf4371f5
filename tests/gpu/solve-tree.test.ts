/**
 * The GPU's own numbering of the tree (src/engine/webgpu/model-data.ts): bare leaves left out
 * of the solve and read as their parents, and the `mech-first` order of the block strategies.
 */
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/engine/cpu/engine.js';
import { WebGpuEngine } from '../../src/engine/webgpu/engine.js';
import { NODE_LAYOUT } from '../../src/engine/webgpu/layout.js';
import { NO_INSTANCE, packModel, solveTree } from '../../src/engine/webgpu/model-data.js';
import { column, gpu, hasGpu, simulationOfModel } from './gpu.js';

/**
 * A soma with three dendrites: `a` stimulated at its 1 end, `b` and `c` bare at theirs (`c`
 * passive only, so that not every node has hh); the soma's 0 end is the root.
 */
function cell(extra: { record?: object[]; mechanisms?: object[] } = {}) {
  return simulationOfModel({
    morphology: {
      sections: [
        { name: 'soma', length_um: 20, diam_um: 20, nseg: 1 },
        { name: 'a', parent: 'soma', length_um: 300, diam_um: 2, nseg: 15 },
        { name: 'b', parent: 'soma', length_um: 200, diam_um: 1.5, nseg: 9 },
        { name: 'c', parent: 'b', length_um: 150, diam_um: 1, nseg: 6 },
      ],
    },
    mechanisms: extra.mechanisms ?? [
      { name: 'hh', where: ['soma', 'a', 'b'] },
      { name: 'pas', where: ['c'], params: { e: -65, g: 0.001 } },
    ],
    stimuli: [{ type: 'iclamp', at: { section: 'a', x: 1 }, delay_ms: 1, dur_ms: 2, amp_nA: 0.5 }],
    record: extra.record ?? [
      { label: 'a1', at: { section: 'a', x: 1 }, var: 'v' },
      { label: 'c1', at: { section: 'c', x: 1 }, var: 'v' },
      { label: 'c_last', at: { section: 'c', x: 0.95 }, var: 'v' },
      { label: 'soma', at: { section: 'soma', x: 0.5 }, var: 'v' },
      { label: 'n_b', at: { section: 'b', x: 0.5 }, var: 'n_hh' },
    ],
    run: { tstop_ms: 6, dt_ms: 0.025 },
  });
}

describe('the solve tree', () => {
  it('leaves out exactly the leaves without area, mechanism or stimulus, and reads them as their parents', () => {
    const sim = cell();
    const { tree } = sim;
    const st = solveTree(sim);
    const endOf = (name: string) => tree.sections.find((s) => s.name === name)!.endNode;
    // a's end is stimulated, b's end has a child section; c's is the one bare leaf
    expect(st.n).toBe(tree.n - 1);
    expect(st.solveOf[endOf('c')]).toBe(st.solveOf[tree.parent[endOf('c')]]);
    expect(st.modelNode[st.solveOf[endOf('a')]]).toBe(endOf('a'));
    expect(st.modelNode[st.solveOf[endOf('b')]]).toBe(endOf('b'));
    for (let i = 0; i < st.n; i++) {
      const m = st.modelNode[i];
      expect(st.solveOf[m]).toBe(i);
      // parents first, and the parent is the model parent's solve node
      expect(st.parent[i]).toBeLessThan(i);
      expect(st.parent[i]).toBe(tree.parent[m] < 0 ? -1 : st.solveOf[tree.parent[m]]);
    }
  });

  it('keeps a bare leaf with a stimulus (its v is not its parent’s while the current flows)', () => {
    const sim = cell();
    const end = sim.tree.sections.find((s) => s.name === 'a')!.endNode;
    expect(sim.tree.area_um2[end]).toBe(0);
    expect(solveTree(sim).modelNode).toContain(end);
  });

  it('numbers the nodes with a mechanism first in mech-first order; a mechanism at every such node is instance i at node i', () => {
    // hh everywhere there is membrane: "everywhere" among the nodes with a mechanism
    const sim = cell({ mechanisms: [{ name: 'hh', where: ['all'] }] });
    const st = solveTree(sim);
    const data = packModel(sim, st, 'mech-first');
    const hh = data.mechanisms[0];
    expect(hh.everywhere).toBe(true);
    expect(data.mechNodeCount).toBe(sim.compartments);
    for (let k = 0; k < hh.count; k++) {
      expect(data.mechNode[hh.nodeBase + k]).toBe(k);
      expect(data.mechNode[hh.instBase + k]).toBe(k);
    }
    for (let g = hh.count; g < data.nodes; g++) expect(data.mechNode[hh.instBase + g]).toBe(NO_INSTANCE);
    // the same model node sits where gpuOfModel says, in either order
    const tree = packModel(sim, st, 'tree');
    const { size, fields } = NODE_LAYOUT;
    const area = (d: typeof data, g: number) => new Float32Array(d.nodeStructs)[(g * size + fields.area_factor.offset) / 4];
    for (let i = 0; i < sim.tree.n; i++) expect(area(data, data.gpuOfModel[i])).toBe(area(tree, tree.gpuOfModel[i]));
  });

  it('moves parameters, states and probes with their instances', () => {
    const sim = cell();
    const data = packModel(sim, solveTree(sim), 'mech-first');
    const pas = data.mechanisms[1];
    expect(pas.def.name).toBe('pas');
    // pas (on c only) is not at every node with a mechanism: looked up, and its nodes ascend
    expect(pas.everywhere).toBe(false);
    for (let k = 1; k < pas.count; k++) expect(data.mechNode[pas.nodeBase + k]).toBeGreaterThan(data.mechNode[pas.nodeBase + k - 1]);
    for (let k = 0; k < pas.count; k++) expect(data.mechNode[pas.instBase + data.mechNode[pas.nodeBase + k]]).toBe(k);
    // the n_hh probe reads the state word of the instance at b(0.5)'s GPU node
    const hh = data.mechanisms[0];
    const rec = sim.records.find((r) => r.label === 'n_b')!;
    const probe = data.probes[sim.records.indexOf(rec)];
    const k = (probe.offset - hh.stateBase) / data.cells - 2 * hh.count;
    expect(data.mechNode[hh.nodeBase + k]).toBe(data.gpuOfModel[rec.node]);
  });
});

describe.skipIf(!hasGpu)('a left-out leaf on the GPU', () => {
  it.each(['workgroup', 'shared', 'population'] as const)('records as the CPU engine, and as its parent, on the %s strategy', async (strategy) => {
    const sim = cell();
    const cpu = await new CpuEngine(cell()).run();
    const engine = await WebGpuEngine.create(sim, { strategy, gpu: await gpu() });
    const ours = await engine.run();
    engine.dispose();
    for (const label of ['a1', 'c1', 'soma', 'n_b']) {
      const a = column(ours, label), b = column(cpu, label);
      let worst = 0;
      for (let q = 0; q < a.length; q++) worst = Math.max(worst, Math.abs(a[q] - b[q]));
      expect(worst, label).toBeLessThan(label === 'n_b' ? 1e-4 : 5e-3);
    }
    // c(1) is read from the node before it, whose segment is c(0.95)
    expect(Array.from(column(ours, 'c1'))).toEqual(Array.from(column(ours, 'c_last')));
    // the spike at a's stimulated end reached the soma
    expect(Math.max(...Array.from(column(ours, 'soma')))).toBeGreaterThan(0);
  });

  it('gives every model node a voltage in a frame, a left-out leaf its parent’s', async () => {
    const sim = cell();
    const engine = await WebGpuEngine.create(sim, { strategy: 'workgroup', gpu: await gpu() });
    await engine.reset();
    const frame = await engine.advance(120);
    engine.dispose();
    expect(frame.v_mV.length).toBe(sim.tree.n);
    const end = sim.tree.sections.find((s) => s.name === 'c')!.endNode;
    expect(frame.v_mV[end]).toBe(frame.v_mV[sim.tree.parent[end]]);
    const cpu = new CpuEngine(cell());
    await cpu.reset();
    const ref = await cpu.advance(120);
    for (let i = 0; i < sim.tree.n; i++) expect(Math.abs(frame.v_mV[i] - ref.v_mV[i])).toBeLessThan(5e-3);
  });
});
