/**
 * The WebGPU engine: the same step as the CPU engine (NEURON's fixed step), in float32 done
 * right (delta form, v relative to rest, axial currents as g·(v_j − v_i), NEURON's rate table
 * computed in f64 on the host), with all per-step work on the GPU. The run is cut into chunks
 * of rows of the record buffer; each chunk is a few dispatches of many steps each, one
 * submit, and one copy into a staging buffer that is read back while the next chunk runs.
 *
 * Strategies (`strategy`): `population`, one thread per cell (many copies), each step two
 * sweeps over the tree; `workgroup`, one workgroup per cell (few copies, or one large cell):
 * the per-node work spread over its threads, the tree solved in parallel blocks (schedule.ts),
 * the cell's v and matrix in storage buffers; `shared`, the same for a cell whose v and matrix
 * fit in one workgroup's memory, where they stay for the whole dispatch. `auto` picks from the
 * shape (`chooseStrategy`).
 */
import { CablesimError } from '../../model/errors.js';
import type { Simulation } from '../../model/simulation.js';
import type { Model } from '../../model/types.js';
import { recordColumns, type RecordColumn } from '../record.js';
import type { Engine, Frame, RunOptions, Traces } from '../types.js';
import { acquireGpu, watchDeviceLost, type GpuContext } from './device.js';
import {
  PARAM_SLOT_BYTES,
  SOLVE_STRATEGIES,
  SimulationKernels,
  compileKernel,
  kernelSpec,
  shapeInKernel,
  sharedMemoryBytes,
  speculativeInputs,
  type CompiledKernel,
  type SolveStrategy,
} from './kernels.js';
import { STEP_PARAMS_LAYOUT, packStructs } from './layout.js';
import { checkModelFits, packModel, solveTree, type SolveTree } from './model-data.js';
import { StagingPool } from './readback.js';
import { blockSchedule, scheduleCost, type BlockSchedule } from './schedule.js';

export type StrategyChoice = SolveStrategy | 'auto';

export interface WebGpuEngineOptions {
  /** How the tree is solved; default `auto`. */
  strategy?: StrategyChoice;
  /** A device to use (default: acquire one). It is not destroyed by `dispose()`. */
  gpu?: GpuContext;
  /** Steps per dispatch (default: from the model's size). */
  stepsPerDispatch?: number;
  /** Rows of the record buffer per readback (default: ≤ 16 MiB of rows). */
  rowsPerChunk?: number;
  /** Threads per workgroup (default: `defaultWorkgroupSize`). */
  workgroupSize?: number;
  /** Nodes per block of the workgroup and shared strategies' solve (default: `defaultBlockSize`). */
  blockSize?: number;
  /** A device and a kernel made ahead from the model file (`WebGpuEngine.prepare`); the engine owns the device. */
  prepared?: PreparedWebGpu;
}

/** What `WebGpuEngine.prepare` starts: the device, and the kernel compiling (if it guessed one). */
export interface PreparedWebGpu {
  gpu: Promise<GpuContext>;
  /** Resolves once the kernel is compiling (undefined: nothing compiled ahead). */
  kernel: Promise<CompiledKernel | undefined>;
}

/** Copies from which one thread per cell fills a GPU better than a workgroup per cell. */
export const POPULATION_MIN_COPIES = 32;
/** Workgroups a population is spread over at least (a CPU adapter runs one per core at a time). */
const MIN_WORKGROUPS = 8;
/** Node-steps per dispatch (keeps each dispatch well under a second on a real GPU). */
const NODE_STEPS_PER_DISPATCH = 5e7;
const RECORD_CHUNK_BYTES = 16 * 1024 * 1024;
const CHUNKS_PER_RUN = 8;
/** The first two chunks of a run, while the time per row is still unknown, are this many times shorter. */
const PROBE_CHUNK_DIVISOR = [8, 4];
/** A chunk's mapping is asked for this fraction of its estimated work early, at most MAP_MARGIN_MAX_MS. */
const MAP_MARGIN = 0.1;
const MAP_MARGIN_MAX_MS = 5;
/**
 * Whether a pending mapAsync busy-polls this thread (Dawn in Node does; a browser does not, and
 * there a timer in a background tab could wait far longer than asked: no waiting there).
 */
const POLLS_WHILE_MAPPING = typeof process !== 'undefined' && !!process.versions?.node;
/** Chunks estimated shorter than this [ms] are mapped at once. */
const MAP_MIN_WAIT_MS = 10;
/** A mapping that arrives within this time [ms] was done before it was asked for; the estimate then shrinks by MAP_SHORTEN. */
const MAP_AT_ONCE_MS = 1;
const MAP_SHORTEN = 0.8;

/**
 * Threads per workgroup. Population: 64, fewer for small populations so that there are at
 * least MIN_WORKGROUPS workgroups (SwiftShader runs a workgroup on one core; 4 is its SIMD
 * width). Workgroup and shared: about one thread per 16 nodes, 32…256; on a CPU adapter 4 (one
 * SIMD group: a workgroup runs on one core anyway, and each barrier switches between its groups;
 * measured on the Purkinje cell: 4 beats 16, 64 and 256).
 */
export function defaultWorkgroupSize(strategy: SolveStrategy, cells: number, nodes: number, maxInvocations: number, software = false): number {
  const pow2 = (x: number) => 2 ** Math.round(Math.log2(Math.max(1, x)));
  if (strategy === 'population') return Math.max(4, Math.min(64, pow2(Math.floor(cells / MIN_WORKGROUPS))));
  if (software) return 4;
  return Math.max(32, Math.min(256, maxInvocations, pow2(nodes / 16)));
}

/**
 * What one step's solve costs SwiftShader per unit of `scheduleCost` [ns], measured on this
 * project's machine (2-core EPYC) with the workgroup strategy at 4 threads: per node visit
 * (elimination and substitution), per block visit, per phase (two barriers). Rallpack 1 (a
 * 1,002-node chain) takes 143 µs per step in blocks of 8 (126 phases) and 68 µs in one block;
 * the Purkinje cell (4,199 nodes) 281 µs in blocks of 8 (470 blocks, 21 phases), 257 µs in
 * blocks of 33 and of 128, 267 µs in blocks of 512.
 */
const SOFTWARE_SOLVE_NS = { round: 20, blockRound: 200, phase: 600 };

/**
 * Nodes per block of the workgroup and shared strategies: about two blocks per thread. On a CPU
 * adapter, where a workgroup is one core's SIMD lanes and phases cost barriers, the block size
 * of n/128 … n (halving) whose schedule the SOFTWARE_SOLVE_NS model finds cheapest: an
 * unbranched cable, whose blocks could only go one after another, becomes one block.
 */
export function defaultBlockSize(parent: Int32Array, workgroupSize: number, software = false): number {
  return defaultBlockSchedule(parent, workgroupSize, software).blockSize;
}

/** The schedule of `defaultBlockSize`, with its block size (the one it was chosen by). */
export function defaultBlockSchedule(parent: Int32Array, workgroupSize: number, software = false): { blockSize: number; schedule: BlockSchedule } {
  const n = parent.length;
  if (!software) {
    const blockSize = Math.max(4, Math.ceil(n / (2 * workgroupSize)));
    return { blockSize, schedule: blockSchedule(parent, blockSize) };
  }
  let best: { blockSize: number; schedule: BlockSchedule } | undefined;
  let bestCost = Infinity;
  for (let parts = 128; parts >= 1; parts /= 2) {
    const blockSize = Math.max(4, Math.ceil(n / parts));
    const schedule = blockSchedule(parent, blockSize);
    const c = scheduleCost(schedule, workgroupSize);
    const cost = c.rounds * SOFTWARE_SOLVE_NS.round + c.blockRounds * SOFTWARE_SOLVE_NS.blockRound + c.phases * SOFTWARE_SOLVE_NS.phase;
    if (cost < bestCost) (best = { blockSize, schedule }), (bestCost = cost);
  }
  return best!;
}

/**
 * Populations from which a software adapter (SwiftShader: the kernels on every core) beats the
 * CPU engine (one core), on at least SOFTWARE_MIN_CORES cores, counting the whole process (the
 * WebGPU engine's set-up, mostly compiling the kernels, is ~0.3 s more). Measured on 2 cores,
 * a 1,012-compartment HH cell: 1,000 copies ×1.8 the CPU engine's speed and 50 copies ×1.2
 * in engine.run() (benchmarks/results/webgpu-strategies-2026-11-25.json), but 50 copies over
 * 40 ms ×0.93 as whole processes (vs-neuron-2026-11-25.json); one cell ×0.7–0.8. While other
 * work holds a core, the CPU engine wins again.
 */
export const SOFTWARE_MIN_COPIES = 128;
export const SOFTWARE_MIN_COMPARTMENTS = 100_000;
export const SOFTWARE_MIN_CORES = 2;

/** Whether a simulation of this shape runs faster on a software adapter with `cores` cores than on the CPU engine. */
export function fasterOnSoftwareAdapter(sim: Simulation, cores: number): boolean {
  return cores >= SOFTWARE_MIN_CORES && sim.copies >= SOFTWARE_MIN_COPIES && sim.copies * sim.compartments >= SOFTWARE_MIN_COMPARTMENTS;
}

/** The device limits and options the shared strategy's fit depends on. */
export interface SharedFitContext {
  maxComputeWorkgroupStorageSize: number;
  maxComputeInvocationsPerWorkgroup: number;
  software?: boolean;
  workgroupSize?: number;
  blockSize?: number;
  /** The number of blocks of the schedule the engine will use, where known (else made here). */
  blocks?: number;
  /** The cell's solve tree, where known (else made here). */
  tree?: SolveTree;
}

/**
 * Whether a cell fits the shared strategy (its v and (d, rhs) per node and per block in one
 * workgroup's memory): the bytes it needs, the device's limit, and about how many nodes fit
 * (with this cell's number of blocks).
 */
export function sharedFit(sim: Simulation, ctx: SharedFitContext): { fits: boolean; bytes: number; limit: number; maxNodes: number } {
  const tree = ctx.tree ?? solveTree(sim);
  const n = tree.n;
  const workgroupSize = ctx.workgroupSize ?? defaultWorkgroupSize('shared', sim.copies, n, ctx.maxComputeInvocationsPerWorkgroup, ctx.software);
  const blocks =
    ctx.blocks ??
    (ctx.blockSize !== undefined ? blockSchedule(tree.parent, ctx.blockSize) : defaultBlockSchedule(tree.parent, workgroupSize, ctx.software).schedule).count;
  const limit = ctx.maxComputeWorkgroupStorageSize;
  const bytes = sharedMemoryBytes(n, blocks);
  let maxNodes = Math.max(0, Math.floor((limit - 8 * blocks) / 12));
  while (maxNodes > 0 && sharedMemoryBytes(maxNodes, blocks) > limit) maxNodes--;
  return { fits: bytes <= limit, bytes, limit, maxNodes };
}

/**
 * The strategy `auto` takes for a simulation's shape: `population` from POPULATION_MIN_COPIES
 * copies; below that `shared` when the cell fits one workgroup's memory (`sharedFits`), else
 * `workgroup`; on a software adapter always `workgroup`. On SwiftShader (2 cores; 1k-node
 * branched cell, Rallpack 2) `shared` measured 8–12 % slower than `workgroup` for one copy
 * (workgroup memory is ordinary memory there, a little slower to reach than a storage buffer)
 * and 4–14 % faster for 2 to 50 copies (each copy's v and matrix contiguous, where `workgroup`
 * strides over the copies), but a browser's SwiftShader compiles Dawn's zero-filling of the
 * workgroup arrays for seconds (Rallpack 2: 4.8 s; Node turns it off, a page cannot); on a GPU
 * it is on-chip memory.
 */
export function chooseStrategy(copies: number, sharedFits: boolean, software = false): SolveStrategy {
  if (copies >= POPULATION_MIN_COPIES) return 'population';
  return sharedFits && !software ? 'shared' : 'workgroup';
}

export class WebGpuEngine implements Engine {
  readonly backend = 'webgpu' as const;
  readonly description: string;
  readonly strategy: SolveStrategy;
  private disposed = false;
  private initialized = false;
  /** Whether the buffers still hold the initial state they were made with. */
  private pristine = true;
  /** Steps taken since the initial state. */
  private step = 0;
  /** Measured GPU time per record row (step) [ms]; 0 until measured. */
  private msPerRow = 0;

  private constructor(
    readonly simulation: Simulation,
    private readonly gpu: GpuContext,
    private readonly ownsDevice: boolean,
    private readonly kernels: SimulationKernels,
    private readonly stepsPerDispatch: number,
    private readonly rowsPerChunk: number,
  ) {
    this.strategy = kernels.opts.strategy;
    this.description = `WebGPU f32, ${this.strategy} strategy, on ${gpu.name}`;
  }

  /**
   * Start, from the model file alone, what does not need its morphology: the device and, on a
   * CPU adapter (where compiling takes ~0.1 s), the step kernel, which then compiles while the
   * morphology loads. Give the result to `create` as `prepared`. The kernel is a guess from the
   * file (`speculativeInputs`); `create` compiles again where the loaded model needs another.
   */
  static prepare(model: Model, opts: { strategy?: StrategyChoice } = {}): PreparedWebGpu {
    const gpu = acquireGpu();
    const kernel = gpu.then(async (g): Promise<CompiledKernel | undefined> => {
      const inputs = speculativeInputs(model);
      const asked = opts.strategy ?? 'auto';
      if (!g.software || !inputs) return undefined;
      const strategy = asked === 'auto' ? chooseStrategy(inputs.cells, false, true) : asked;
      // the shared kernel is sized by the cell; the population kernel compiles the shape in
      if (strategy === 'shared' || shapeInKernel(strategy) || !SOLVE_STRATEGIES.includes(strategy)) return undefined;
      const workgroupSize = defaultWorkgroupSize(strategy, inputs.cells, 0, g.device.limits.maxComputeInvocationsPerWorkgroup, true);
      return compileKernel(g.device, await kernelSpec(inputs, strategy, { workgroupSize, lockstepWidth: g.lockstepWidth }));
    });
    kernel.catch(() => undefined); // the device's failure is create's to report
    return { gpu, kernel };
  }

  static async create(sim: Simulation, opts: WebGpuEngineOptions = {}): Promise<WebGpuEngine> {
    const asked = opts.strategy ?? 'auto';
    if (asked !== 'auto' && !SOLVE_STRATEGIES.includes(asked)) {
      throw new CablesimError(`unknown strategy "${String(asked)}" (expected ${SOLVE_STRATEGIES.join(', ')} or auto)`);
    }
    let lost: string | undefined;
    const onLost = (m: string) => (lost = m);
    const gpu = opts.gpu ?? (opts.prepared ? await opts.prepared.gpu : await acquireGpu({ onLost }));
    if (opts.prepared) watchDeviceLost(gpu, onLost); // prepare() had no one to tell
    try {
      const { limits } = gpu.device;
      const tree = solveTree(sim);
      const { n, parent } = tree;
      // the workgroup and shared strategies' threads and block schedule, made once, when needed
      const blockThreads = opts.workgroupSize ?? defaultWorkgroupSize('workgroup', sim.copies, n, limits.maxComputeInvocationsPerWorkgroup, gpu.software);
      let schedule: BlockSchedule | undefined;
      const blocks = (): BlockSchedule =>
        (schedule ??= opts.blockSize !== undefined ? blockSchedule(parent, opts.blockSize) : defaultBlockSchedule(parent, blockThreads, gpu.software).schedule);
      const fit = () =>
        sharedFit(sim, {
          maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
          maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
          software: gpu.software,
          workgroupSize: blockThreads,
          blocks: blocks().count,
          tree,
        });
      const strategy =
        asked === 'auto' ? chooseStrategy(sim.copies, !gpu.software && sim.copies < POPULATION_MIN_COPIES && fit().fits, gpu.software) : asked;
      if (asked === 'shared') {
        const f = fit();
        if (!f.fits) {
          throw new CablesimError(
            `the cell is too large for the shared strategy: its ${n} nodes (${sim.compartments} compartments) need ${f.bytes} bytes ` +
              `of workgroup memory, the device allows ${f.limit}; at most about ${f.maxNodes} nodes fit (use the workgroup strategy)`,
            { file: sim.model.sourcePath },
          );
        }
      }
      const workgroupSize = strategy === 'population' ? (opts.workgroupSize ?? defaultWorkgroupSize(strategy, sim.copies, n, limits.maxComputeInvocationsPerWorkgroup, gpu.software)) : blockThreads;
      checkModelFits(sim, limits, strategy === 'population' ? workgroupSize : 1);
      const data = packModel(sim, tree, strategy === 'population' ? 'tree' : 'mech-first');
      const rows = sim.nsteps + 1;
      const rowBytes = 4 * Math.max(1, data.columns);
      // at least CHUNKS_PER_RUN chunks, so that the readback can wait for the work without polling
      const maxRows = Math.floor(Math.min(RECORD_CHUNK_BYTES, limits.maxStorageBufferBindingSize) / rowBytes);
      const rowsPerChunk = Math.max(2, Math.min(rows, opts.rowsPerChunk ?? Math.min(maxRows, Math.ceil(rows / CHUNKS_PER_RUN))));
      const work = Math.max(1, data.nodes * data.cells);
      const stepsPerDispatch = Math.max(1, Math.min(rowsPerChunk, opts.stepsPerDispatch ?? Math.floor(NODE_STEPS_PER_DISPATCH / work)));
      const kernels = await SimulationKernels.create(
        gpu.device,
        data,
        {
          strategy,
          rowsPerChunk,
          slots: Math.ceil(rowsPerChunk / stepsPerDispatch) + 1,
          workgroupSize,
          lockstepWidth: gpu.lockstepWidth,
          schedule: strategy === 'population' ? undefined : blocks(),
        },
        tree,
        opts.prepared?.kernel,
      );
      if (lost) throw new CablesimError(lost);
      return new WebGpuEngine(sim, gpu, !opts.gpu, kernels, stepsPerDispatch, rowsPerChunk);
    } catch (e) {
      if (!opts.gpu) gpu.device.destroy();
      throw e;
    }
  }

  /** Simulated time reached [ms]. */
  get t_ms(): number {
    return this.step * this.simulation.dt_ms;
  }

  async run(opts: RunOptions = {}): Promise<Traces> {
    const sim = this.simulation;
    const rec = recordColumns(sim, Float32Array, sim.nsteps + 1);
    await this.simulate(rec.columns, true, sim.nsteps, opts.onProgress);
    return rec.traces(0);
  }

  async reset(): Promise<void> {
    await this.simulate([], true, 0);
  }

  async advance(steps: number): Promise<Frame> {
    const sim = this.simulation;
    const first = this.step + 1;
    const rec = recordColumns(sim, Float32Array, steps);
    if (!this.initialized) await this.reset();
    await this.simulate(rec.columns, false, steps);
    return { t_ms: this.t_ms, v_mV: await this.readVoltages(), records: rec.traces(first) };
  }

  /** Membrane voltage of every node of copy 0 [mV]. */
  private async readVoltages(): Promise<Float32Array> {
    const { device } = this.gpu;
    const { nodes: n, cells, vRest_mV, gpuOfModel } = this.kernels.data;
    // copy 0 of GPU node g is word g·cells: one copy of the v block (small in interactive use)
    const bytes = 4 * (cells === 1 ? n : n * cells);
    const staging = device.createBuffer({ label: 'cablesim: voltage readback', size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      const enc = device.createCommandEncoder({ label: 'cablesim: voltage readback' });
      enc.copyBufferToBuffer(this.kernels.state, 0, staging, 0, bytes);
      device.queue.submit([enc.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      const all = new Float32Array(staging.getMappedRange());
      const v = new Float32Array(gpuOfModel.length);
      for (let i = 0; i < v.length; i++) v[i] = all[gpuOfModel[i] * cells] + vRest_mV;
      staging.unmap();
      return v;
    } finally {
      staging.destroy();
    }
  }

  /**
   * Take `steps` steps from the present one (after initializing, when `init`), writing the
   * recorded values into `cols`: row 0 the initial state when `init`, then one row per step.
   * The work goes in chunks of `rowsPerChunk` rows: a few dispatches of ≤ stepsPerDispatch
   * steps each, one submit, one copy to a staging buffer read back while the next chunk runs.
   */
  private async simulate(
    cols: RecordColumn<Float32Array>[],
    init: boolean,
    steps: number,
    onProgress?: (t_ms: number, tstop_ms: number) => void,
  ): Promise<void> {
    if (this.disposed) throw new CablesimError('this WebGPU engine was disposed');
    const sim = this.simulation;
    const { device } = this.gpu;
    const k = this.kernels;
    const w = init ? 1 : 0;
    const rows = w + steps;
    const stepFrom = init ? 0 : this.step;
    const R = this.rowsPerChunk, K = this.stepsPerDispatch;
    const C = Math.max(1, k.data.columns);
    const pool = new StagingPool(device, R * C * 4, 3, 'cablesim record');
    let bad: string | undefined;
    let lost: string | undefined;
    // Chunks finish in order: chunk j's mapping is asked for only after chunk j − 1's arrived
    // (at lastDone), and then only when chunk j should be about done (its rows · msPerRow
    // later, less a margin); so Dawn polls (see StagingPool) a few ms per chunk, not all along.
    // A mapping asked for late costs nothing while the next chunk is queued behind it; one
    // asked for too early only polls. So msPerRow is only ever measured short: from a mapping
    // that had to be waited for (the chunk ended then, and began at most at lastDone), never
    // from one that came at once (then the chunk ended at some unknown time before). Without an
    // estimate the first two chunks are shorter: the first (setup, first dispatches) is not
    // measured, the second is (it is mapped at once).
    const probing = this.msPerRow === 0;
    let chunk = 0;
    let lastDone = performance.now();
    let previous: Promise<void> = Promise.resolve();
    const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
    void device.lost.then((info) => {
      if (info.reason !== 'destroyed') lost = `the GPU device was lost during the run: ${info.message || info.reason}`;
    });
    device.pushErrorScope('validation');
    try {
      if (init) {
        // the initial state is the host's; so is row 0
        if (!this.pristine) k.writeInitial();
        cols.forEach((col, c) => (col.values[0] = k.data.initial.row[c]));
      }
      this.pristine = this.pristine && steps === 0;
      for (let q0 = 0, q1 = 0; q0 < Math.max(rows, 1); q0 = q1) {
        const first = chunk++;
        q1 = Math.min(rows, q0 + (probing && first < 2 ? Math.max(2, Math.ceil(R / PROBE_CHUNK_DIVISOR[first])) : R));
        // output row q is the initial state (q = 0 when init) or the result of step stepFrom + q − w
        const slots: Array<{ step0: number; steps: number; row0: number; pad: number }> = [];
        for (let q = Math.max(q0, w); q < q1; q += K) {
          slots.push({ step0: stepFrom + q - w, steps: Math.min(K, q1 - q), row0: q - q0, pad: 0 });
        }
        const { buffer, index } = await pool.acquire();
        if (lost) throw new CablesimError(lost);
        if (slots.length) {
          const packed = new Uint8Array(slots.length * PARAM_SLOT_BYTES);
          slots.forEach((sl, i) => packed.set(new Uint8Array(packStructs(STEP_PARAMS_LAYOUT, [sl])), i * PARAM_SLOT_BYTES));
          device.queue.writeBuffer(k.params, 0, packed);
        }
        const enc = device.createCommandEncoder({ label: `cablesim: rows ${q0}…${q1 - 1}` });
        const pass = enc.beginComputePass({ label: `cablesim: rows ${q0}…${q1 - 1}` });
        slots.forEach((_, i) => k.encodeSteps(pass, i));
        pass.end();
        const bytes = Math.max(1, q1 - q0) * C * 4;
        const wanted = cols.length > 0 && q1 > Math.max(q0, w);
        if (wanted) enc.copyBufferToBuffer(k.record, 0, buffer, 0, bytes);
        device.queue.submit([enc.finish()]);
        const tReached = (stepFrom + q1 - w) * sim.dt_ms;
        if (!wanted) continue;
        const after = previous;
        const chunkRows = q1 - q0;
        let asked = 0;
        previous = pool.read(index, bytes, (data) => {
          for (let c = 0; c < cols.length; c++) {
            const out = cols[c].values;
            for (let q = Math.max(q0, w); q < q1; q++) {
              const x = data[(q - q0) * C + c];
              out[q] = x;
              if (bad === undefined && x - x !== 0) {
                bad = `the membrane voltage became ${x} at t = ${((stepFrom + q - w + 1) * sim.dt_ms).toFixed(4)} ms in ${cols[c].label}`;
              }
            }
          }
          onProgress?.(tReached, sim.tstop_ms);
        }, async () => {
          await after;
          const work = chunkRows * this.msPerRow;
          // a short chunk is not worth the risk of waiting too long (its polling costs little)
          if (POLLS_WHILE_MAPPING && work > MAP_MIN_WAIT_MS) await sleep(work - Math.min(MAP_MARGIN * work, MAP_MARGIN_MAX_MS));
          asked = performance.now();
        }, (t) => {
          const perRow = (t - lastDone) / chunkRows;
          lastDone = t;
          if (probing && first === 0) return;
          // came at once: done before it was asked for, the wait was long enough; probe shorter
          if (t - asked < MAP_AT_ONCE_MS) this.msPerRow = MAP_SHORTEN * Math.min(this.msPerRow || perRow, perRow);
          else this.msPerRow = perRow;
        });
      }
      await pool.drain();
      if (cols.length === 0) await device.queue.onSubmittedWorkDone();
    } finally {
      const err = await device.popErrorScope();
      pool.dispose();
      if (err) throw new CablesimError(`WebGPU error during the run: ${err.message}`);
    }
    this.step = stepFrom + steps;
    this.initialized = true;
    if (lost) throw new CablesimError(lost);
    if (bad) {
      throw new CablesimError(`${bad}; check the stimuli and parameters (or use a smaller dt)`, { file: sim.model.sourcePath });
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.kernels.dispose();
    if (this.ownsDevice) this.gpu.device.destroy();
  }
}
