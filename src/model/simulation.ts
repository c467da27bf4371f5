/**
 * From a validated model and its geometry to a `Simulation`: everything an engine needs, in
 * plain arrays, for one cell (copies of a population share it). Both engines take this.
 */
import { MECHANISMS } from '../mechanisms/index.js';
import type { MechanismData, MechanismDef } from '../mechanisms/types.js';
import { discretize, nodeAt } from './discretize.js';
import type { CableTree } from './discretize.js';
import { CablesimError } from './errors.js';
import type { CellGeometry } from './geometry.js';
import type { Location, Model } from './types.js';

/** One mechanism's instances on one cell. */
export interface MechanismInstances {
  def: MechanismDef;
  /** Instances in node order; states are left zero until an engine initializes them. */
  data: MechanismData;
  /** Instance index at each node, −1 where the mechanism is absent. */
  instanceAt: Int32Array;
}

export interface StimulusAt {
  node: number;
  delay_ms: number;
  dur_ms: number;
  amp_nA: number;
  /**
   * The steps it is on: step s (from s·dt to (s+1)·dt) when onStep ≤ s < offStep, i.e. when the
   * step's midpoint, where NEURON evaluates it, lies in [delay, delay + dur). Both engines use these.
   */
  onStep: number;
  offStep: number;
}

export interface RecordAt {
  label: string;
  node: number;
  /** `v`, or `<state>_<mechanism>`. */
  var: string;
  /** For a state: index into `Simulation.mechanisms`, the state's index and the instance. */
  mechanism: number;
  state: number;
  instance: number;
  /** Record every copy of a population (as `label@i` for i > 0), not only copy 0. */
  allCopies: boolean;
}

export interface Simulation {
  model: Model;
  geometry: CellGeometry;
  tree: CableTree;
  /** Independent copies of the cell (population size). */
  copies: number;
  mechanisms: MechanismInstances[];
  stimuli: StimulusAt[];
  records: RecordAt[];
  dt_ms: number;
  tstop_ms: number;
  /** Number of steps: NEURON's `continuerun(tstop)` count, round(tstop/dt) with halves down. */
  nsteps: number;
  vInit_mV: number;
  celsius: number;
  cm_uF_per_cm2: number;
  /** Segments per cell (nodes with membrane). */
  compartments: number;
  /** Things in the model that do nothing, worth telling the user (one line each). */
  warnings: string[];
}

/** The first step s ≥ 0 whose midpoint (s + ½)·dt is at or after `t_ms` (compared in f64). */
export function firstStepAtOrAfter(t_ms: number, dt_ms: number): number {
  let s = Math.max(0, Math.ceil(t_ms / dt_ms - 0.5));
  while (s > 0 && (s - 1 + 0.5) * dt_ms >= t_ms) s--;
  while ((s + 0.5) * dt_ms < t_ms) s++;
  return s;
}

/** NEURON's step count for `continuerun(tstop)`: it steps while t < tstop − dt/2. */
export function stepCount(tstop_ms: number, dt_ms: number): number {
  return Math.max(0, Math.ceil(tstop_ms / dt_ms - 0.5 - 1e-9));
}

/** Human name of a node, `dend[3](0.25)`, for messages. */
export function nodeName(tree: CableTree, node: number): string {
  const s = tree.sections[tree.nodeSection[node]];
  if (node === s.endNode) return `${s.name}(1)`;
  if (node < s.firstNode) return `${s.name}(0)`;
  const x = (node - s.firstNode + 0.5) / s.nseg;
  return `${s.name}(${Number(x.toFixed(4))})`;
}

function sectionsMatching(cell: CellGeometry, where: string): number[] {
  if (where === 'all') return cell.sections.map((_, i) => i);
  const out: number[] = [];
  cell.sections.forEach((s, i) => {
    if (s.region === where || s.name === where) out.push(i);
  });
  return out;
}

/** Region names an SWC file can have (see src/model/swc.ts: regionName). */
const SWC_REGION = /^(soma|axon|dend|apic|type_-?\d+)$/;

function regionList(cell: CellGeometry): string {
  return [...new Set(cell.sections.map((s) => s.region))].join(', ');
}

function resolveLocation(model: Model, cell: CellGeometry, tree: CableTree, at: Location, where: string): number {
  const file = model.sourcePath;
  if ('swcId' in at) {
    if (!cell.fromSwc) throw new CablesimError('swcId needs an SWC morphology', { file, where });
    // NEURON's reference runner puts sample 1 (the soma's first sample) at soma[0](0.5).
    if (at.swcId === 1) {
      const soma = cell.sections.findIndex((s) => s.region === 'soma');
      if (soma >= 0) return nodeAt(tree, soma, 0.5);
    }
    let atStart = -1;
    for (let s = 0; s < cell.sections.length; s++) {
      const sec = cell.sections[s];
      const ids = sec.swcId;
      if (!ids) continue;
      for (let i = 0; i < ids.length; i++) {
        if (ids[i] !== at.swcId) continue;
        if (i === 0) {
          if (atStart < 0) atStart = s;
          continue;
        }
        return nodeAt(tree, s, sec.arc_um[i] / sec.arc_um[sec.arc_um.length - 1]);
      }
    }
    if (atStart >= 0) return nodeAt(tree, atStart, 0);
    throw new CablesimError(`no SWC sample with id ${at.swcId} in the morphology`, { file, where: `${where}.swcId` });
  }
  let s = cell.sections.findIndex((sec) => sec.name === at.section);
  if (s < 0) s = cell.sections.findIndex((sec) => sec.region === at.section);
  if (s < 0) {
    throw new CablesimError(`no section named "${at.section}"`, { file, where: `${where}.section` });
  }
  return nodeAt(tree, s, at.x);
}

/**
 * One mechanism's parameters at every node while the model's entries are applied: flat
 * arrays rather than an array per node, which cost a large cell thousands of allocations.
 */
interface ParamTable {
  def: MechanismDef;
  /** Parameter p at node i is `values[p · n + i]` (n: nodes in the tree). */
  values: Float64Array;
  /** 1 at the nodes where the mechanism is inserted. */
  inserted: Uint8Array;
}

/**
 * The mechanisms of the model on the tree, in the order of their first entry: each entry
 * inserts into its sections' segments, and a later entry's parameters win over an earlier's.
 * Appends a warning for each `where` that selects nothing.
 */
function insertMechanisms(model: Model, cell: CellGeometry, tree: CableTree, warnings: string[]): MechanismInstances[] {
  const file = model.sourcePath;
  const byName = new Map<string, ParamTable>();
  model.mechanisms.forEach((entry, ei) => {
    const def = MECHANISMS[entry.name];
    if (!def) throw new CablesimError(`unknown mechanism "${entry.name}"`, { file, where: `mechanisms[${ei}].name` });
    let table = byName.get(entry.name);
    if (!table) {
      table = { def, values: new Float64Array(def.params.length * tree.n), inserted: new Uint8Array(tree.n) };
      byName.set(entry.name, table);
    }
    const given = def.params.map((d) => entry.params[d.name]); // undefined: not given
    entry.where.forEach((w, wi) => {
      const secs = sectionsMatching(cell, w);
      if (secs.length === 0 && cell.fromSwc && !SWC_REGION.test(w)) {
        throw new CablesimError(`"${w}" is no region of an SWC cell (soma, axon, dend, apic, type_N) nor a section of this one`, {
          file,
          where: `mechanisms[${ei}].where[${wi}]`,
        });
      }
      if (secs.length === 0) {
        // As NEURON's scripts do (the spec's own example inserts pas in a "dend" it lacks):
        // nothing to insert into is not an error, but the user hears of it.
        const at = [file, `mechanisms[${ei}].where[${wi}]`].filter(Boolean).join(': ');
        warnings.push(`${at}: no section or region is named "${w}" (have: ${regionList(cell)}), so ${entry.name} is not inserted there`);
      }
      for (const si of secs) {
        const sec = tree.sections[si];
        insertAt(table!, sec.firstNode, sec.firstNode + sec.nseg, given);
      }
    });
  });
  return [...byName.values()].map((table) => instancesOf(table, tree.n));
}

/** Insert into nodes `from` … `to − 1`: defaults where new, then the parameters given. */
function insertAt(table: ParamTable, from: number, to: number, given: (number | undefined)[]): void {
  const { def, values, inserted } = table;
  const n = inserted.length;
  for (let node = from; node < to; node++) {
    if (!inserted[node]) {
      inserted[node] = 1;
      for (let p = 0; p < def.params.length; p++) values[p * n + node] = def.params[p].default;
    }
    for (let p = 0; p < given.length; p++) {
      const v = given[p];
      if (v !== undefined) values[p * n + node] = v;
    }
  }
}

/** The instances of a filled table, in node order. */
function instancesOf(table: ParamTable, n: number): MechanismInstances {
  const { def, values, inserted } = table;
  const instanceAt = new Int32Array(n).fill(-1);
  let count = 0;
  for (let node = 0; node < n; node++) if (inserted[node]) instanceAt[node] = count++;
  const node = new Int32Array(count);
  for (let i = 0; i < n; i++) if (inserted[i]) node[instanceAt[i]] = i;
  const param = def.params.map((_, p) => {
    const column = new Float64Array(count);
    for (let k = 0; k < count; k++) column[k] = values[p * n + node[k]];
    return column;
  });
  const data: MechanismData = { count, node, param, state: def.states.map(() => new Float64Array(count)) };
  return { def, data, instanceAt };
}

/** Build the simulation of a validated model on its geometry. */
export function prepareSimulation(model: Model, cell: CellGeometry): Simulation {
  const file = model.sourcePath;
  const m = model.membrane;
  const tree = discretize(cell, { rule: model.discretization, Ra_ohm_cm: m.Ra_ohm_cm, cm_uF_per_cm2: m.cm_uF_per_cm2 });

  const warnings: string[] = [];
  const mechanisms = insertMechanisms(model, cell, tree, warnings);

  const stimuli: StimulusAt[] = model.stimuli.map((st, i) => ({
    node: resolveLocation(model, cell, tree, st.at, `stimuli[${i}].at`),
    delay_ms: st.delay_ms,
    dur_ms: st.dur_ms,
    amp_nA: st.amp_nA,
    onStep: firstStepAtOrAfter(st.delay_ms, model.run.dt_ms),
    offStep: firstStepAtOrAfter(st.delay_ms + st.dur_ms, model.run.dt_ms),
  }));

  const records: RecordAt[] = model.record.map((r, i) => {
    const node = resolveLocation(model, cell, tree, r.at, `record[${i}].at`);
    let mechanism = -1, state = -1, instance = -1;
    if (r.var !== 'v') {
      const cut = r.var.lastIndexOf('_');
      const mech = r.var.slice(cut + 1), st = r.var.slice(0, cut);
      mechanism = mechanisms.findIndex((mi) => mi.def.name === mech);
      state = mechanism >= 0 ? mechanisms[mechanism].def.states.indexOf(st) : -1;
      instance = mechanism >= 0 ? mechanisms[mechanism].instanceAt[node] : -1;
      if (cut < 0 || state < 0 || instance < 0) {
        throw new CablesimError(`cannot record "${r.var}" there: no such state of a mechanism at ${nodeName(tree, node)}`, {
          file,
          where: `record[${i}].var`,
        });
      }
    }
    return { label: r.label, node, var: r.var, mechanism, state, instance, allCopies: r.copies === 'all' };
  });

  return {
    model,
    geometry: cell,
    tree,
    copies: model.population.count,
    mechanisms,
    stimuli,
    records,
    dt_ms: model.run.dt_ms,
    tstop_ms: model.run.tstop_ms,
    nsteps: stepCount(model.run.tstop_ms, model.run.dt_ms),
    vInit_mV: m.vInit_mV,
    celsius: m.celsius,
    cm_uF_per_cm2: m.cm_uF_per_cm2,
    compartments: tree.compartments,
    warnings,
  };
}
