/**
 * The GPU side of one simulation: its labelled buffers, the bind group, the shader module
 * (shaders/*.wgsl around the generated mechanism glue) and its one pipeline, `step_cells`
 * (many steps per dispatch, in the chosen strategy). The buffers start in the initial state
 * (the host's, `writeInitialState`; `writeInitial` puts it back); `encodeSteps` records a
 * dispatch into a compute pass.
 */
import { CablesimError } from '../../model/errors.js';
import { mechanismOverrides, mechanismsWgsl, shapeConstants, shapeWords, type ShapeField } from './codegen.js';
import { STEP_PARAMS_LAYOUT } from './layout.js';
import { MECHANISMS } from '../../mechanisms/index.js';
import type { Model } from '../../model/types.js';
import { cdtPerAreaFactor, writeInitialPairs, writeInitialState, type GpuMechanism, type GpuModelData } from './model-data.js';
import type { BlockSchedule } from './schedule.js';
import { loadShader } from './shaders.js';

export type SolveStrategy = 'population' | 'workgroup' | 'shared';
export const SOLVE_STRATEGIES: readonly SolveStrategy[] = ['population', 'workgroup', 'shared'];

/** Dispatch parameter slots (one per dispatch of a chunk), at the uniform offset alignment. */
export const PARAM_SLOT_BYTES = 256;

export interface KernelOptions {
  strategy: SolveStrategy;
  /** Rows of the record buffer (one chunk of the run). */
  rowsPerChunk: number;
  /** Dispatches per chunk (size of the parameter slot array). */
  slots: number;
  /** Threads per workgroup. */
  workgroupSize: number;
  /** The adapter's `GpuContext.lockstepWidth` (0: unknown). */
  lockstepWidth?: number;
  /**
   * The block schedule of the workgroup and shared strategies' solve (see schedule.ts), over
   * the solve tree; their data must be packed in `mech-first` order.
   */
  schedule?: BlockSchedule;
}

/**
 * Bytes of workgroup memory the shared strategy takes for a cell of `nodes` nodes cut into
 * `blocks` blocks: v (f32) per node, (d, rhs) (vec2<f32>) per node and per block; Dawn rounds
 * each workgroup array up to 16 bytes.
 */
export function sharedMemoryBytes(nodes: number, blocks: number): number {
  const r16 = (x: number) => Math.ceil(x / 16) * 16;
  return r16(4 * nodes) + r16(8 * (nodes + blocks));
}

/** The WGSL module text of a strategy for a model's mechanisms. */
export async function kernelSource(mechanisms: KernelInputs['mechanisms'], strategy: SolveStrategy): Promise<string> {
  const blocks = strategy === 'workgroup' || strategy === 'shared';
  const parts = await Promise.all([loadShader('structs'), loadShader('bindings'), ...(blocks ? [loadShader('blocks')] : []), loadShader(strategy)]);
  return [parts[0], parts[1], mechanismsWgsl(mechanisms, shapeInKernel(strategy)), ...parts.slice(2)].join('\n');
}

/** Whether a strategy's kernel has the cell's shape compiled in (population) or reads it from a uniform. */
export function shapeInKernel(strategy: SolveStrategy): boolean {
  return strategy === 'population';
}

/**
 * What the step kernel depends on, none of it the cell's shape (that is in a uniform buffer,
 * codegen.ts `shapeWgsl`): so it is known from the model file alone (`speculativeInputs`) and
 * the kernel can compile while the morphology loads.
 */
export interface KernelInputs {
  cells: number;
  stimuli: number;
  probes: number;
  columns: number;
  dt_ms: number;
  vRest_mV: number;
  cdtPerAreaFactor: number;
  mechanisms: Pick<GpuMechanism, 'def' | 'uniform' | 'everywhere'>[];
}

/** A step kernel's source and pipeline constants; `key` tells two apart. */
export interface KernelSpec {
  strategy: SolveStrategy;
  code: string;
  constants: Record<string, number>;
  key: string;
}

/** The shared strategy's sizes (compiled in: they size its workgroup arrays). */
export interface SharedSizes {
  nodes: number;
  slots: number;
  stateProbes: boolean;
}

/** How a step kernel is laid out on the device beside what the model gives (`kernelSpec`). */
export interface KernelLayout {
  /** Threads per workgroup. */
  workgroupSize: number;
  /** The adapter's `GpuContext.lockstepWidth`: a workgroup strategy no wider needs no barriers. */
  lockstepWidth?: number;
  /** The shared strategy's sizes. */
  shared?: SharedSizes;
  /** The shape's words (`shapeWords`), for a kernel that compiles it in (`shapeInKernel`). */
  shape?: Uint32Array;
}

/**
 * Whether the workgroup strategy's phases need barriers: not where the workgroup is one group
 * of invocations in lockstep (`GpuContext.lockstepWidth`: SwiftShader, 4 threads there), where
 * every store is seen by the next load in program order. On SwiftShader a barrier suspends and
 * resumes the workgroup's coroutine: without them the Purkinje cell's 50 ms took 0.407 against
 * 0.435 s (`webgpu-strategies.mjs --base`, 9 interleaved runs), with the same traces to the bit.
 */
export function stepBarriers(strategy: SolveStrategy, workgroupSize: number, lockstepWidth = 0): boolean {
  return strategy !== 'workgroup' || workgroupSize > lockstepWidth;
}

export async function kernelSpec(inputs: KernelInputs, strategy: SolveStrategy, layout: KernelLayout): Promise<KernelSpec> {
  const { workgroupSize, shared, shape } = layout;
  if (shapeInKernel(strategy) && !shape) throw new Error(`the ${strategy} kernel needs the cell's shape`);
  const constants: Record<string, number> = {
    CELLS: inputs.cells,
    N_STIM: inputs.stimuli,
    N_PROBES: inputs.probes,
    COLUMNS: Math.max(1, inputs.columns),
    DT: inputs.dt_ms,
    V_REST: inputs.vRest_mV,
    CDT_PER_AREA: inputs.cdtPerAreaFactor,
    WG_SIZE: workgroupSize,
    ...(strategy === 'workgroup' ? { STEP_BARRIERS: stepBarriers(strategy, workgroupSize, layout.lockstepWidth) ? 1 : 0 } : {}),
    ...mechanismOverrides(inputs.mechanisms),
    ...(shared ? { SH_NODES: shared.nodes, SH_SLOTS: shared.slots, STATE_PROBES: shared.stateProbes ? 1 : 0 } : {}),
    ...(shapeInKernel(strategy) ? shapeConstants(shape!, inputs.mechanisms) : {}),
  };
  const code = await kernelSource(inputs.mechanisms, strategy);
  const key = `${strategy}\n${JSON.stringify(Object.entries(constants).sort(([a], [b]) => (a < b ? -1 : 1)))}\n${code}`;
  return { strategy, code, constants, key };
}

/** A step kernel being compiled: its bind group layout and pipeline. */
export interface CompiledKernel {
  key: string;
  layout: GPUBindGroupLayout;
  pipeline: Promise<GPUComputePipeline>;
}

/**
 * Start compiling a step kernel (the longest part of setting up, on a CPU adapter): the
 * pipeline is a promise, compiled beside whatever the caller does next.
 */
export async function compileKernel(device: GPUDevice, spec: KernelSpec): Promise<CompiledKernel> {
  const label = `cablesim ${spec.strategy}`;
  const entries: GPUBindGroupLayoutEntry[] = [
    { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: STEP_PARAMS_LAYOUT.size } },
    ...[1, 2, 3, 4, 5].map((binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage' as const } })),
    ...[6, 7, 8].map((binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' as const } })),
    { binding: 9, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } },
  ];
  const layout = device.createBindGroupLayout({ label: `${label}: bind group layout`, entries });
  const pipelineLayout = device.createPipelineLayout({ label: `${label}: pipeline layout`, bindGroupLayouts: [layout] });
  const module = await checkedModule(device, spec.code, `${label}: shader`);
  const pipeline = device.createComputePipelineAsync({
    label: `${label}: step pipeline`,
    layout: pipelineLayout,
    compute: { module, entryPoint: 'step_cells', constants: spec.constants },
  });
  pipeline.catch(() => undefined); // awaited by the user of the kernel
  return { key: spec.key, layout, pipeline };
}

async function checkedModule(device: GPUDevice, code: string, label: string): Promise<GPUShaderModule> {
  const module = device.createShaderModule({ label, code });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length) {
    const lines = code.split('\n');
    const detail = errors.map((e) => `${e.lineNum}:${e.linePos}: ${e.message} | ${lines[e.lineNum - 1]?.trim() ?? ''}`).join('\n');
    throw new Error(`${label}: WGSL compilation failed:\n${detail}`);
  }
  return module;
}

/**
 * Per stimulus, the thread of the block strategies' per-node pass that owns its node: the pass
 * strides over the MECH_NODES nodes with a mechanism, then over the others (`mech-first`
 * order), each part from thread 0.
 */
function stimulusOwners(data: GpuModelData, workgroupSize: number): Uint32Array {
  const owner = (q: number) => (q < data.mechNodeCount ? q : q - data.mechNodeCount) % workgroupSize;
  return Uint32Array.from(data.stimuli.length ? data.stimuli.map((st) => owner(st.node)) : [0]);
}

/**
 * The kernel inputs a model file implies before its morphology is loaded, for compiling the
 * kernel ahead (`WebGpuEngine.prepare`); undefined for a mechanism it does not know. Where the
 * file alone cannot tell, it takes the general case: a parameter is one constant only when
 * every entry of its mechanism gives it the same value (or none does), and a mechanism is at
 * every node with a mechanism only when an entry puts it `where: ["all"]`. Packing the loaded
 * model may find more (`kernelInputsOf`); then the kernel is compiled again, as it is.
 */
export function speculativeInputs(model: Model): KernelInputs | undefined {
  const cells = model.population.count;
  const dt_ms = model.run.dt_ms, vRest_mV = model.membrane.vInit_mV;
  const names = [...new Set(model.mechanisms.map((e) => e.name))];
  if (names.some((n) => !MECHANISMS[n])) return undefined;
  const mechanisms = names.map((name) => {
    const def = MECHANISMS[name];
    const entries = model.mechanisms.filter((e) => e.name === name);
    const uniform = def.params.map((p) => {
      const values = new Set(entries.map((e) => e.params[p.name] ?? p.default));
      const [v] = values;
      return values.size === 1 ? Math.fround(v - (def.wgsl.relativeToRest.includes(p.name) ? vRest_mV : 0)) : null;
    });
    return { def, uniform, everywhere: entries.some((e) => e.where.includes('all')) };
  });
  return {
    cells,
    stimuli: model.stimuli.length,
    probes: model.record.length,
    columns: model.record.reduce((a, r) => a + (r.copies === 'all' ? cells : 1), 0),
    dt_ms,
    vRest_mV,
    cdtPerAreaFactor: cdtPerAreaFactor(model.membrane.cm_uF_per_cm2, dt_ms),
    mechanisms,
  };
}

/** The inputs of the kernel of packed data. */
export function kernelInputsOf(data: GpuModelData): KernelInputs {
  return {
    cells: data.cells,
    stimuli: data.stimuli.length,
    probes: data.probes.length,
    columns: data.columns,
    dt_ms: data.dt_ms,
    vRest_mV: data.vRest_mV,
    cdtPerAreaFactor: data.cdtPerAreaFactor,
    mechanisms: data.mechanisms,
  };
}

/** The pair of `work` where node 0 of copy 0's next (d, rhs) sits (population: after its solve's pairs). */
function pairBaseOf(data: GpuModelData, strategy: SolveStrategy): number {
  return strategy === 'population' ? data.nodes * data.cells : 0;
}

export class SimulationKernels {
  readonly params: GPUBuffer;
  readonly record: GPUBuffer;
  /** v − vRest of every node and cell, then the mechanisms' states. */
  readonly state: GPUBuffer;
  /** The (d, rhs) pairs: the next step's from `pairBase` on, and the strategy's solve's. */
  readonly work: GPUBuffer;
  readonly buffers: GPUBuffer[] = [];
  readonly recordRowBytes: number;
  private readonly bindGroup: GPUBindGroup;
  private readonly stepPipeline: GPUComputePipeline;
  private readonly stepGroups: number;

  private constructor(
    readonly device: GPUDevice,
    readonly data: GpuModelData,
    readonly opts: KernelOptions,
    parts: { bindGroup: GPUBindGroup; params: GPUBuffer; record: GPUBuffer; state: GPUBuffer; work: GPUBuffer; buffers: GPUBuffer[]; step: GPUComputePipeline },
  ) {
    this.bindGroup = parts.bindGroup;
    this.params = parts.params;
    this.record = parts.record;
    this.state = parts.state;
    this.work = parts.work;
    this.buffers = parts.buffers;
    this.stepPipeline = parts.step;
    this.recordRowBytes = 4 * Math.max(1, data.columns);
    this.stepGroups = opts.strategy === 'population' ? Math.ceil(data.cells / opts.workgroupSize) : data.cells;
  }

  /**
   * The kernel and buffers of a packed model. `compiled`, a kernel compiled ahead (from the
   * model file), is taken when it is the one this model needs, else compiled here.
   */
  static async create(
    device: GPUDevice,
    data: GpuModelData,
    opts: KernelOptions,
    tree: { parent: Int32Array },
    compiled?: Promise<CompiledKernel | undefined>,
  ): Promise<SimulationKernels> {
    const label = `cablesim ${opts.strategy}`;
    const buffers: GPUBuffer[] = [];
    const make = (name: string, size: number, usage: number, contents?: ArrayBufferView | ArrayBuffer | ((mapped: ArrayBuffer) => void)): GPUBuffer => {
      const b = device.createBuffer({ label: `${label}: ${name}`, size: Math.max(16, Math.ceil(size / 4) * 4), usage, mappedAtCreation: !!contents });
      if (typeof contents === 'function') contents(b.getMappedRange());
      else if (contents) {
        const src = contents instanceof ArrayBuffer ? new Uint8Array(contents) : new Uint8Array(contents.buffer, contents.byteOffset, contents.byteLength);
        new Uint8Array(b.getMappedRange()).set(src);
      }
      if (contents) b.unmap();
      buffers.push(b);
      return b;
    };
    const STORAGE = GPUBufferUsage.STORAGE;

    const shape: Partial<Record<ShapeField, number>> = { NODES: data.nodes };
    let shared: SharedSizes | undefined;
    let index = data.mechNode;
    // population: (d, rhs) per node, then the next step's assembled pair per node; workgroup:
    // (d, rhs) per node, a slot per block; shared: the next step's (d, rhs) per node (kept in
    // workgroup memory during a dispatch)
    let workSlots = 2 * data.nodes;
    if (opts.strategy === 'workgroup' || opts.strategy === 'shared') {
      const s = opts.schedule;
      if (!s) throw new Error(`the ${opts.strategy} strategy needs a block schedule`);
      // each scheduled node as (node, parent) in GPU numbering, the root as its own parent
      const gpu = data.gpuOfSolve;
      const solveNodes = new Uint32Array(2 * s.nodes.length);
      s.nodes.forEach((i, j) => solveNodes.set([gpu[i], gpu[tree.parent[i] < 0 ? i : tree.parent[i]]], 2 * j));
      const parts = [data.mechNode, s.levelStart, s.blocks, s.children, solveNodes];
      parts.push(stimulusOwners(data, opts.workgroupSize));
      index = new Uint32Array(parts.reduce((a, x) => a + x.length, 0));
      const at: number[] = [];
      parts.reduce((o, x) => (index.set(x, o), at.push(o), o + x.length), 0);
      Object.assign(shape, { MECH_NODES: data.mechNodeCount, DEPTH: s.depth, SCHED_LEVELS: at[1], SCHED_BLOCKS: at[2], SCHED_CHILDREN: at[3], SCHED_NODES: at[4], STIM_OWNER: at[5] });
      workSlots = data.nodes + s.count;
      if (opts.strategy === 'shared') {
        shared = { nodes: data.nodes, slots: data.nodes + s.count, stateProbes: data.probes.some((p) => p.offset >= data.nodes * data.cells) };
        workSlots = data.nodes;
      }
    }
    const shapeWordsOf = shapeWords(shape, data.mechanisms);
    const spec = await kernelSpec(kernelInputsOf(data), opts.strategy, { workgroupSize: opts.workgroupSize, lockstepWidth: opts.lockstepWidth, shared, shape: shapeWordsOf });
    const ahead = compiled ? await compiled.catch(() => undefined) : undefined;
    const kernel = ahead && ahead.key === spec.key ? ahead : await compileKernel(device, spec);
    const pairBase = pairBaseOf(data, opts.strategy);

    const params = make('step params', opts.slots * PARAM_SLOT_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    const nodes = make('nodes', data.nodeStructs.byteLength, STORAGE, data.nodeStructs);
    const indexBuf = make('index', index.byteLength, STORAGE, index);
    const mechConst = make('mechanism constants', data.mechConst.byteLength, STORAGE, data.mechConst);
    const stimuli = make('stimuli', data.stimulusStructs.byteLength, STORAGE, data.stimulusStructs);
    const probes = make('probes', data.probeStructs.byteLength, STORAGE, data.probeStructs);
    const state = make('state', 4 * data.stateWords, STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, (m) => writeInitialState(data, new Float32Array(m)));
    const work = make('work', 8 * workSlots * data.cells, STORAGE | GPUBufferUsage.COPY_DST, (m) => writeInitialPairs(data, new Float32Array(m), pairBase));
    const record = make('record', 4 * Math.max(1, data.columns) * opts.rowsPerChunk, STORAGE | GPUBufferUsage.COPY_SRC);
    const shapeBuf = make('shape', shapeWordsOf.byteLength, GPUBufferUsage.UNIFORM, shapeWordsOf);
    const bound = [params, nodes, indexBuf, mechConst, stimuli, probes, state, work, record, shapeBuf];
    const bindGroup = device.createBindGroup({
      label: `${label}: bind group`,
      layout: kernel.layout,
      entries: bound.map((buffer, binding) => ({ binding, resource: binding === 0 ? { buffer, size: STEP_PARAMS_LAYOUT.size } : { buffer } })),
    });
    let step: GPUComputePipeline;
    try {
      step = await kernel.pipeline;
    } catch (e) {
      for (const b of buffers) b.destroy();
      throw new CablesimError(`the GPU could not build the simulation kernels: ${(e as Error).message}`);
    }
    return new SimulationKernels(device, data, opts, { bindGroup, params, record, state, work, buffers, step });
  }

  /** Put the initial state back (queued before whatever is submitted next). */
  writeInitial(): void {
    const { data } = this;
    const state = new Float32Array(data.stateWords);
    writeInitialState(data, state);
    this.device.queue.writeBuffer(this.state, 0, state);
    const base = pairBaseOf(data, this.opts.strategy);
    const work = new Float32Array(2 * data.nodes * data.cells);
    writeInitialPairs(data, work, 0);
    this.device.queue.writeBuffer(this.work, 8 * base, work);
  }

  /** The dispatch whose parameters are in slot `slot`. */
  encodeSteps(pass: GPUComputePassEncoder, slot: number): void {
    pass.setPipeline(this.stepPipeline);
    pass.setBindGroup(0, this.bindGroup, [slot * PARAM_SLOT_BYTES]);
    pass.dispatchWorkgroups(this.stepGroups);
  }

  dispose(): void {
    for (const b of this.buffers) b.destroy();
  }
}
