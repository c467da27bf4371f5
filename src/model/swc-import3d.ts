/**
 * How NEURON 8.2's Import3d (`Import3d_SWC_read` and `Import3d_GUI.instantiate`) cuts a tree
 * of SWC samples into sections: which samples each section holds, which section and where on
 * it each one hangs, and whether its first point repeats the parent's sample. Written from
 * the rules Import3d follows (read_swc.hoc, import3d_gui.hoc), not from its code:
 *
 * - A point ends a section unless it has exactly one child, that child is the next sample
 *   in the file and has the same type. Soma points are kept together: a soma point whose
 *   next sample is its soma child does not end a section, except (away from the root) when
 *   it has several soma children.
 * - A non-soma point hanging from the soma, with a child further down the file, is not
 *   made a branch point: that child connects to the 0 end of its section instead. (Import3d
 *   then runs that section on to the next sample in the file even when it is not the point's
 *   child, joining two unrelated samples; we do the same, so that the sections, lengths and
 *   areas stay NEURON's.) A non-soma root's later children also hang from its 0 end.
 * - NeuroMorpho's three-point soma (root plus two children of equal diameter, no other
 *   children, lying one diameter apart in all) is the root's point alone: a sphere.
 * - A child section begins with a copy of its parent's sample; when a non-soma section hangs
 *   from the soma, that copy takes the diameter of the section's own first sample. Where the
 *   section is joined to the soma by a "wire" (to the middle of a one-point soma, to an
 *   interior soma point, or to a soma point with several soma children), the copy is left
 *   out and the section starts at its own first sample.
 * - Sections at x = 1 of their parent, except: children of the root's first point at 0,
 *   children of a one-point soma or of an interior soma point at 0.5.
 * - Finally, non-root sections with a single point, or with two coincident points, are
 *   dropped and their children re-hung where the dropped section hung.
 */
import type { SwcSample } from './swc-parse.js';

/** hoc compares numbers to within this (`float_epsilon`); Import3d's tests inherit it. */
const HOC_EPSILON = 1e-11;

/** A section as Import3d makes it, before NEURON stores its points. */
export interface Import3dSection {
  /** SWC type of its samples. */
  type: number;
  /** Index of the parent in the section list, -1 for the root; parents come first. */
  parent: number;
  /** Where on the parent its 0 end attaches, 0..1. */
  parentX: number;
  /** Sample index of each point, in order. */
  samples: number[];
  /** Diameter of each point [µm]. */
  diam_um: number[];
  /** True when the first point is a copy of the parent's sample rather than one of its own. */
  startsAtParent: boolean;
}

/**
 * Import3d's sections for a checked sample table (see {@link readSwcSamples}), in Import3d's
 * order, which puts parents first. A root of one point is returned as one point; NEURON then
 * stores it as a cylinder (see `parseSwc`).
 */
export function import3dSections(samples: SwcSample[]): Import3dSection[] {
  const n = samples.length;
  // Columns of the table, for the loops below (typed arrays: no callbacks, no boxed numbers).
  const type = new Float64Array(n); // any integer, exactly
  const parent = new Int32Array(n);
  const diam = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    type[i] = samples[i].type;
    parent[i] = samples[i].parent;
    diam[i] = 2 * samples[i].radius;
  }

  // Per point: how many children it has and whether any breaks the section there.
  const childCount = new Int32Array(n);
  const broken = new Uint8Array(n);
  const toProximal = new Uint8Array(n); // child that hangs from the 0 end of its parent's section
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p < 0) continue;
    childCount[p]++;
    if (p !== i - 1) {
      broken[p] = 1;
      const wiredFromSoma = p > 1 && type[p] !== 1 && type[parent[p]] === 1;
      if (wiredFromSoma || (p === 0 && type[0] !== 1)) {
        toProximal[i] = 1;
        childCount[p] = 1;
        broken[p] = 0;
      }
    }
    if (type[p] !== type[i]) broken[p] = 1;
  }
  const somaChildren = new Int32Array(n);
  for (let i = 1; i < n; i++) {
    if (type[i] === 1 && parent[i] >= 0 && type[parent[i]] === 1) somaChildren[parent[i]]++;
  }
  const sphereSoma = isThreePointSoma(samples, type, childCount);
  if (sphereSoma) parent[2] = 1; // the three soma points then form one run
  const continues = (i: number): boolean => childCount[i] === 1 && !broken[i];
  const keepSoma = new Uint8Array(n);
  for (let i = 0; i + 1 < n; i++) {
    if (type[i] === 1 && type[i + 1] === 1 && parent[i + 1] === i && (i === 0 || somaChildren[i] <= 1)) {
      keepSoma[i] = 1;
    }
  }

  // Runs of points: a run ends at every point that does not continue.
  const sectionOf = new Int32Array(n);
  const runs: { first: number; last: number }[] = [];
  let first = 0;
  for (let i = 0; i < n; i++) {
    sectionOf[i] = runs.length;
    if (!(keepSoma[i] || continues(i))) {
      runs.push({ first, last: i });
      first = i + 1;
    }
  }
  if (sphereSoma) runs[0].last = 0;

  const sections = runs.map((run, k): Import3dSection => {
    const t = type[run.first];
    if (k === 0) {
      return { type: t, parent: -1, parentX: 1, ...points(-1, run, diam), startsAtParent: false };
    }
    const pp = parent[run.first];
    const ps = sectionOf[pp];
    const pRun = runs[ps];
    const pType = type[pRun.first];
    const fromSoma = pType === 1;
    const dendFromSoma = fromSoma && t !== 1;
    const ownPoints = run.last - run.first + 1;
    let parentX = 1;
    let wire = false;
    if (ps === 0 && dendFromSoma && pRun.last === pRun.first) {
      parentX = 0.5; // hangs from a one-point soma
      wire = ownPoints > 1;
    } else if (ps === 0 && pp === 0) {
      parentX = 0;
      wire = t !== 1 && somaChildren[0] > 1;
    } else if (fromSoma && pp < pRun.last) {
      parentX = 0.5; // hangs from an interior soma point
      wire = dendFromSoma && ownPoints > 1;
    } else if (fromSoma) {
      wire = ownPoints > 1 && somaChildren[pp] > 1 && t !== 1;
    }
    if (toProximal[run.first]) parentX = 0;
    const pts = points(wire ? -1 : pp, run, diam);
    if (!wire && dendFromSoma) pts.diam_um[0] = diam[run.first];
    return { type: t, parent: ps, parentX, ...pts, startsAtParent: !wire };
  });
  return dropDegenerate(sections, samples);
}

/** A run's samples and their diameters [µm], after the parent's sample `first` unless it is -1. */
function points(
  first: number,
  run: { first: number; last: number },
  diam: Float64Array,
): Pick<Import3dSection, 'samples' | 'diam_um'> {
  const samples: number[] = [];
  const diam_um: number[] = [];
  if (first >= 0) {
    samples.push(first);
    diam_um.push(diam[first]);
  }
  for (let i = run.first; i <= run.last; i++) {
    samples.push(i);
    diam_um.push(diam[i]);
  }
  return { samples, diam_um };
}

/**
 * NeuroMorpho's three-point soma: three soma samples, the 2nd and 3rd children of the root
 * with no children of their own, all of one diameter, whose distances from the root add up to
 * that diameter (within 1%). Compared as hoc compares, to within {@link HOC_EPSILON}.
 */
function isThreePointSoma(samples: SwcSample[], type: Float64Array, childCount: Int32Array): boolean {
  let somaPoints = 0;
  for (let i = 0; i < type.length; i++) if (type[i] === 1) somaPoints++;
  if (somaPoints !== 3) return false;
  const [a, b, c] = samples;
  if (b.parent !== 0 || c.parent !== 0 || childCount[1] !== 0 || childCount[2] !== 0) return false;
  const d = 2 * a.radius;
  if (Math.abs(2 * b.radius - d) > HOC_EPSILON || Math.abs(2 * c.radius - d) > HOC_EPSILON) return false;
  const len = distance(a, b) + distance(a, c);
  return Math.abs(len / d - 1) < 0.01 - HOC_EPSILON;
}

function distance(a: SwcSample, b: SwcSample): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const dz = b.z - a.z;
  return Math.sqrt(dx * dx + dy * dy + dz * dz);
}

/**
 * Drop non-root sections of one point or of two coincident points, last first, re-hanging
 * each one's children where it hung. Returns the remaining sections, parents renumbered.
 */
function dropDegenerate(sections: Import3dSection[], samples: SwcSample[]): Import3dSection[] {
  const dropped = new Uint8Array(sections.length);
  const same = (a: SwcSample, b: SwcSample): boolean =>
    Math.abs(a.x - b.x) <= HOC_EPSILON && Math.abs(a.y - b.y) <= HOC_EPSILON && Math.abs(a.z - b.z) <= HOC_EPSILON;
  for (let k = sections.length - 1; k > 0; k--) {
    const s = sections[k].samples;
    if (s.length > 2 || (s.length === 2 && !same(samples[s[0]], samples[s[1]]))) continue;
    dropped[k] = 1;
    for (let j = k + 1; j < sections.length; j++) {
      if (sections[j].parent === k) {
        sections[j].parent = sections[k].parent;
        sections[j].parentX = sections[k].parentX;
      }
    }
  }
  // Renumber in place: the sections are this module's own, made in import3dSections.
  const newIndex = new Int32Array(sections.length);
  const kept: Import3dSection[] = [];
  for (let k = 0; k < sections.length; k++) {
    newIndex[k] = dropped[k] ? -1 : kept.length;
    if (dropped[k]) continue;
    const s = sections[k];
    s.parent = s.parent < 0 ? -1 : newIndex[s.parent];
    kept.push(s);
  }
  return kept;
}
