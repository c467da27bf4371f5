/**
 * The demos' models, built as `cablesim-model/1` objects in the page and validated like a
 * model file (so the pages exercise the same path as the CLI).
 */
import type { CellGeometry } from '../../src/model/geometry.js';
import { buildSimulation } from '../../src/model/load.js';
import { prepareSimulation, type Simulation } from '../../src/model/simulation.js';
import { validateModel } from '../../src/model/validate.js';

/** Area of the point neuron's membrane [µm²]: 1000 µm² = 1e-5 cm², so 1 µA/cm² is 0.01 nA. */
export const POINT_AREA_UM2 = 1000;
/** Side of the point neuron's cylinder (length = diameter) giving `POINT_AREA_UM2` [µm]. */
const POINT_SIDE_UM = Math.sqrt(POINT_AREA_UM2 / Math.PI);
/** nA per µA/cm² on the point neuron. */
export const NA_PER_UA_CM2 = POINT_AREA_UM2 * 1e-8 * 1e3;

export interface PointNeuronSpec {
  /** Temperature [°C]. */
  celsius: number;
  /** Na⁺ and K⁺ reversal potentials [mV]. */
  ena_mV: number;
  ek_mV: number;
  /** Current step: amplitude [µA/cm²], start and duration [ms]. */
  amp_uA_cm2: number;
  delay_ms: number;
  dur_ms: number;
  tstop_ms: number;
  /** Maximal conductances [S/cm²]. */
  gnabar: number;
  gkbar: number;
  gl: number;
  /** Leak reversal [mV]. */
  el_mV: number;
}

export const POINT_DEFAULTS: PointNeuronSpec = {
  celsius: 6.3,
  ena_mV: 50,
  ek_mV: -77,
  amp_uA_cm2: 10,
  delay_ms: 10,
  dur_ms: 60,
  tstop_ms: 100,
  gnabar: 0.12,
  gkbar: 0.036,
  gl: 0.0003,
  el_mV: -54.3,
};

/** An isopotential HH compartment of 1000 µm², recording v, m, h and n. */
export function pointNeuron(p: PointNeuronSpec, record = true): Simulation {
  const at = { section: 'soma', x: 0.5 };
  const model = validateModel(
    {
      format: 'cablesim-model/1',
      morphology: { sections: [{ name: 'soma', length_um: POINT_SIDE_UM, diam_um: POINT_SIDE_UM, nseg: 1 }] },
      membrane: { cm_uF_per_cm2: 1, Ra_ohm_cm: 35.4, vInit_mV: -65, celsius: p.celsius },
      mechanisms: [
        { name: 'hh', where: ['soma'], params: { gnabar: p.gnabar, gkbar: p.gkbar, gl: p.gl, el: p.el_mV, ena: p.ena_mV, ek: p.ek_mV } },
      ],
      stimuli: [{ type: 'iclamp', at, delay_ms: p.delay_ms, dur_ms: p.dur_ms, amp_nA: p.amp_uA_cm2 * NA_PER_UA_CM2 }],
      record: record
        ? [
            { label: 'v', at, var: 'v' },
            { label: 'm', at, var: 'm_hh' },
            { label: 'h', at, var: 'h_hh' },
            { label: 'n', at, var: 'n_hh' },
          ]
        : [{ label: 'v', at, var: 'v' }],
      run: { tstop_ms: p.tstop_ms, dt_ms: 0.025 },
    },
    'neuron (page model)',
  );
  return buildSimulation(model);
}

export interface AxonSpec {
  length_um: number;
  diam_um: number;
  celsius: number;
  /** Stimulus amplitude [nA], duration [ms] and the start at the near (x=0) end [ms]. */
  amp_nA: number;
  dur_ms: number;
  delay_ms: number;
  /** Also stimulate the far end, starting at `delay2_ms`. */
  both: boolean;
  delay2_ms: number;
  tstop_ms: number;
  /** Segment length [µm]. */
  segment_um: number;
}

export const AXON_DEFAULTS: AxonSpec = {
  length_um: 10000,
  diam_um: 1,
  celsius: 6.3,
  amp_nA: 0.3,
  dur_ms: 0.5,
  delay_ms: 1,
  both: false,
  delay2_ms: 1,
  tstop_ms: 30,
  segment_um: 20,
};

/** Where along the axon the page records (fractions of its length). */
export const AXON_PROBES = [0.1, 0.3, 0.5, 0.9] as const;

/** An unbranched HH axon, stimulated at one or both ends, recorded at `AXON_PROBES`. */
export function axon(p: AxonSpec): Simulation {
  const ends = [{ x: 0.005, delay: p.delay_ms }];
  if (p.both) ends.push({ x: 0.995, delay: p.delay2_ms });
  const model = validateModel(
    {
      format: 'cablesim-model/1',
      morphology: { sections: [{ name: 'axon', length_um: p.length_um, diam_um: p.diam_um }] },
      discretization: { maxSegmentLength_um: p.segment_um },
      membrane: { cm_uF_per_cm2: 1, Ra_ohm_cm: 35.4, vInit_mV: -65, celsius: p.celsius },
      mechanisms: [{ name: 'hh', where: ['axon'] }],
      stimuli: ends.map((e) => ({
        type: 'iclamp',
        at: { section: 'axon', x: e.x },
        delay_ms: e.delay,
        dur_ms: p.dur_ms,
        amp_nA: p.amp_nA,
      })),
      record: AXON_PROBES.map((x) => ({ label: `x${x}`, at: { section: 'axon', x }, var: 'v' })),
      run: { tstop_ms: p.tstop_ms, dt_ms: 0.025 },
    },
    'axon (page model)',
  );
  return buildSimulation(model);
}

/** Channel densities of one region of a reconstructed cell (all hh). */
export interface RegionDensity {
  /** [S/cm²] */
  gnabar: number;
  gkbar: number;
  gl: number;
}

/**
 * Densities per SWC region the tree page starts with: full HH at soma and axon, a tenth of it in
 * the dendrites, so that a back-propagating spike shrinks as it spreads.
 */
export const REGION_DEFAULTS: Record<string, RegionDensity> = {
  soma: { gnabar: 0.12, gkbar: 0.036, gl: 0.0003 },
  axon: { gnabar: 0.12, gkbar: 0.036, gl: 0.0003 },
  dend: { gnabar: 0.012, gkbar: 0.0036, gl: 0.0003 },
  apic: { gnabar: 0.012, gkbar: 0.0036, gl: 0.0003 },
};

export interface TreeSpec {
  /** Name of the SWC file (for messages). */
  swcName: string;
  densities: Record<string, RegionDensity>;
  /** Stimulus site: a section name and position, amplitude [nA], start and duration [ms]. */
  stim: { section: string; x: number };
  amp_nA: number;
  delay_ms: number;
  dur_ms: number;
  tstop_ms: number;
}

/** A reconstructed cell (its parsed SWC geometry) with hh everywhere, densities per region. */
export function treeCell(p: TreeSpec, geometry: CellGeometry): Simulation {
  const regions = [...new Set(geometry.sections.map((s) => s.region))];
  const model = validateModel(
    {
      format: 'cablesim-model/1',
      morphology: { swc: p.swcName },
      discretization: { dLambda: 0.1 },
      membrane: { cm_uF_per_cm2: 1, Ra_ohm_cm: 100, vInit_mV: -65, celsius: 6.3 },
      mechanisms: regions.map((r) => {
        const d = p.densities[r] ?? REGION_DEFAULTS[r] ?? REGION_DEFAULTS.dend;
        return { name: 'hh', where: [r], params: { gnabar: d.gnabar, gkbar: d.gkbar, gl: d.gl } };
      }),
      stimuli: [{ type: 'iclamp', at: p.stim, delay_ms: p.delay_ms, dur_ms: p.dur_ms, amp_nA: p.amp_nA }],
      run: { tstop_ms: p.tstop_ms, dt_ms: 0.025 },
    },
    p.swcName,
  );
  return prepareSimulation(model, geometry);
}
