/**
 * The WebGPU engine (float32; SwiftShader where there is no GPU) against NEURON 8.2 and the
 * CPU engine on every reference model, with each solve strategy (`shared` where the cell fits
 * the device's workgroup memory): every spike within 0.1 ms and rms under 1 mV of both.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../src/engine/cpu/engine.js';
import { WebGpuEngine, sharedFit } from '../src/engine/webgpu/engine.js';
import type { SolveStrategy } from '../src/engine/webgpu/kernels.js';
import { readTracesCsv } from '../src/io/csv.js';
import { loadSimulation } from '../src/model/load.js';
import { compareTraces } from './support/compare.js';
import { gpu, hasGpu } from './gpu/gpu.js';

const dir = fileURLToPath(new URL('./reference/', import.meta.url));
const pick = (l: GPUSupportedLimits) => ({ maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize, maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup });
const models = readdirSync(`${dir}models`).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
const STRATEGIES: SolveStrategy[] = ['population', 'workgroup', 'shared'];

describe.skipIf(!hasGpu && !process.env.CI)('WebGPU engine against NEURON 8.2 and the CPU engine', () => {
  it('has an adapter to test on (CI installs SwiftShader)', () => expect(hasGpu).toBe(true));

  for (const name of models) {
    it(`${name}: spikes within 0.1 ms and rms under 1 mV, ${STRATEGIES.join(', ')}`, async () => {
      const sim = await loadSimulation(`${dir}models/${name}.json`);
      const neuron = readTracesCsv(readFileSync(`${dir}neuron/${name}.csv`, 'utf8'));
      const cpu = await new CpuEngine(sim).run();
      const { device, software } = await gpu();
      const fits = sharedFit(sim, { ...pick(device.limits), software }).fits;
      for (const strategy of STRATEGIES.filter((s) => s !== 'shared' || fits)) {
        const engine = await WebGpuEngine.create(sim, { strategy, gpu: await gpu() });
        const ours = await engine.run().finally(() => engine.dispose());
        for (const [ref, what] of [[neuron, 'NEURON'], [cpu, 'CPU engine']] as const) {
          for (const c of compareTraces(ours, ref)) {
            const at = `${strategy} vs ${what}, ${c.label}`;
            expect(c.spikesOurs, `${at}: spike count`).toBe(c.spikesRef);
            expect(c.maxSpikeShift_ms, `${at}: spike shift`).toBeLessThan(0.1);
            expect(c.rms_mV, `${at}: rms`).toBeLessThan(1);
          }
        }
      }
    });
  }
});
