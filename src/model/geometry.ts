/**
 * A cell's geometry as sections with 3-D points: what a `sections` morphology and an SWC
 * import both become, and what discretization takes. It mirrors what NEURON holds after
 * `Import3d` (or after setting `L` and `diam`): each section an unbranched run of points with
 * arc lengths and diameters, hanging from a point on its parent.
 */
export interface SectionGeometry {
  /** Name as NEURON prints it: the model's section name, or `soma[0]`, `dend[3]` for SWC. */
  name: string;
  /**
   * Region that a mechanism's `where` selects: the section's own name for a `sections`
   * morphology; `soma`, `axon`, `dend`, `apic` or `type_N` for SWC.
   */
  region: string;
  /** Index of the parent section in `CellGeometry.sections`, -1 for the root. Parents come first. */
  parent: number;
  /** Where on the parent the 0 end of this section attaches, 0..1. */
  parentX: number;
  /** Cumulative arc length of each 3-D point from the 0 end [µm]; starts at 0, never decreases. */
  arc_um: Float64Array;
  /** Diameter at each point [µm], > 0. The diameter varies linearly between points (frusta). */
  diam_um: Float64Array;
  /** Coordinates of each point, x0 y0 z0 x1 y1 z1 … [µm]; for drawing and for `swcId` lookup. */
  xyz_um: Float64Array;
  /** SWC sample id of each point, or -1 for a point not taken from a sample. SWC only. */
  swcId?: Int32Array;
  /** Segment count the model gives for this section; wins over the discretization rule. */
  nseg?: number;
}

export interface CellGeometry {
  sections: SectionGeometry[];
  /** True when the geometry came from an SWC file (`where` then lists regions). */
  fromSwc: boolean;
}

/** Section length [µm]: the arc length of its last point. */
export function sectionLength(s: SectionGeometry): number {
  return s.arc_um[s.arc_um.length - 1];
}
