/**
 * The model file, `cablesim-model/1` (see README "Model format"), as TypeScript types.
 * `ModelFile` is what a file may contain; `Model` is the validated form with every default
 * filled in, the only form the rest of the code takes.
 */

export const MODEL_FORMAT = 'cablesim-model/1';

/** One unbranched cylinder of a `sections` morphology. */
export interface SectionSpec {
  name: string;
  /** Name of the section this one hangs from; absent for the root. */
  parent?: string;
  /** Where on the parent this section's 0 end attaches, 0..1 (default 1). */
  parentEnd?: number;
  length_um: number;
  diam_um: number;
  /** Number of segments; wins over the model's discretization rule. */
  nseg?: number;
}

export type MorphologySpec = { sections: SectionSpec[] } | { swc: string };

export type DiscretizationSpec =
  | { maxSegmentLength_um: number }
  | { dLambda: number; frequency_Hz?: number }
  | Record<string, never>;

export interface MembraneSpec {
  /** Specific capacitance [µF/cm²], default 1. */
  cm_uF_per_cm2: number;
  /** Axial resistivity [Ω·cm], default 35.4. */
  Ra_ohm_cm: number;
  /** Initial membrane potential [mV], default -65. */
  vInit_mV: number;
  /** Temperature [°C], default 6.3. */
  celsius: number;
}

export interface MechanismEntry {
  /** Mechanism name, e.g. `hh`, `pas`. */
  name: string;
  /** Section names (sections morphology), region names (SWC) or `all`. */
  where: string[];
  /** Parameter values in the mechanism's own units; missing ones take its defaults. */
  params: Record<string, number>;
}

/** A place on the cell: a section and a position along it, or an SWC sample. */
export type Location = { section: string; x: number } | { swcId: number };

export interface IClampSpec {
  type: 'iclamp';
  at: Location;
  delay_ms: number;
  dur_ms: number;
  amp_nA: number;
}

export type StimulusSpec = IClampSpec;

export interface RecordSpec {
  label: string;
  at: Location;
  /** `v` [mV], or a mechanism state such as `m_hh`. */
  var: string;
  /** `all` records every copy of a population as `label@i`; default copy 0 only. */
  copies?: 'all';
}

export interface RunSpec {
  tstop_ms: number;
  dt_ms: number;
}

export interface PopulationSpec {
  count: number;
}

/** A validated model with every default filled in. */
export interface Model {
  format: typeof MODEL_FORMAT;
  morphology: MorphologySpec;
  discretization: DiscretizationSpec;
  membrane: MembraneSpec;
  mechanisms: MechanismEntry[];
  stimuli: StimulusSpec[];
  record: RecordSpec[];
  run: RunSpec;
  population: PopulationSpec;
  /** File the model came from (for error messages), if any. */
  sourcePath?: string;
}
