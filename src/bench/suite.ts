/**
 * The benchmark suite: a fixed, versioned list of workloads, each one model file in
 * `benchmarks/suite/models/`, described by the manifest `benchmarks/suite/suite.json` (made by
 * `benchmarks/suite/make-suite.ts`, never by hand). Browser-safe: types and pure functions.
 */

/** The suite's version: a change to any workload's model makes a new version. */
export const SUITE_VERSION = 'cablesim-bench/1';

/** The named selections of workloads. */
export type SuiteName = 'quick' | 'full';
export const SUITE_NAMES: readonly SuiteName[] = ['quick', 'full'];

/** Which family a workload belongs to (its sweep, or the single cases). */
export type WorkloadGroup = 'large-cell' | 'population' | 'axon' | 'rallpack';

/** The size of a workload as it runs. */
export interface WorkloadSize {
  /** Compartments (segments) per cell. */
  compartments: number;
  /** Copies of the cell (population size). */
  copies: number;
  /** Time steps. */
  steps: number;
  /** Time step [ms]. */
  dt_ms: number;
  /** Simulated time, steps × dt [ms]. */
  simulated_ms: number;
  /** Compartments × copies × steps: the work of one run. */
  compartment_steps: number;
}

/** The size of a simulation as a workload (a structural type keeps this file free of the model code). */
export function workloadSize(sim: { compartments: number; copies: number; nsteps: number; dt_ms: number }): WorkloadSize {
  return {
    compartments: sim.compartments,
    copies: sim.copies,
    steps: sim.nsteps,
    dt_ms: sim.dt_ms,
    simulated_ms: Number((sim.nsteps * sim.dt_ms).toFixed(9)),
    compartment_steps: sim.compartments * sim.copies * sim.nsteps,
  };
}

/** One workload: a model file and what it costs. */
export interface Workload extends WorkloadSize {
  /** Short stable name, e.g. `axon-10000`. */
  id: string;
  group: WorkloadGroup;
  /** The model file, relative to the manifest's folder (`models/axon-10000.json`). */
  file: string;
  /** One line: what the model is. */
  description: string;
}

/** `benchmarks/suite/suite.json`. */
export interface SuiteManifest {
  suite: string;
  /** How the files were made (the command). */
  generated_by: string;
  workloads: Workload[];
  /** Workload ids of each named suite. */
  suites: Record<SuiteName, string[]>;
}

/** The workloads of a named suite, in the manifest's order. */
export function suiteWorkloads(manifest: SuiteManifest, name: SuiteName): Workload[] {
  const ids = manifest.suites[name];
  if (!ids) throw new Error(`the suite manifest has no suite named "${name}"`);
  const byId = new Map(manifest.workloads.map((w) => [w.id, w]));
  return ids.map((id) => {
    const w = byId.get(id);
    if (!w) throw new Error(`suite "${name}" names the workload "${id}", which the manifest does not have`);
    return w;
  });
}

/** Total compartments of a workload (all copies). */
export function totalCompartments(w: Pick<Workload, 'compartments' | 'copies'>): number {
  return w.compartments * w.copies;
}
