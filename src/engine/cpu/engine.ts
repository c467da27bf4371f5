/**
 * The CPU reference engine: f64, NEURON's default fixed step.
 *
 * Each step, at t + dt/2 for the stimuli as NEURON evaluates them:
 *  1. every mechanism adds its current density i and slope di/dv at the present v and states;
 *  2. the matrix: diagonal C/dt + di/dv·A + Σ g_axial, off-diagonals −g_axial, right-hand side
 *     the net current into the node, with axial currents as g·(v_parent − v_node) (delta form);
 *  3. the Hines solve gives Δv (backward Euler);
 *  4. v += Δv, then every gate takes its exact exponential step at the new v.
 * Units: areas µm², conductances µS, currents nA, capacitances nF, voltages mV, time ms.
 *
 * Copies of a population are laid one after another (node k of copy c is c·n + k): one forest.
 */
import { CablesimError } from '../../model/errors.js';
import type { MechanismData, MechanismDef } from '../../mechanisms/types.js';
import { nodeName } from '../../model/simulation.js';
import type { Simulation } from '../../model/simulation.js';
import type { Engine, Frame, RunOptions, Traces } from '../types.js';
import { hinesSolve } from './hines.js';
import { recordColumns } from '../record.js';
import { CAP_TO_NF, DENSITY_TO_ABS } from '../units.js';


interface CpuMechanism {
  def: MechanismDef;
  data: MechanismData;
}

/** Replicate a per-cell array `copies` times, adding `shift·c` to copy c's values. */
function tileInt(a: Int32Array, copies: number, shift: number, keepNegative = false): Int32Array {
  const out = new Int32Array(a.length * copies);
  for (let c = 0; c < copies; c++) {
    for (let i = 0; i < a.length; i++) out[c * a.length + i] = keepNegative && a[i] < 0 ? a[i] : a[i] + c * shift;
  }
  return out;
}

function tileFloat(a: Float64Array, copies: number): Float64Array {
  const out = new Float64Array(a.length * copies);
  for (let c = 0; c < copies; c++) out.set(a, c * a.length);
  return out;
}

export class CpuEngine implements Engine {
  readonly backend = 'cpu' as const;
  readonly description = 'CPU reference engine (f64)';
  readonly simulation: Simulation;
  /** Node voltages [mV], all copies. */
  readonly v: Float64Array;
  private readonly N: number;
  private readonly parent: Int32Array;
  private readonly gAxial: Float64Array;
  private readonly cdt: Float64Array; // C/dt [µS]
  private readonly areaFactor: Float64Array; // area·1e-2
  private readonly mechs: CpuMechanism[];
  private readonly i: Float64Array;
  private readonly g: Float64Array;
  private readonly d: Float64Array;
  private readonly rhs: Float64Array;
  /** Simulated time reached [ms] and steps taken. */
  private step = 0;

  constructor(sim: Simulation) {
    this.simulation = sim;
    const { tree, copies } = sim;
    const n = tree.n;
    const N = (this.N = n * copies);
    this.parent = tileInt(tree.parent, copies, n, true);
    this.gAxial = tileFloat(tree.gAxial_uS, copies);
    this.cdt = new Float64Array(N);
    this.areaFactor = new Float64Array(N);
    for (let k = 0; k < N; k++) {
      const a = tree.area_um2[k % n];
      this.cdt[k] = (sim.cm_uF_per_cm2 * a * CAP_TO_NF) / sim.dt_ms;
      this.areaFactor[k] = a * DENSITY_TO_ABS;
    }
    this.mechs = sim.mechanisms.map(({ def, data }) => ({
      def,
      data: {
        count: data.count * copies,
        node: tileInt(data.node, copies, n),
        param: data.param.map((p) => tileFloat(p, copies)),
        state: def.states.map(() => new Float64Array(data.count * copies)),
      },
    }));
    this.v = new Float64Array(N);
    this.i = new Float64Array(N);
    this.g = new Float64Array(N);
    this.d = new Float64Array(N);
    this.rhs = new Float64Array(N);
    this.initialize();
  }

  /** Simulated time [ms]. */
  get t_ms(): number {
    return this.step * this.simulation.dt_ms;
  }

  /** v = vInit everywhere, every gate at its steady state (NEURON's finitialize). */
  async reset(): Promise<void> {
    this.initialize();
  }

  /** v = vInit everywhere, every gate at its steady state (NEURON's finitialize). */
  initialize(): void {
    this.step = 0;
    this.v.fill(this.simulation.vInit_mV);
    const env = { dt_ms: this.simulation.dt_ms, celsius: this.simulation.celsius };
    for (const m of this.mechs) m.def.cpu.init(m.data, this.v, env);
  }

  /** A state array of mechanism `m` (index into `simulation.mechanisms`), all copies. */
  state(m: number, s: number): Float64Array {
    return this.mechs[m].data.state[s];
  }

  /** Advance one step of dt. */
  stepOnce(): void {
    const sim = this.simulation;
    const { N, v, i, g, d, rhs, parent, gAxial, cdt, areaFactor } = this;
    const dt = sim.dt_ms;
    i.fill(0);
    g.fill(0);
    for (const m of this.mechs) m.def.cpu.current(m.data, v, i, g);
    for (let k = 0; k < N; k++) {
      const af = areaFactor[k];
      d[k] = cdt[k] + g[k] * af;
      rhs[k] = -i[k] * af;
    }
    const n = sim.tree.n;
    for (const st of sim.stimuli) {
      if (this.step >= st.onStep && this.step < st.offStep) {
        for (let c = 0; c < sim.copies; c++) rhs[c * n + st.node] += st.amp_nA;
      }
    }
    hinesSolve(parent, gAxial, v, d, rhs, N);
    let bad = -1;
    for (let k = 0; k < N; k++) {
      const x = v[k] + rhs[k];
      v[k] = x;
      if (x - x !== 0) bad = bad < 0 ? k : bad; // NaN or ±Infinity
    }
    this.step++;
    if (bad >= 0) {
      const copy = Math.floor(bad / n);
      throw new CablesimError(
        `the membrane voltage became ${v[bad]} at t = ${this.t_ms.toFixed(4)} ms in ${nodeName(sim.tree, bad % n)}` +
          (sim.copies > 1 ? ` of copy ${copy}` : '') +
          '; check the stimuli and parameters (or use a smaller dt)',
        { file: sim.model.sourcePath },
      );
    }
    const env = { dt_ms: dt, celsius: sim.celsius };
    for (const m of this.mechs) m.def.cpu.advance(m.data, v, env);
  }

  /** Copy the recorded values of the present state into row `row` of `rec`'s columns. */
  private sample(rec: ReturnType<typeof recordColumns<Float64Array>>, row: number): void {
    const sim = this.simulation;
    for (const c of rec.columns) {
      const r = c.record;
      c.values[row] =
        r.mechanism < 0
          ? this.v[c.copy * sim.tree.n + r.node]
          : this.state(r.mechanism, r.state)[c.copy * sim.mechanisms[r.mechanism].data.count + r.instance];
    }
  }

  async run(opts: RunOptions = {}): Promise<Traces> {
    const sim = this.simulation;
    this.initialize();
    const rec = recordColumns(sim, Float64Array, sim.nsteps + 1);
    this.sample(rec, 0);
    const every = Math.max(1, Math.floor(2e6 / Math.max(1, this.N)));
    for (let s = 1; s <= sim.nsteps; s++) {
      this.stepOnce();
      this.sample(rec, s);
      if (opts.onProgress && s % every === 0) opts.onProgress(this.t_ms, sim.tstop_ms);
    }
    opts.onProgress?.(this.t_ms, sim.tstop_ms);
    return rec.traces(0);
  }

  async advance(steps: number): Promise<Frame> {
    const rec = recordColumns(this.simulation, Float64Array, steps);
    const first = this.step + 1;
    for (let s = 0; s < steps; s++) {
      this.stepOnce();
      this.sample(rec, s);
    }
    return { t_ms: this.t_ms, v_mV: this.v.slice(0, this.simulation.tree.n), records: rec.traces(first) };
  }

  dispose(): void {}
}
