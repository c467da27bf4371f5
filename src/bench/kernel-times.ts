/**
 * GPU time per kernel, from WebGPU timestamp queries, where the adapter has `timestamp-query`.
 *
 * The engine's own passes carry no timestamps, and the device it makes for itself lacks the
 * feature. So the benchmark makes a device that has it (`timestampGpu`), builds the measured
 * `WebGpuEngine` on it (the engine picks its own strategy, workgroup size and steps per
 * dispatch), and after the measured runs times its kernel, `step_cells`, in three compute
 * passes of their own (`timeEngineKernels`), each a dispatch of K steps (K the engine's steps
 * per dispatch, at most a tenth of the run, so that timing costs at most ~30 % of a long run),
 * repeated in the pass until it has MIN_TIMED_STEPS steps. The initial state is written by the
 * host: there is no other kernel. Reading the engine's kernels is the one place that looks
 * inside the engine (its private `kernels` and `stepsPerDispatch`): if they are gone, the
 * result says n/a. Browser-safe (WebGPU only).
 */
import type { Simulation } from '../model/simulation.js';
import { acquireGpu, findAdapter, type GpuContext } from '../engine/webgpu/device.js';
import { WebGpuEngine } from '../engine/webgpu/engine.js';
import { PARAM_SLOT_BYTES, type SimulationKernels } from '../engine/webgpu/kernels.js';
import { STEP_PARAMS_LAYOUT, packStructs } from '../engine/webgpu/layout.js';
import type { KernelTime } from './report.js';
import { median } from './stats.js';

const STEP_DISPATCHES = 3;
/**
 * Steps each timed pass takes at least: a pass of a tiny run's few steps (K is at most the
 * record buffer's rows) can be shorter than the timestamps resolve, so such a pass repeats its
 * dispatch until it has this many steps.
 */
const MIN_TIMED_STEPS = 64;

/** What this file reads of a `WebGpuEngine` beyond its public interface. */
interface EngineInsides {
  kernels?: SimulationKernels;
  stepsPerDispatch?: number;
  strategy?: string;
}

export interface KernelTiming {
  kernels: KernelTime[] | null;
  /** How they were measured, or why not ("n/a: …"). */
  note: string;
}

/** Whether the adapter WebGPU would use offers `timestamp-query` (false when there is none). */
export async function hasTimestampQuery(): Promise<boolean> {
  const found = await findAdapter();
  return !!found && found.adapter.features.has('timestamp-query');
}

/**
 * A GPU context whose device has `timestamp-query`, for `WebGpuEngine.create(sim, { gpu })`;
 * or why there is none (`note`). The caller destroys the device.
 */
export async function timestampGpu(): Promise<{ gpu: GpuContext | null; note: string }> {
  const found = await findAdapter();
  if (!found) return { gpu: null, note: 'n/a: no WebGPU adapter' };
  if (!found.adapter.features.has('timestamp-query')) return { gpu: null, note: 'n/a: the adapter has no timestamp-query feature' };
  try {
    return { gpu: await acquireGpu({ requiredFeatures: ['timestamp-query'] }), note: '' };
  } catch (e) {
    return { gpu: null, note: `n/a: no device with timestamp-query (${(e as Error).message})` };
  }
}

/**
 * Time the kernels of an engine made on a `timestampGpu()` device (after its measured runs:
 * this leaves its state anywhere). Never throws: a failure is the note.
 */
export async function timeEngineKernels(engine: WebGpuEngine, device: GPUDevice): Promise<KernelTiming> {
  try {
    return await timeKernels(device, engine, engine.simulation);
  } catch (e) {
    return { kernels: null, note: `n/a: timing failed (${(e as Error).message.split('\n')[0]})` };
  }
}

async function timeKernels(device: GPUDevice, engine: WebGpuEngine, sim: Simulation): Promise<KernelTiming> {
  const inside = engine as unknown as EngineInsides;
  const kernels = inside.kernels;
  if (!kernels || typeof kernels.encodeSteps !== 'function' || typeof inside.stepsPerDispatch !== 'number') {
    return { kernels: null, note: 'n/a: this WebGPU engine does not show its kernels' };
  }
  const k = Math.max(1, Math.min(inside.stepsPerDispatch, Math.ceil(sim.nsteps / 10)));
  const repeat = Math.ceil(MIN_TIMED_STEPS / k);
  device.pushErrorScope('validation');
  const passes = STEP_DISPATCHES;
  const querySet = device.createQuerySet({ label: 'cablesim bench: timestamps', type: 'timestamp', count: 2 * passes });
  const resolve = device.createBuffer({ label: 'cablesim bench: timestamps', size: 16 * passes, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const read = device.createBuffer({ label: 'cablesim bench: timestamp readback', size: 16 * passes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    for (let p = 0; p < passes; p++) {
      const slot = new Uint8Array(PARAM_SLOT_BYTES);
      slot.set(new Uint8Array(packStructs(STEP_PARAMS_LAYOUT, [{ step0: p * k, steps: k, row0: 0, pad: 0 }])));
      device.queue.writeBuffer(kernels.params, 0, slot);
      const enc = device.createCommandEncoder({ label: `cablesim bench: timed pass ${p}` });
      const pass = enc.beginComputePass({
        label: 'cablesim bench: timed step_cells',
        timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * p, endOfPassWriteIndex: 2 * p + 1 },
      });
      for (let r = 0; r < repeat; r++) kernels.encodeSteps(pass, 0);
      pass.end();
      if (p === passes - 1) {
        enc.resolveQuerySet(querySet, 0, 2 * passes, resolve, 0);
        enc.copyBufferToBuffer(resolve, 0, read, 0, 16 * passes);
      }
      device.queue.submit([enc.finish()]);
    }
    await read.mapAsync(GPUMapMode.READ);
    const t = new BigUint64Array(read.getMappedRange().slice(0));
    read.unmap();
    const err = await device.popErrorScope();
    if (err) throw new Error(err.message);
    const ms = (p: number): number => Number(t[2 * p + 1] - t[2 * p]) / 1e6;
    const stepMs = median(Array.from({ length: STEP_DISPATCHES }, (_, i) => ms(i) / repeat));
    return {
      kernels: [{ kernel: 'step_cells', dispatches: STEP_DISPATCHES, steps_per_dispatch: k, ms_per_dispatch: stepMs, us_per_step: (stepMs / k) * 1000 }],
      note: `GPU timestamp queries, ${inside.strategy ?? engine.strategy} strategy: step_cells, ${STEP_DISPATCHES} passes of ${repeat} dispatch${repeat > 1 ? 'es' : ''} of ${k} steps (median per dispatch)`,
    };
  } finally {
    querySet.destroy();
    resolve.destroy();
    read.destroy();
  }
}
