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

export interface Engine {
  readonly backend: BackendName;
  /** Human-readable description (e.g. the adapter, or `cpu f64`). */
  readonly description: string;
  readonly simulation: Simulation;
  run(opts?: RunOptions): Promise<Traces>;
  dispose(): void;
}
