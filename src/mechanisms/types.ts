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

export interface MechanismDef {
  /** Name as in the model file (`hh`). */
  name: string;
  doc: string;
  params: ParamDef[];
  /** State variable names (`m`, `h`, `n`); recordable as `<state>_<name>`. */
  states: string[];
  cpu: CpuMechanism;
}
