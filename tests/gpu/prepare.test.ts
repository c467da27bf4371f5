/**
 * Compiling the WebGPU kernel from the model file alone (`WebGpuEngine.prepare`), before the
 * morphology is loaded: the guess (`speculativeInputs`) against what packing the loaded model
 * gives (`kernelInputsOf`), and the engine's traces with and without it.
 */
import { describe, expect, it } from 'vitest';
import { WebGpuEngine, defaultWorkgroupSize } from '../../src/engine/webgpu/engine.js';
import { kernelInputsOf, kernelSpec, speculativeInputs, type SolveStrategy } from '../../src/engine/webgpu/kernels.js';
import { packModel, solveTree } from '../../src/engine/webgpu/model-data.js';
import { buildSimulation, loadSimulation } from '../../src/model/load.js';
import { parseModel } from '../../src/model/validate.js';
import type { Model } from '../../src/model/types.js';
import { column, hasGpu } from './gpu.js';

const cell = (mechanisms: object[], copies = 1): Model =>
  parseModel(
    JSON.stringify({
      format: 'cablesim-model/1',
      morphology: {
        sections: [
          { name: 'soma', length_um: 20, diam_um: 20, nseg: 1 },
          { name: 'dend', parent: 'soma', length_um: 200, diam_um: 2, nseg: 11 },
          { name: 'axon', parent: 'soma', parentEnd: 0, length_um: 300, diam_um: 1, nseg: 15 },
        ],
      },
      mechanisms,
      stimuli: [{ type: 'iclamp', at: { section: 'soma', x: 0.5 }, delay_ms: 1, dur_ms: 2, amp_nA: 1 }],
      record: [
        { label: 'soma', at: { section: 'soma', x: 0.5 }, var: 'v', copies: 'all' },
        { label: 'm', at: { section: 'axon', x: 0.5 }, var: 'm_hh' },
      ],
      run: { tstop_ms: 5, dt_ms: 0.025 },
      population: { count: copies },
    }),
    'prepare-test.json',
  );

/** The kernel key of the loaded model, as the engine makes it. */
async function packedKey(model: Model, strategy: SolveStrategy): Promise<string> {
  const sim = buildSimulation(model);
  const data = packModel(sim, solveTree(sim), 'mech-first');
  return (await kernelSpec(kernelInputsOf(data), strategy, { workgroupSize: defaultWorkgroupSize(strategy, sim.copies, data.nodes, 256, true), lockstepWidth: 4 })).key;
}

async function guessedKey(model: Model, strategy: SolveStrategy): Promise<string> {
  const inputs = speculativeInputs(model);
  expect(inputs).toBeDefined();
  return (await kernelSpec(inputs!, strategy, { workgroupSize: defaultWorkgroupSize(strategy, model.population.count, 0, 256, true), lockstepWidth: 4 })).key;
}

describe('the kernel guessed from the model file', () => {
  it('is the loaded model’s for hh everywhere with one value per parameter, one cell and a few copies', async () => {
    const hhAll = [{ name: 'hh', where: ['all'] }, { name: 'pas', where: ['dend'], params: { g: 0.0002, e: -70 } }];
    expect(await guessedKey(cell(hhAll), 'workgroup')).toBe(await packedKey(cell(hhAll), 'workgroup'));
    expect(await guessedKey(cell(hhAll, 5), 'workgroup')).toBe(await packedKey(cell(hhAll, 5), 'workgroup'));
  });

  it('has its barriers compiled out exactly where the workgroup is one group in lockstep, the guess as the loaded model', async () => {
    const model = cell([{ name: 'hh', where: ['all'] }]);
    const inputs = speculativeInputs(model)!;
    const barriers = async (workgroupSize: number, lockstepWidth: number) =>
      (await kernelSpec(inputs, 'workgroup', { workgroupSize, lockstepWidth })).constants.STEP_BARRIERS;
    expect(await barriers(4, 4)).toBe(0);
    expect(await barriers(4, 0)).toBe(1);
    expect(await barriers(64, 4)).toBe(1);
    expect((await kernelSpec(inputs, 'shared', { workgroupSize: 4, lockstepWidth: 4, shared: { nodes: 10, slots: 12, stateProbes: false } })).constants.STEP_BARRIERS).toBeUndefined();
  });

  it('is another where the file alone cannot tell: then the engine compiles the loaded model’s', async () => {
    // hh in every section, but not as "all": the packed model finds it at every node with a
    // mechanism (no lookup); the file alone does not
    const everySection = [{ name: 'hh', where: ['soma', 'dend', 'axon'] }];
    expect(await guessedKey(cell(everySection), 'workgroup')).not.toBe(await packedKey(cell(everySection), 'workgroup'));
    // gnabar given twice, the same value: one constant both ways; two values: none either way
    const same = [{ name: 'hh', where: ['soma'], params: { gnabar: 0.2 } }, { name: 'hh', where: ['all'], params: { gnabar: 0.2 } }];
    expect(await guessedKey(cell(same), 'workgroup')).toBe(await packedKey(cell(same), 'workgroup'));
    const two = [{ name: 'hh', where: ['all'] }, { name: 'hh', where: ['soma'], params: { gnabar: 0.2 } }];
    expect(await guessedKey(cell(two), 'workgroup')).toBe(await packedKey(cell(two), 'workgroup'));
  });
});

describe.skipIf(!hasGpu)('an engine made with a kernel compiled ahead', () => {
  it.each([
    ['a guess that holds', [{ name: 'hh', where: ['all'] }]],
    ['a guess that does not', [{ name: 'hh', where: ['soma', 'dend', 'axon'] }]],
  ])('gives the traces of one made without it (%s)', async (_, mechanisms) => {
    const model = cell(mechanisms);
    const plain = await WebGpuEngine.create(buildSimulation(model));
    const a = await plain.run();
    plain.dispose();
    const prepared = WebGpuEngine.prepare(model);
    await prepared.kernel;
    const ahead = await WebGpuEngine.create(buildSimulation(model), { prepared });
    const b = await ahead.run();
    ahead.dispose();
    for (const label of a.labels) expect(Array.from(column(b, label)), label).toEqual(Array.from(column(a, label)));
    expect(Math.max(...Array.from(column(a, 'soma')))).toBeGreaterThan(0);
  });

  it('is nothing for a population, whose kernel compiles the cell’s shape in', async () => {
    const prepared = WebGpuEngine.prepare(cell([{ name: 'hh', where: ['all'] }], 40));
    expect(await prepared.kernel).toBeUndefined();
    (await prepared.gpu).device.destroy();
  });

  it('is what `loadSimulation` starts before the morphology, as the CLI does', async () => {
    let prepared: ReturnType<typeof WebGpuEngine.prepare> | undefined;
    const order: string[] = [];
    const sim = await loadSimulation('benchmarks/models/purkinje-hh-5um.json', {
      beforeMorphology: async (model) => {
        prepared = WebGpuEngine.prepare(model);
        order.push((await prepared.kernel) ? 'compiling' : 'nothing ahead');
      },
    });
    order.push('loaded');
    expect(order).toEqual([(await prepared!.gpu).software ? 'compiling' : 'nothing ahead', 'loaded']);
    sim.tstop_ms = 1;
    sim.nsteps = 40;
    const engine = await WebGpuEngine.create(sim, { prepared });
    const tr = await engine.run();
    engine.dispose();
    expect(tr.t_ms.length).toBe(41);
  });
});
