/**
 * The one interface both engines serve. An engine takes a prepared `Simulation` (see
 * `src/model/simulation.ts`), runs it to `tstop`, and returns the recorded traces.
 */
import type { Simulation } from '../model/simulation.js';

export type BackendName = 'cpu' | 'webgpu';

/** Recorded traces, columnar: one shared time axis and one array per recorded column. */
export interface Traces {
  /** Time of each sample [ms]: 0, dt, 2·dt, … tstop. */
  t_ms: Float64Array;
  /** Column labels, as the CSV header writes them (`soma`, `soma@3`). */
  labels: string[];
  /** One array per label, the same length as `t_ms`; voltages in mV. */
  columns: Array<Float64Array | Float32Array>;
}

export interface RunOptions {
  /** Called now and then with the simulated time reached [ms]. */
  onProgress?: (t_ms: number, tstop_ms: number) => void;
}

/** What an interactive caller (a demo page) gets after advancing: enough to draw a frame. */
export interface Frame {
  /** Simulated time reached [ms]. */
  t_ms: number;
  /** Membrane voltage of every node of copy 0 at `t_ms` [mV], indexed as `simulation.tree`. */
  v_mV: Float32Array | Float64Array;
  /** The recorded columns over the steps just taken (not including the starting sample). */
  records: Traces;
}

export interface Engine {
  readonly backend: BackendName;
  /** Human-readable description (e.g. the adapter, or `cpu f64`). */
  readonly description: string;
  readonly simulation: Simulation;
  /** Simulated time reached [ms]. */
  readonly t_ms: number;
  /** Run from t = 0 to tstop and return every recorded column, the t = 0 sample included. */
  run(opts?: RunOptions): Promise<Traces>;
  /** Start over at t = 0: v = vInit everywhere, every gate at its steady state. */
  reset(): Promise<void>;
  /** Advance `steps` steps (past tstop if asked: interactive use has no end) and return a frame. */
  advance(steps: number): Promise<Frame>;
  dispose(): void;
}
