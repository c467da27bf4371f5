/**
 * The benchmark runner: each workload on each engine asked for, warm-up then repeated runs,
 * and NEURON beside them when a runner for it is given. Browser-safe: how workloads are read
 * and how NEURON is run come from the caller (src/bench/node.ts in Node, the page in a
 * browser).
 *
 * One measurement = `engine.run()`, t = 0 to tstop with the recorded traces read back: what a
 * user waits for. Engine creation (for WebGPU: buffers, shader compilation, pipelines) is
 * timed apart as `setup_s`. Before the measured runs the engine takes `warmupSteps` steps
 * (JIT, caches, the GPU's first submits). Measured runs stop at `repeats`, or earlier once
 * they have taken `budget_s` together (always at least one).
 */
import { createEngine } from '../engine/index.js';
import type { Engine } from '../engine/types.js';
import { CablesimError } from '../model/errors.js';
import type { Simulation } from '../model/simulation.js';
import { parseModel } from '../model/validate.js';
import { buildSimulation } from '../model/load.js';
import { WebGpuEngine } from '../engine/webgpu/engine.js';
import type { GpuContext } from '../engine/webgpu/device.js';
import { timeEngineKernels, timestampGpu, type KernelTiming } from './kernel-times.js';
import type { BackendResult, WorkloadResult } from './report.js';
import { compareWithNeuron, emptyResult, measuredResult } from './stats.js';
import { workloadSize, type Workload } from './suite.js';

/** An engine to measure; `auto` is whichever `createEngine` picks. */
export type EngineChoice = 'cpu' | 'webgpu' | 'auto';

/** How the runner gets a workload's files: the model's text, and its SWC file's text. */
export interface WorkloadFiles {
  modelText(w: Workload): Promise<string>;
  /** The SWC file the model names (`swc`, as written in the model, relative to it). */
  swcText(w: Workload, swc: string): Promise<string>;
}

/** Measurement settings, shared with NEURON's runner. */
export interface MeasureSettings {
  repeats: number;
  budget_s: number;
  /** Cap every workload at this many steps (smoke tests); null: as defined. */
  maxSteps: number | null;
}

/** Runs a workload in NEURON (Node only: a Python process per run). */
export interface NeuronRunner {
  run(w: Workload, settings: MeasureSettings): Promise<BackendResult>;
}

export interface BenchProgress {
  /** (workload, backend) pairs finished, plus the fraction of the present one. */
  done: number;
  total: number;
  /** What runs now, e.g. `axon-1000 on webgpu, run 2/5`. */
  label: string;
}

export interface RunSuiteOptions extends MeasureSettings {
  workloads: Workload[];
  engines: EngineChoice[];
  files: WorkloadFiles;
  /** NEURON beside the engines; null or absent: none. */
  neuron?: NeuronRunner | null;
  /** Steps before the measured runs (default 20, at most the workload's steps). */
  warmupSteps?: number;
  /** Time WebGPU's kernels with timestamp queries where the adapter can (default true). */
  kernelTimes?: boolean;
  onProgress?: (p: BenchProgress) => void;
  /** Each workload's results as soon as they are complete. */
  onWorkload?: (r: WorkloadResult) => void;
  /** Called between runs, e.g. to let a page draw (default: nothing). */
  pause?: () => Promise<void>;
}

export const DEFAULT_WARMUP_STEPS = 20;

/** The workload's model, validated and prepared, with its steps capped at `maxSteps`. */
export async function loadWorkload(w: Workload, files: WorkloadFiles, maxSteps: number | null): Promise<Simulation> {
  const model = parseModel(await files.modelText(w), w.file);
  if (maxSteps !== null && model.run.tstop_ms > maxSteps * model.run.dt_ms) model.run.tstop_ms = maxSteps * model.run.dt_ms;
  const swc = 'swc' in model.morphology ? await files.swcText(w, model.morphology.swc) : undefined;
  return buildSimulation(model, swc, 'swc' in model.morphology ? model.morphology.swc : undefined);
}

/** The workload's entry in a report, sizes as run (before any result). */
function workloadEntry(w: Workload, sim: Simulation): WorkloadResult {
  return {
    id: w.id,
    group: w.group,
    description: w.description,
    ...workloadSize(sim),
    results: [],
  };
}

function isUserError(e: unknown): e is Error {
  return e instanceof CablesimError || (e instanceof Error && e.name === 'CablesimError');
}

/** Run every workload on every engine (and NEURON); results in the workloads' order. */
export async function runSuite(opts: RunSuiteOptions): Promise<WorkloadResult[]> {
  const pairs = opts.engines.length + (opts.neuron ? 1 : 0);
  const total = opts.workloads.length * pairs;
  let done = 0;
  const pause = opts.pause ?? (async () => undefined);
  const out: WorkloadResult[] = [];
  for (const w of opts.workloads) {
    opts.onProgress?.({ done, total, label: `${w.id}: loading` });
    const sim = await loadWorkload(w, opts.files, opts.maxSteps);
    const entry = workloadEntry(w, sim);
    for (const choice of opts.engines) {
      const report = (label: string, fraction: number): void => opts.onProgress?.({ done: done + Math.min(1, fraction), total, label: `${w.id} on ${label}` });
      entry.results.push(await measureEngine(sim, choice, opts, report, pause));
      done++;
    }
    if (opts.neuron) {
      opts.onProgress?.({ done, total, label: `${w.id} on neuron` });
      entry.results.push(await opts.neuron.run(w, opts));
      done++;
    }
    compareWithNeuron(entry.results);
    out.push(entry);
    opts.onWorkload?.(entry);
    opts.onProgress?.({ done, total, label: `${w.id}: done` });
  }
  return out;
}

async function measureEngine(
  sim: Simulation,
  choice: EngineChoice,
  opts: RunSuiteOptions,
  report: (label: string, fraction: number) => void,
  pause: () => Promise<void>,
): Promise<BackendResult> {
  const asked = choice === 'auto' ? 'cpu' : choice;
  let engine: Engine;
  // WebGPU: on a device with timestamp queries when the adapter has them, to time the kernels after
  let timed: { gpu: GpuContext | null; note: string } = { gpu: null, note: 'n/a: CPU engine' };
  const t0 = performance.now();
  try {
    report(`${choice}: setting up`, 0);
    if (choice === 'webgpu' && opts.kernelTimes !== false) {
      timed = await timestampGpu();
      engine = timed.gpu ? await WebGpuEngine.create(sim, { gpu: timed.gpu }) : await createEngine(sim, { backend: choice });
    } else engine = await createEngine(sim, { backend: choice });
  } catch (e) {
    timed.gpu?.device.destroy();
    if (isUserError(e)) return emptyResult(asked, 'unavailable', e.message);
    return emptyResult(asked, 'failed', (e as Error).message ?? String(e));
  }
  const setup_s = (performance.now() - t0) / 1000;
  const name = engine.backend;
  const description = choice === 'auto' ? `auto: ${engine.description}` : engine.description;
  try {
    const warm = Math.min(opts.warmupSteps ?? DEFAULT_WARMUP_STEPS, sim.nsteps);
    report(`${name}: warm-up`, 0);
    if (warm > 0) await engine.advance(warm);
    await pause();
    const runs: number[] = [];
    let spent = 0;
    while (runs.length < opts.repeats && (runs.length === 0 || spent < opts.budget_s)) {
      const k = runs.length;
      const label = `${name}, run ${k + 1}/${opts.repeats}`;
      report(label, k / opts.repeats);
      const r0 = performance.now();
      await engine.run({ onProgress: (t, tstop) => report(label, (k + (tstop > 0 ? t / tstop : 1)) / opts.repeats) });
      const s = (performance.now() - r0) / 1000;
      runs.push(s);
      spent += s;
      await pause();
    }
    let timing: KernelTiming = { kernels: null, note: timed.note };
    if (name === 'webgpu' && opts.kernelTimes === false) timing.note = 'n/a: not asked for';
    else if (name === 'webgpu' && choice === 'auto') timing.note = 'n/a: measured with --backend webgpu only';
    else if (engine instanceof WebGpuEngine && timed.gpu) {
      report(`${name}: kernel timestamps`, 1);
      timing = await timeEngineKernels(engine, timed.gpu.device);
    }
    const size = { compartments: sim.compartments * sim.copies, steps: sim.nsteps, dt_ms: sim.dt_ms };
    return measuredResult(name, description, size, runs, setup_s, timing.kernels, timing.note);
  } catch (e) {
    const r = emptyResult(name, 'failed', (e as Error).message ?? String(e), description);
    r.setup_s = setup_s;
    return r;
  } finally {
    engine.dispose();
    timed.gpu?.device.destroy();
  }
}
