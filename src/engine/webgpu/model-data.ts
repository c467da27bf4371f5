/**
 * A `Simulation` packed for the GPU, on the host and in f64 until the last moment: the tree
 * (shared by all copies), the mechanisms' nodes, parameters (potentials relative to the
 * resting level) and tables, the stimulus table in whole steps, and the probes. Pure: no GPU
 * here, so the packing and the size limits are testable anywhere.
 */
import { CablesimError } from '../../model/errors.js';
import type { Simulation } from '../../model/simulation.js';
import type { MechanismDef } from '../../mechanisms/types.js';
import { NODE_LAYOUT, PROBE_LAYOUT, STIMULUS_LAYOUT, packStructs } from './layout.js';

/** µm² · (mA/cm²) → nA, and µm² · (S/cm²) → µS (as the CPU engine). */
const DENSITY_TO_ABS = 1e-2;
/** µm² · (µF/cm²) → nF. */
const CAP_TO_NF = 1e-5;

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
  /** Offset of its table in `mechConst`, −1 when it has none. */
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

/** `mechNode` value of a node without an instance of a mechanism. */
export const NO_INSTANCE = 0xffffffff;

export interface GpuModelData {
  cells: number;
  nodes: number;
  /** Time step [ms]. */
  dt_ms: number;
  /** Resting level v is stored relative to [mV] (the initial voltage). */
  vRest_mV: number;
  mechanisms: GpuMechanism[];
  /** `Node` structs. */
  nodeStructs: ArrayBuffer;
  /**
   * Per mechanism its instances' nodes, then per mechanism its instance at each node, then at
   * `orderBase` the nodes in the order of the workgroup strategy's per-node pass: the
   * `mechNodeCount` nodes that have a mechanism, then the rest.
   */
  mechNode: Uint32Array;
  orderBase: number;
  mechNodeCount: number;
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
}

const U32_MAX = 0xffffffff;

/** Words of state (v and mechanism states) per copy. */
export function stateWordsPerCell(sim: Simulation): number {
  return sim.tree.n + sim.mechanisms.reduce((a, m) => a + m.def.states.length * m.data.count, 0);
}

export function packModel(sim: Simulation): GpuModelData {
  const { tree, copies: cells } = sim;
  const n = tree.n;
  const vRest = sim.vInit_mV;
  const nodeStructs = packStructs(
    NODE_LAYOUT,
    Array.from({ length: n }, (_, i) => ({
      parent: tree.parent[i],
      g_axial_uS: tree.gAxial_uS[i],
      cdt_uS: (sim.cm_uF_per_cm2 * tree.area_um2[i] * CAP_TO_NF) / sim.dt_ms,
      area_factor: tree.area_um2[i] * DENSITY_TO_ABS,
    })),
  );

  // index words (`mechNode`) and constants (`mechConst`) in typed pieces, joined at the end
  const nodeParts: Uint32Array[] = [];
  const constParts: ArrayLike<number>[] = [];
  let nodeWords = 0, constWords = 0;
  const addNodes = (xs: Uint32Array) => (nodeParts.push(xs), (nodeWords += xs.length) - xs.length);
  const addConsts = (xs: ArrayLike<number>) => (constParts.push(xs), (constWords += xs.length) - xs.length);

  const mechanisms: GpuMechanism[] = [];
  let stateBase = n * cells;
  for (const { def, data } of sim.mechanisms) {
    const m: GpuMechanism = { def, count: data.count, nodeBase: 0, paramBase: constWords, stateBase, tableBase: -1, instBase: -1, uniform: [], everywhere: false };
    m.nodeBase = addNodes(Uint32Array.from(data.node.subarray(0, data.count)));
    def.params.forEach((p, j) => {
      const shift = def.wgsl.relativeToRest.includes(p.name) ? vRest : 0;
      const values = new Float32Array(data.count);
      for (let k = 0; k < data.count; k++) values[k] = data.param[j][k] - shift;
      m.uniform.push(values.length > 0 && values.every((x) => x === values[0]) ? values[0] : null);
      addConsts(values);
    });
    if (def.wgsl.table) m.tableBase = addConsts(def.wgsl.table({ dt_ms: sim.dt_ms, celsius: sim.celsius }));
    stateBase += def.states.length * data.count * cells;
    mechanisms.push(m);
  }

  const hasMech = new Uint8Array(n);
  for (const [j, m] of mechanisms.entries()) {
    const inst = new Uint32Array(n).fill(NO_INSTANCE);
    const node = sim.mechanisms[j].data.node;
    for (let k = 0; k < m.count; k++) (inst[node[k]] = k), (hasMech[node[k]] = 1);
    m.instBase = addNodes(inst);
  }
  // the nodes with at least one mechanism, then the others (zero-area section ends, mostly)
  const order = new Uint32Array(n);
  let mechNodeCount = 0;
  for (let i = 0; i < n; i++) if (hasMech[i]) order[mechNodeCount++] = i;
  for (let i = 0, q = mechNodeCount; i < n; i++) if (!hasMech[i]) order[q++] = i;
  const orderBase = addNodes(order);
  for (const m of mechanisms) m.everywhere = m.count === mechNodeCount;

  const join = <T extends Uint32Array | Float32Array>(out: T, parts: ArrayLike<number>[]): T => {
    parts.reduce((o, x) => (out.set(x, o), o + x.length), 0);
    return out;
  };

  const stimuli = sim.stimuli.map((st) => ({
    node: st.node,
    // the steps of `prepareSimulation`, as the CPU engine takes them; u32 on the GPU
    on_step: Math.min(st.onStep, U32_MAX),
    off_step: Math.min(st.offStep, U32_MAX),
    amp_nA: st.amp_nA,
  }));

  let column = 0;
  const probes = sim.records.map((r) => {
    const all = r.allCopies && cells > 1;
    const p = {
      offset: r.mechanism < 0 ? r.node * cells : mechanisms[r.mechanism].stateBase + (r.state * mechanisms[r.mechanism].count + r.instance) * cells,
      column,
      all_copies: all ? 1 : 0,
      add_mV: r.mechanism < 0 ? vRest : 0,
    };
    column += r.allCopies ? cells : 1;
    return p;
  });

  return {
    cells,
    nodes: n,
    dt_ms: sim.dt_ms,
    vRest_mV: vRest,
    mechanisms,
    nodeStructs,
    mechNode: join(new Uint32Array(Math.max(1, nodeWords)), nodeParts),
    orderBase,
    mechNodeCount,
    mechConst: join(new Float32Array(Math.max(1, constWords)), constParts),
    stimuli,
    stimulusStructs: packStructs(STIMULUS_LAYOUT, stimuli),
    probes,
    probeStructs: packStructs(PROBE_LAYOUT, probes),
    columns: column,
    stateWords: stateBase,
  };
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
