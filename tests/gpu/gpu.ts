/**
 * GPU test helpers: one device per test file (SwiftShader on a machine with no GPU), small
 * compute shaders, and engine comparisons. When no adapter exists the GPU tests are skipped.
 */
import { readFileSync } from 'node:fs';
import { acquireGpu, findAdapter, type GpuContext } from '../../src/engine/webgpu/device.js';
import { buildSimulation } from '../../src/model/load.js';
import type { Simulation } from '../../src/model/simulation.js';
import { parseModel } from '../../src/model/validate.js';

/** Whether a WebGPU adapter exists (GPU tests skip when not). */
export const hasGpu = (await findAdapter()) !== null;

let shared: Promise<GpuContext> | undefined;
/** The device of this test file. */
export function gpu(): Promise<GpuContext> {
  shared ??= acquireGpu();
  return shared;
}

/** A simulation from a model file of the repository (path from the repo root). */
export function simulationFromFile(path: string, edit?: (model: Record<string, unknown>) => void): Simulation {
  const json = JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;
  edit?.(json);
  return buildSimulation(parseModel(JSON.stringify(json), path));
}

/** A simulation from a model object (as a file would hold it, `format` added). */
export { simulationOf as simulationOfModel, column } from '../support/simulate.js';

/** Run `code` (entry `main`, one thread per output index) with `inputs` as read-only storage
 *  bindings 1…, and return `outputWords` f32 from binding 0. */
export async function runCompute(code: string, inputs: Array<ArrayBufferView | ArrayBuffer>, outputWords: number, threads: number): Promise<Float32Array> {
  const { device } = await gpu();
  const module = device.createShaderModule({ label: 'test shader', code });
  const info = await module.getCompilationInfo();
  const errs = info.messages.filter((m) => m.type === 'error');
  if (errs.length) throw new Error(errs.map((e) => `${e.lineNum}: ${e.message}`).join('\n'));
  const out = device.createBuffer({ label: 'test out', size: outputWords * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const read = device.createBuffer({ label: 'test read', size: outputWords * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const ins = inputs.map((data, i) => {
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const b = device.createBuffer({ label: `test in ${i}`, size: Math.max(16, Math.ceil(bytes.byteLength / 4) * 4), usage: GPUBufferUsage.STORAGE, mappedAtCreation: true });
    new Uint8Array(b.getMappedRange()).set(bytes);
    b.unmap();
    return b;
  });
  const pipeline = await device.createComputePipelineAsync({ label: 'test pipeline', layout: 'auto', compute: { module, entryPoint: 'main' } });
  const bg = device.createBindGroup({
    label: 'test bind group',
    layout: pipeline.getBindGroupLayout(0),
    entries: [out, ...ins].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const enc = device.createCommandEncoder({ label: 'test' });
  const pass = enc.beginComputePass({ label: 'test' });
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bg);
  pass.dispatchWorkgroups(Math.ceil(threads / 64));
  pass.end();
  enc.copyBufferToBuffer(out, 0, read, 0, outputWords * 4);
  device.queue.submit([enc.finish()]);
  await read.mapAsync(GPUMapMode.READ);
  const result = new Float32Array(read.getMappedRange()).slice();
  read.unmap();
  for (const b of [out, read, ...ins]) b.destroy();
  return result;
}

/** rms and max |a − b| over two columns of the same length. */
export function difference(a: ArrayLike<number>, b: ArrayLike<number>): { rms: number; max: number } {
  let s = 0, max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    s += d * d;
    max = Math.max(max, Math.abs(d));
  }
  return { rms: Math.sqrt(s / a.length), max };
}
