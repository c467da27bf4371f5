/**
 * A membrane mechanism is described once (name, parameters with unit, default and range,
 * states) and implemented once per backend beside that description: CPU kernels here, WGSL
 * text for the WebGPU engine. One test holds the two implementations against each other.
 */

export interface ParamDef {
  /** Name as in the model file (`gnabar`). */
  name: string;
  /** Unit, as NEURON spells it (`S/cm2`, `mV`). */
  unit: string;
  /** NEURON's default. */
  default: number;
  /** Smallest value allowed (inclusive); absent for none. */
  min?: number;
  /** Largest value allowed (inclusive); absent for none. */
  max?: number;
  doc: string;
}

/** Things every mechanism sees that are not its own parameters. */
export interface MechanismEnv {
  /** Time step [ms]. */
  dt_ms: number;
  /** Temperature [°C]. */
  celsius: number;
}

/**
 * The instances of one mechanism in one simulation, structure of arrays: instance k sits on
 * node `node[k]`, its parameter p is `param[p][k]` and its state s is `state[s][k]`.
 */
export interface MechanismData {
  count: number;
  node: Int32Array;
  param: Float64Array[];
  state: Float64Array[];
}

/** CPU implementation, f64, as NEURON's generated C does it. */
export interface CpuMechanism {
  /** Set the states to their steady state at the node voltages `v` [mV]. */
  init(d: MechanismData, v: Float64Array, env: MechanismEnv): void;
  /**
   * Add each instance's current density [mA/cm², outward positive] into `i[node]` and its
   * slope d i/d v [S/cm²] into `g[node]`, at the node voltages `v` [mV] and present states.
   */
  current(d: MechanismData, v: Float64Array, i: Float64Array, g: Float64Array): void;
  /** Advance the states over one step `env.dt_ms` at the (new) node voltages `v` [mV]. */
  advance(d: MechanismData, v: Float64Array, env: MechanismEnv): void;
}

/**
 * WGSL implementation, f32, for the WebGPU engine. `code` defines, for a mechanism `x` with P
 * parameters and S states (the `s` argument and the last function only when S > 0):
 *
 *     fn x_current(vr: f32, p: array<f32, P>, s: array<f32, S>) -> vec2<f32>
 *         // (current density [mA/cm²], slope [S/cm²]) at vr = v − vRest [mV]
 *     fn x_advance(v: f32, p: array<f32, P>, s: array<f32, S>, dt: f32) -> array<f32, S>
 *
 * The engine takes the initial states from `cpu.init` (rounded to f32).
 *
 * `v` is absolute [mV]; `vr` is relative to the engine's resting level, and so are the
 * parameters named in `relativeToRest` (uploaded as value − vRest, computed in f64), so that
 * a driving force (v − e) is the difference of two small numbers. A mechanism with a `table`
 * reads it four words at a time through `x_table(q: u32) -> vec4<f32>` (words 4q … 4q + 3),
 * which the engine provides: on a CPU adapter a vec4 load costs about what two f32 loads do.
 */
export interface WgslMechanism {
  code: string;
  /** Parameters [mV] uploaded relative to the resting level. */
  relativeToRest: string[];
  /** A table computed on the host in f64 (e.g. NEURON's rate table) for a temperature; read as vec4s. */
  table?: (env: MechanismEnv) => Float64Array;
}

export interface MechanismDef {
  /** Name as in the model file (`hh`). */
  name: string;
  doc: string;
  params: ParamDef[];
  /** State variable names (`m`, `h`, `n`); recordable as `<state>_<name>`. */
  states: string[];
  cpu: CpuMechanism;
  wgsl: WgslMechanism;
}
