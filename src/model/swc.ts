/**
 * SWC import: the sections NEURON 8.2 makes from an SWC file with
 * `Import3d_SWC_read` + `Import3d_GUI(r, 0).instantiate(None)`, point for point.
 *
 * Reading and checking the file is in `swc-parse.ts`, cutting the tree into sections as
 * Import3d does in `swc-import3d.ts`; this file names the sections and stores their points the
 * way NEURON stores them:
 * - Import3d hands each point to `pt3dadd` printed with `%.8g`, and NEURON keeps x, y, z and
 *   diameter as 32-bit floats; the arc length is summed in doubles from float differences.
 * - A root of a single point (a one-point or NeuroMorpho three-point soma) becomes three
 *   points along x, a cylinder as long as it is wide (the same area as the sphere), centred on
 *   the sample.
 * - Sections come in Import3d's order (parents first), not in NEURON's `allsec()` order
 *   (grouped by type). A section joined to the soma by a wire (NEURON's `pt3dstyle` logical
 *   connection) starts at its own first sample, away from the point where it attaches.
 * - Import3d prints a line when it drops a section; we drop the same sections silently.
 *
 * `swcId` of a point is the id of the sample it was made from, except -1 for a copy of the
 * parent's sample at the start of a child section (that sample belongs to the parent) and for
 * the two ends of a one-point soma's cylinder (the middle point carries the soma sample's id,
 * so it sits at x = 0.5). Samples that Import3d leaves out (the 2nd and 3rd points of a
 * three-point soma, sections it drops as one point or zero length) have no point.
 */
import type { CellGeometry, SectionGeometry } from './geometry.js';
import { readSwcSamples, type SwcSample } from './swc-parse.js';
import { import3dSections, type Import3dSection } from './swc-import3d.js';

/**
 * Parse SWC text into the sections NEURON's Import3d makes of it, parents first, named as
 * NEURON names them (`soma[0]`, `dend[3]`, `dend_5[0]` for SWC type 5).
 * @param text the SWC file's contents; coordinates and radii in µm
 * @param file file name for error messages
 * @returns sections with points [µm], `region` from the SWC type, `fromSwc: true`
 * @throws CablesimError naming the file and line when the input is not a single valid tree
 */
export function parseSwc(text: string, file?: string): CellGeometry {
  const samples = readSwcSamples(text, file);
  const perType = new Map<number, number>();
  const sections = import3dSections(samples).map((s): SectionGeometry => {
    const index = perType.get(s.type) ?? 0;
    perType.set(s.type, index + 1);
    return {
      name: `${sectionArrayName(s.type)}[${index}]`,
      region: regionName(s.type),
      parent: s.parent,
      parentX: s.parentX,
      ...storedPoints(s, samples),
    };
  });
  return { sections, fromSwc: true };
}

/** NEURON's section array for an SWC type, as Import3d names it. */
export function sectionArrayName(type: number): string {
  const known = ['soma', 'axon', 'dend', 'apic'][type - 1];
  if (known) return known;
  return type < 0 ? `minus_${-type}` : `dend_${type}`;
}

/** Region a mechanism's `where` selects for an SWC type: `soma`, `axon`, `dend`, `apic`, `type_N`. */
export function regionName(type: number): string {
  return ['soma', 'axon', 'dend', 'apic'][type - 1] ?? `type_${type}`;
}

/**
 * A section's points as NEURON holds them after `pt3dadd`. Written straight into the typed
 * arrays (no object per point): this runs for every sample of a large reconstruction.
 */
function storedPoints(
  s: Import3dSection,
  samples: SwcSample[],
): Pick<SectionGeometry, 'arc_um' | 'diam_um' | 'xyz_um' | 'swcId'> {
  const m = s.samples.length;
  const n = m === 1 ? 3 : m;
  const xyz = new Float64Array(3 * n);
  const diam = new Float64Array(n);
  const swcId = new Int32Array(n);
  const put = (i: number, x: number, y: number, z: number, d: number, id: number): void => {
    xyz[3 * i] = asPt3d(x);
    xyz[3 * i + 1] = asPt3d(y);
    xyz[3 * i + 2] = asPt3d(z);
    diam[i] = asPt3d(d);
    swcId[i] = id;
  };
  const first = m === 1 ? 1 : 0; // a single point is the middle one of three
  for (let j = 0; j < m; j++) {
    const { x, y, z, id } = samples[s.samples[j]];
    put(first + j, x, y, z, s.diam_um[j], j === 0 && s.startsAtParent ? -1 : id);
  }
  if (m === 1) {
    // The ends of a cylinder along x, as long as it is wide, centred on the point.
    const c = samples[s.samples[0]], d = s.diam_um[0];
    put(0, c.x - d / 2, c.y, c.z, d, -1);
    put(2, c.x + d / 2, c.y, c.z, d, -1);
  }
  return { arc_um: arcLengths(xyz), diam_um: diam, xyz_um: xyz, swcId };
}

/** Cumulative arc length [µm] at each of the points `xyz` (x0 y0 z0 x1 …), as NEURON sums it. */
function arcLengths(xyz: Float64Array): Float64Array {
  const arc = new Float64Array(xyz.length / 3);
  for (let i = 1; i < arc.length; i++) {
    // NEURON subtracts the float coordinates in float, then sums squares in double.
    const dx = Math.fround(xyz[3 * i] - xyz[3 * i - 3]);
    const dy = Math.fround(xyz[3 * i + 1] - xyz[3 * i - 2]);
    const dz = Math.fround(xyz[3 * i + 2] - xyz[3 * i - 1]);
    arc[i] = arc[i - 1] + Math.sqrt(dx * dx + dy * dy + dz * dz);
  }
  return arc;
}

/** 1e0 … 1e22, each exact in a double. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** A coordinate or diameter as NEURON stores it: printed with `%.8g`, read back as a float. */
function asPt3d(v: number): number {
  return Math.fround(printfG8(v));
}

/**
 * `v` rounded to 8 significant digits as C's `printf("%.8g")` rounds it: to nearest, an exact
 * tie to the even digit (`toPrecision` would round a tie away from zero).
 */
export function printfG8(v: number): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  // Fast path (almost every value): scaled to 8 integer digits, a value clearly off a tie rounds
  // as Math.round says, and an integer over an exact power of ten is the correctly rounded
  // double of that decimal, as Number() would parse it.
  const a = Math.abs(v);
  const k = 7 - Math.floor(Math.log10(a));
  if (k >= -22 && k <= 22) {
    const y = k >= 0 ? a * POW10[k] : a / POW10[-k];
    if (y >= 1e7 && y < 1e8 && Math.abs(y - Math.floor(y) - 0.5) > 1e-6) {
      const r = Math.round(y);
      return Math.sign(v) * (k >= 0 ? r / POW10[k] : r * POW10[-k]);
    }
  }
  // a tie is exact, so its 9th digit prints as 5 at 9 digits; otherwise toPrecision is right
  if (!a.toExponential(8).includes('5e')) return Number(v.toPrecision(8));
  const digits = Math.abs(v).toExponential(39).replace('.', '').replace(/e.*$/, ''); // 40, exact
  const tie = digits[8] === '5' && /^0*$/.test(digits.slice(9));
  if (tie && Number(digits[7]) % 2 === 0) {
    return Number(v.toExponential(8).replace('5e', 'e')); // drop the 9th digit: round down
  }
  return Number(v.toPrecision(8));
}
