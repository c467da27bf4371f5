/**
 * A `Simulation` packed for the GPU, on the host and in f64 until the last moment: the tree
 * (shared by all copies), the mechanisms' nodes, parameters (potentials relative to the
 * resting level) and tables, the stimulus table in whole steps, and the probes. Pure: no GPU
 * here, so the packing and the size limits are testable anywhere.
 */
import { CablesimError } from '../../model/errors.js';
import type { Simulation } from '../../model/simulation.js';
import type { MechanismDef } from '../../mechanisms/types.js';
import { CAP_TO_NF, DENSITY_TO_ABS } from '../units.js';
import { NODE_LAYOUT, PROBE_LAYOUT, STIMULUS_LAYOUT, packStructs } from './layout.js';


/** Where one mechanism's data sits in the shared buffers (offsets in words). */
export interface GpuMechanism {
  def: MechanismDef;
  /** Instances per cell. */
  count: number;
  /** Offset of its instance nodes in `mechNode`. */
  nodeBase: number;
  /** Offset of its parameters in `mechConst` (parameter j of instance k at base + j·count + k). */
  paramBase: number;
  /** Offset of its states in `state` (state j, instance k, cell c at base + (j·count + k)·cells + c). */
  stateBase: number;
  /** Offset of its table in `mechConst`, a multiple of 4 (read as vec4s), −1 when it has none. */
  tableBase: number;
  /** Offset in `mechNode` of its instance at each node (NODES entries, NO_INSTANCE where none). */
  instBase: number;
  /**
   * Per parameter, its f32 value where every instance has the same (the usual case: the kernels
   * take it as a pipeline constant instead of loading it per node and step), else null.
   */
  uniform: (number | null)[];
  /** Whether every node that has a mechanism has this one. */
  everywhere: boolean;
}

/**
 * The tree the GPU solves: the model's nodes less those whose voltage always equals another's.
 * A leaf without membrane (the 1 end of a terminal section: no area, so no capacitance and no
 * mechanism) and without a stimulus has the matrix row g·(Δv − Δv_p) = g·(v_p − v) with v = v_p
 * from the start, so v = v_p at every step: it is left out and read as its parent. The
 * Purkinje cell has 569 of them among its 4,199 nodes; each cost a solve and a per-node visit.
 * Kept nodes stay in the model's order, parents first.
 */
export interface SolveTree {
  n: number;
  /** Parent among the kept nodes (−1 for a root); parent[i] < i. */
  parent: Int32Array;
  /** The model node of each kept node. */
  modelNode: Int32Array;
  /** Per model node, the kept node whose v it has (itself where kept). */
  solveOf: Int32Array;
  /** Per kept node, 1 where it has a mechanism. */
  hasMechanism: Uint8Array;
}

export function solveTree(sim: Simulation): SolveTree {
  const { tree } = sim;
  const n = tree.n;
  const leaf = new Uint8Array(n).fill(1);
  for (let i = 0; i < n; i++) if (tree.parent[i] >= 0) leaf[tree.parent[i]] = 0;
  const stimulated = new Uint8Array(n);
  for (const st of sim.stimuli) stimulated[st.node] = 1;
  const hasMech = new Uint8Array(n);
  for (const m of sim.mechanisms) for (let k = 0; k < m.data.count; k++) hasMech[m.data.node[k]] = 1;
  const solveOf = new Int32Array(n);
  const modelNode: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = tree.parent[i];
    if (p >= 0 && leaf[i] && tree.area_um2[i] === 0 && !hasMech[i] && !stimulated[i]) solveOf[i] = solveOf[p];
    else (solveOf[i] = modelNode.length), modelNode.push(i);
  }
  const kept = Int32Array.from(modelNode);
  const parent = Int32Array.from(kept, (i) => (tree.parent[i] < 0 ? -1 : solveOf[tree.parent[i]]));
  return { n: kept.length, parent, modelNode: kept, solveOf, hasMechanism: Uint8Array.from(kept, (i) => hasMech[i]) };
}

/**
 * The order of the nodes in the GPU's buffers: `tree`, the solve tree's (parents first: the
 * population strategy's sweeps), or `mech-first`, the nodes with a mechanism first, then the
 * others, each part in the solve tree's order (the block strategies' per-node pass takes node
 * q = thread + k·threads, contiguous, and a mechanism at every such node has instance q).
 */
export type NodeOrder = 'tree' | 'mech-first';

/** A node's C/dt over its area factor [µS]: cm/dt in those units. */
export function cdtPerAreaFactor(cm_uF_per_cm2: number, dt_ms: number): number {
  return (cm_uF_per_cm2 * CAP_TO_NF) / (DENSITY_TO_ABS * dt_ms);
}

/** `mechNode` value of a node without an instance of a mechanism. */
export const NO_INSTANCE = 0xffffffff;

export interface GpuModelData {
  cells: number;
  nodes: number;
  /** Time step [ms]. */
  dt_ms: number;
  /** Resting level v is stored relative to [mV] (the initial voltage). */
  vRest_mV: number;
  /** A node's C/dt over its `area_factor` [µS]: cm/dt in those units (cm is the cell's). */
  cdtPerAreaFactor: number;
  mechanisms: GpuMechanism[];
  /** `Node` structs. */
  nodeStructs: ArrayBuffer;
  /** Per mechanism its instances' nodes, then per mechanism its instance at each node. */
  mechNode: Uint32Array;
  /** Nodes with at least one mechanism (in `mech-first` order, nodes 0 … mechNodeCount − 1). */
  mechNodeCount: number;
  /** The GPU node of each node of the solve tree (`SolveTree`). */
  gpuOfSolve: Uint32Array;
  /** The GPU node whose v each node of the model has (a left-out node: its parent's). */
  gpuOfModel: Uint32Array;
  mechConst: Float32Array;
  /** The stimuli as the `Stimulus` structs hold them, and packed. */
  stimuli: Record<keyof typeof STIMULUS_LAYOUT.fields, number>[];
  stimulusStructs: ArrayBuffer;
  /** The probes as the `Probe` structs hold them, and packed. */
  probes: Record<keyof typeof PROBE_LAYOUT.fields, number>[];
  probeStructs: ArrayBuffer;
  /** Record columns (`recordColumns` order). */
  columns: number;
  /** Words of `state` for all cells. */
  stateWords: number;
  /** The initial state of one copy (every copy starts alike), see `writeInitialState`. */
  initial: {
    /** Per mechanism, state j of GPU instance k at j·count + k: the steady state at vInit. */
    states: Float32Array[];
    /** (d, rhs) of the first step per node, from the currents at vInit and the stimuli on then. */
    pairs: Float32Array;
    /** Record row 0: every column's value at t = 0. */
    row: Float32Array;
  };
}

const U32_MAX = 0xffffffff;

/** Words of state (v and mechanism states) per copy. */
export function stateWordsPerCell(sim: Simulation): number {
  return sim.tree.n + sim.mechanisms.reduce((a, m) => a + m.def.states.length * m.data.count, 0);
}

export function packModel(sim: Simulation, st: SolveTree = solveTree(sim), order: NodeOrder = 'tree'): GpuModelData {
  const { tree, copies: cells } = sim;
  const n = st.n;
  const vRest = sim.vInit_mV;
  const hasMech = st.hasMechanism;
  let mechNodeCount = 0;
  for (let i = 0; i < n; i++) mechNodeCount += hasMech[i];
  // GPU node of each solve-tree node
  const gpuOfSolve = new Uint32Array(n);
  for (let i = 0, a = 0, b = mechNodeCount; i < n; i++) gpuOfSolve[i] = order === 'tree' ? i : hasMech[i] ? a++ : b++;
  const gpuOfModel = Uint32Array.from(st.solveOf, (i) => gpuOfSolve[i]);
  const solveOfGpu = new Int32Array(n);
  gpuOfSolve.forEach((g, i) => (solveOfGpu[g] = i));
  // per GPU node: its model node, and its area factor (for the Node structs and the first pairs)
  const modelOfGpu = Int32Array.from(solveOfGpu, (i) => st.modelNode[i]);
  const areaFactor = Float64Array.from(modelOfGpu, (m) => tree.area_um2[m] * DENSITY_TO_ABS);
  const nodeStructs = packStructs(
    NODE_LAYOUT,
    Array.from({ length: n }, (_, g) => {
      const i = solveOfGpu[g];
      return {
        parent: st.parent[i] < 0 ? -1 : gpuOfSolve[st.parent[i]],
        g_axial_uS: tree.gAxial_uS[modelOfGpu[g]],
        area_factor: areaFactor[g],
      };
    }),
  );

  // index words (`mechNode`) and constants (`mechConst`) in typed pieces, joined at the end
  const nodeParts: Uint32Array[] = [];
  const constParts: ArrayLike<number>[] = [];
  let nodeWords = 0, constWords = 0;
  const addNodes = (xs: Uint32Array) => (nodeParts.push(xs), (nodeWords += xs.length) - xs.length);
  const addConsts = (xs: ArrayLike<number>) => (constParts.push(xs), (constWords += xs.length) - xs.length);
  // mech_const is read as vec4s: a table starts on one, and the buffer is whole vec4s
  const alignConsts = () => constWords % 4 && addConsts(new Float32Array(4 - (constWords % 4)));

  // Each mechanism's instances in GPU node order: instance k on the GPU is the model's
  // instance `modelInstance[k]`; `gpuInstance` maps back.
  const mechanisms: GpuMechanism[] = [];
  const gpuInstance: Int32Array[] = [];
  const modelInstances: number[][] = [];
  let stateBase = n * cells;
  for (const { def, data } of sim.mechanisms) {
    const m: GpuMechanism = { def, count: data.count, nodeBase: 0, paramBase: constWords, stateBase, tableBase: -1, instBase: -1, uniform: [], everywhere: false };
    const gpuNode = Uint32Array.from(data.node.subarray(0, data.count), (i) => gpuOfModel[i]);
    const modelInstance = Array.from({ length: data.count }, (_, k) => k).sort((x, y) => gpuNode[x] - gpuNode[y]);
    const back = new Int32Array(data.count);
    modelInstance.forEach((k, kg) => (back[k] = kg));
    gpuInstance.push(back);
    modelInstances.push(modelInstance);
    m.nodeBase = addNodes(Uint32Array.from(modelInstance, (k) => gpuNode[k]));
    def.params.forEach((p, j) => {
      const shift = def.wgsl.relativeToRest.includes(p.name) ? vRest : 0;
      const values = Float32Array.from(modelInstance, (k) => data.param[j][k] - shift);
      m.uniform.push(values.length > 0 && values.every((x) => x === values[0]) ? values[0] : null);
      addConsts(values);
    });
    if (def.wgsl.table) {
      alignConsts();
      m.tableBase = addConsts(def.wgsl.table({ dt_ms: sim.dt_ms, celsius: sim.celsius }));
    }
    stateBase += def.states.length * data.count * cells;
    const inst = new Uint32Array(n).fill(NO_INSTANCE);
    modelInstance.forEach((k, kg) => (inst[gpuNode[k]] = kg));
    m.instBase = addNodes(inst);
    m.everywhere = data.count === mechNodeCount;
    mechanisms.push(m);
  }

  // The initial state as the CPU engine takes it (f64, then f32): each mechanism at its steady
  // state at vInit (its CPU init, on fresh state arrays), and the first step's (d, rhs) from
  // the currents there and the stimuli on at step 0.
  const v0 = new Float64Array(tree.n).fill(vRest);
  const iSum = new Float64Array(tree.n), gSum = new Float64Array(tree.n);
  const env = { dt_ms: sim.dt_ms, celsius: sim.celsius };
  const initialStates = sim.mechanisms.map(({ def, data }, j) => {
    const d = { ...data, state: data.state.map((x) => new Float64Array(x.length)) };
    def.cpu.init(d, v0, env);
    def.cpu.current(d, v0, iSum, gSum);
    const out = new Float32Array(def.states.length * data.count);
    modelInstances[j].forEach((k, kg) => d.state.forEach((x, si) => (out[si * data.count + kg] = x[k])));
    return out;
  });
  // (d, rhs) = area factor · (C/dt per area factor + slope, −current), as the kernels assemble them
  const cdtPerArea = cdtPerAreaFactor(sim.cm_uF_per_cm2, sim.dt_ms);
  const pairs = new Float32Array(2 * n);
  for (let g = 0; g < n; g++) {
    const m = modelOfGpu[g];
    pairs[2 * g] = areaFactor[g] * (cdtPerArea + gSum[m]);
    pairs[2 * g + 1] = -areaFactor[g] * iSum[m];
  }
  for (const stim of sim.stimuli) if (stim.onStep <= 0 && 0 < stim.offStep) pairs[2 * gpuOfModel[stim.node] + 1] += stim.amp_nA;

  const join = <T extends Uint32Array | Float32Array>(out: T, parts: ArrayLike<number>[]): T => {
    parts.reduce((o, x) => (out.set(x, o), o + x.length), 0);
    return out;
  };

  const stimuli = sim.stimuli.map((stim) => ({
    node: gpuOfModel[stim.node],
    // the steps of `prepareSimulation`, as the CPU engine takes them; u32 on the GPU
    on_step: Math.min(stim.onStep, U32_MAX),
    off_step: Math.min(stim.offStep, U32_MAX),
    amp_nA: stim.amp_nA,
  }));

  let column = 0;
  const row: number[] = [];
  const probes = sim.records.map((r) => {
    const all = r.allCopies && cells > 1;
    const p = {
      offset:
        r.mechanism < 0
          ? gpuOfModel[r.node] * cells
          : mechanisms[r.mechanism].stateBase + (r.state * mechanisms[r.mechanism].count + gpuInstance[r.mechanism][r.instance]) * cells,
      column,
      all_copies: all ? 1 : 0,
      add_mV: r.mechanism < 0 ? vRest : 0,
    };
    column += r.allCopies ? cells : 1;
    const x0 = r.mechanism < 0 ? vRest : initialStates[r.mechanism][r.state * mechanisms[r.mechanism].count + gpuInstance[r.mechanism][r.instance]];
    for (let c = 0; c < (r.allCopies ? cells : 1); c++) row.push(x0);
    return p;
  });

  return {
    cells,
    nodes: n,
    dt_ms: sim.dt_ms,
    vRest_mV: vRest,
    cdtPerAreaFactor: cdtPerArea,
    mechanisms,
    nodeStructs,
    mechNode: join(new Uint32Array(Math.max(1, nodeWords)), nodeParts),
    mechNodeCount,
    gpuOfSolve,
    gpuOfModel,
    mechConst: join(new Float32Array(Math.max(4, Math.ceil(constWords / 4) * 4)), constParts),
    stimuli,
    stimulusStructs: packStructs(STIMULUS_LAYOUT, stimuli),
    probes,
    probeStructs: packStructs(PROBE_LAYOUT, probes),
    columns: column,
    stateWords: stateBase,
    initial: { states: initialStates, pairs, row: Float32Array.from(row) },
  };
}

/** Every copy's initial state into `state`, the state buffer's words: v − vRest = 0, then the mechanisms' states. */
export function writeInitialState(data: GpuModelData, state: Float32Array): void {
  const { cells, nodes, initial } = data;
  state.fill(0, 0, nodes * cells);
  data.mechanisms.forEach((m, j) => {
    const x = initial.states[j];
    for (let w = 0; w < x.length; w++) state.fill(x[w], m.stateBase + w * cells, m.stateBase + (w + 1) * cells);
  });
}

/**
 * Every copy's first (d, rhs) into `work` (pairs of f32) from pair `pairBase` on, node g of
 * copy c at pair pairBase + g·cells + c: where the strategy keeps the pairs it solves next.
 */
export function writeInitialPairs(data: GpuModelData, work: Float32Array, pairBase: number): void {
  const { cells, nodes, initial } = data;
  for (let g = 0, o = 2 * pairBase; g < nodes; g++) {
    const d = initial.pairs[2 * g], rhs = initial.pairs[2 * g + 1];
    for (let c = 0; c < cells; c++, o += 2) (work[o] = d), (work[o + 1] = rhs);
  }
}

/** The device limits that bound a model. */
export interface SizeLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  maxComputeWorkgroupsPerDimension: number;
}

const MiB = 1024 * 1024;

/**
 * Refuse, before any GPU work, a model larger than the device allows, saying how many copies
 * (or, for one copy, about how many compartments) would fit.
 */
export function checkModelFits(sim: Simulation, limits: SizeLimits, workgroupSize: number): void {
  const maxBytes = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const perCell = Math.max(4 * stateWordsPerCell(sim), 8 * sim.tree.n);
  const perCopyColumns = sim.records.filter((r) => r.allCopies).length;
  const fixedColumns = sim.records.length - perCopyColumns;
  const fitsByMemory = Math.floor(maxBytes / perCell);
  // one row of the record buffer must fit in a buffer
  const fitsByRecord = perCopyColumns > 0 ? Math.floor((maxBytes / 4 - fixedColumns) / perCopyColumns) : Infinity;
  const fitsByDispatch = limits.maxComputeWorkgroupsPerDimension * workgroupSize;
  const fits = Math.min(fitsByMemory, fitsByRecord, fitsByDispatch);
  if (sim.copies <= fits) return;
  const file = sim.model.sourcePath;
  const need = `${sim.copies} ${sim.copies === 1 ? 'copy' : 'copies'} of a ${sim.compartments}-compartment cell`;
  if (fits >= 1) {
    const why =
      fits === fitsByDispatch
        ? `${limits.maxComputeWorkgroupsPerDimension} workgroups of ${workgroupSize} per dispatch`
        : fits === fitsByMemory
          ? `${(maxBytes / MiB).toFixed(0)} MiB per GPU buffer and each copy needs ${(perCell / 1024).toFixed(1)} KiB`
          : `${(maxBytes / MiB).toFixed(0)} MiB per GPU buffer for one row of recorded columns`;
    throw new CablesimError(`the model is too large for this GPU: ${need}; at most ${fits} copies fit (${why})`, { file });
  }
  const compartments = Math.floor((sim.compartments * maxBytes) / perCell);
  throw new CablesimError(
    `the model is too large for this GPU: one copy of a ${sim.compartments}-compartment cell needs ${(perCell / MiB).toFixed(0)} MiB ` +
      `in one buffer, the adapter allows ${(maxBytes / MiB).toFixed(0)} MiB: about ${compartments} compartments fit`,
    { file },
  );
}
