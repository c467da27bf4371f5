/** A model larger than the device allows is refused before any GPU work, saying what fits. */
import { describe, expect, it } from 'vitest';
import { checkModelFits } from '../../src/engine/webgpu/model-data.js';
import { CablesimError } from '../../src/model/errors.js';
import { simulationFromFile } from './gpu.js';

const MiB = 1024 * 1024;
const limits = (bytes: number) => ({ maxStorageBufferBindingSize: bytes, maxBufferSize: bytes, maxComputeWorkgroupsPerDimension: 65535 });

describe('WebGPU size limits', () => {
  it('accepts a model that fits and names how many copies fit when it does not', () => {
    const sim = simulationFromFile('examples/hh-population.json'); // 64 copies of 105 nodes
    expect(() => checkModelFits(sim, limits(128 * MiB), 64)).not.toThrow();
    const perCopy = 4 * (sim.tree.n + 3 * sim.tree.n); // v and three hh states per node, at most
    let err: unknown;
    try {
      checkModelFits(sim, limits(10 * perCopy), 64);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CablesimError);
    expect((err as Error).message).toMatch(/too large for this GPU: 64 copies of a \d+-compartment cell; at most \d+ copies fit/);
  });

  it('names about how many compartments fit when not even one copy does', () => {
    const sim = simulationFromFile('examples/hh-axon.json');
    expect(() => checkModelFits(sim, limits(1024), 64)).toThrow(/one copy of a \d+-compartment cell needs .* about \d+ compartments fit/);
  });
});
