/**
 * Discretization: a cell's sections become nodes, laid out as NEURON lays them out, in one
 * typed-array structure (`CableTree`) that both engines take.
 *
 * A section of nseg segments has a node at each segment's centre and a node of zero membrane
 * area at its 1 end; the root section also has one at its 0 end. A child's 0 end is the parent
 * node at `parentX` (see `nodeAt`). Node numbering puts every parent before its children
 * (Hines order):
 *
 *     root:   [0-end] [c0] [c1] … [c(nseg-1)] [1-end]      child: [c0] … [c(nseg-1)] [1-end]
 *               ^------ parent of c0                                ^-- parent: nodeAt(parent, parentX)
 *
 * Segment areas and axial resistances follow NEURON's integration over the 3-D points
 * (frusta): each segment is split in two halves; a half's resistance is the sum over its
 * pieces of 4·Ra·Δs/(π·d₁·d₂), its lateral area π/2·(d₁+d₂)·√(Δs² + ((d₂−d₁)/2)²).
 */
import type { CellGeometry, SectionGeometry } from './geometry.js';
import { sectionLength } from './geometry.js';
import type { DiscretizationSpec } from './types.js';

/** Where a section's nodes are in the tree. */
export interface SectionNodes {
  name: string;
  region: string;
  /** Number of segments. */
  nseg: number;
  /** Node of the first segment centre; centres are `firstNode … firstNode + nseg − 1`. */
  firstNode: number;
  /** Zero-area node at the 1 end. */
  endNode: number;
  /** Node the 0 end sits on: the parent's node at `parentX`, or the root's own 0-end node. */
  parentNode: number;
  /** Section length [µm]. */
  length_um: number;
}

/** The discretized cell: what both engines take. */
export interface CableTree {
  /** Number of nodes. */
  n: number;
  /** Parent node of each node, −1 for a root; parent[i] < i. */
  parent: Int32Array;
  /** Axial conductance between a node and its parent [µS]; 0 for a root. */
  gAxial_uS: Float64Array;
  /** Membrane area [µm²]; 0 for the end nodes, which carry no membrane. */
  area_um2: Float64Array;
  /** Section of each node (an end node belongs to the section whose 1 end it is). */
  nodeSection: Int32Array;
  sections: SectionNodes[];
  /** Number of segments (nodes with membrane). */
  compartments: number;
}

/** NEURON's d_lambda rule: the section's length constant at `frequency_Hz` [µm]. */
function lambdaF(s: SectionGeometry, frequency_Hz: number, Ra_ohm_cm: number, cm_uF_per_cm2: number): number {
  let lam = 0;
  for (let i = 1; i < s.arc_um.length; i++) {
    lam += (s.arc_um[i] - s.arc_um[i - 1]) / Math.sqrt(s.diam_um[i - 1] + s.diam_um[i]);
  }
  lam *= Math.SQRT2 * 1e-5 * Math.sqrt(4 * Math.PI * frequency_Hz * Ra_ohm_cm * cm_uF_per_cm2);
  return sectionLength(s) / lam;
}

/** Smallest k with k·d ≥ L, as Python's −(−L // d) computes it (no rounding surprises). */
function ceilDiv(L: number, d: number): number {
  const rem = L % d;
  const k = Math.round((L - rem) / d);
  return rem > 0 ? k + 1 : k;
}

/** Number of segments of a section under the model's rule (an explicit `nseg` wins). */
export function segmentCount(
  s: SectionGeometry,
  rule: DiscretizationSpec,
  Ra_ohm_cm: number,
  cm_uF_per_cm2: number,
): number {
  if (s.nseg !== undefined) return s.nseg;
  if ('maxSegmentLength_um' in rule) {
    const n = Math.max(1, ceilDiv(sectionLength(s), rule.maxSegmentLength_um));
    return n % 2 === 1 ? n : n + 1;
  }
  if ('dLambda' in rule) {
    const f = rule.frequency_Hz ?? 100;
    const L = sectionLength(s);
    return Math.trunc((L / (rule.dLambda * lambdaF(s, f, Ra_ohm_cm, cm_uF_per_cm2)) + 0.9) / 2) * 2 + 1;
  }
  return 1;
}

/** Per segment of a section: area [µm²] and the resistances of its two halves [MΩ]. */
export interface SegmentGeometry {
  area: Float64Array;
  rLeft: Float64Array;
  rRight: Float64Array;
}

/** Zeroed arrays for `nseg` segments. */
function newSegmentGeometry(nseg: number): SegmentGeometry {
  return { area: new Float64Array(nseg), rLeft: new Float64Array(nseg), rRight: new Float64Array(nseg) };
}

/**
 * Areas [µm²] and half-segment resistances [MΩ] of a section's segments, integrated over its
 * 3-D points as NEURON does. `rLeft[j]`/`rRight[j]` are the resistances of segment j's halves.
 * Written into `out` when given (arrays of at least `nseg`), new arrays otherwise.
 */
export function segmentGeometry(
  s: SectionGeometry,
  nseg: number,
  Ra_ohm_cm: number,
  out: SegmentGeometry = newSegmentGeometry(nseg),
): SegmentGeometry {
  const arc = s.arc_um, d = s.diam_um, npt = arc.length;
  const { area, rLeft, rRight } = out;
  const ds = arc[npt - 1] / nseg;
  const rFactor = (Ra_ohm_cm / Math.PI) * 4 * 0.01; // Ω·cm·µm/µm² → MΩ
  let j = 0;
  let x1 = arc[0], y1 = d[0];
  let si = 0;
  for (let seg = 0; seg < nseg; seg++) {
    si = seg * ds;
    let a = 0;
    for (let half = 0; half < 2; half++) {
      let ri = 0;
      const sip = si + ds / 2;
      for (;;) {
        const jp = j + 1;
        const xj = arc[j], xjp = arc[jp];
        let x2: number, y2: number, jnext: number;
        if (xjp > sip || jp === npt - 1) {
          const frac = Math.abs(xjp - xj) < 1e-10 ? 1 : (sip - xj) / (xjp - xj);
          x2 = sip;
          y2 = (1 - frac) * d[j] + frac * d[jp];
          jnext = j;
        } else {
          x2 = xjp;
          y2 = d[jp];
          jnext = jp;
        }
        let delta = x2 - x1;
        const taper = 0.5 * (y2 - y1);
        a += (y2 + y1) * Math.sqrt(delta * delta + taper * taper);
        if (delta < 1e-15) delta = 1e-15;
        let t = (y2 * y1) / delta;
        if (t === 0) t = 1e-15;
        ri += 1 / t;
        x1 = x2;
        y1 = y2;
        if (j === jnext) break;
        j = jnext;
      }
      if (half === 0) rLeft[seg] = ri * rFactor;
      else rRight[seg] = ri * rFactor;
      si = sip;
    }
    area[seg] = a * 0.5 * Math.PI;
  }
  return out;
}

/**
 * The node at position `x` (0..1) of section `s`, as NEURON places a connection, a point
 * process or a recording: x = 0 is the node the section hangs from, x = 1 its end node, and
 * otherwise the centre of the segment that contains x (x on a boundary goes to the upper one).
 */
export function nodeAt(tree: Pick<CableTree, 'sections'>, s: number, x: number): number {
  const sec = tree.sections[s];
  if (x <= 0) return sec.parentNode;
  if (x >= 1) return sec.endNode;
  let i = Math.floor(sec.nseg * x);
  if (i >= sec.nseg) i = sec.nseg - 1;
  return sec.firstNode + i;
}

export interface DiscretizeOptions {
  rule: DiscretizationSpec;
  Ra_ohm_cm: number;
  cm_uF_per_cm2: number;
}

/** Discretize a cell into its `CableTree`. Sections must come parents first. */
export function discretize(cell: CellGeometry, opts: DiscretizeOptions): CableTree {
  const nsegs = cell.sections.map((s) => segmentCount(s, opts.rule, opts.Ra_ohm_cm, opts.cm_uF_per_cm2));
  const roots = cell.sections.filter((s) => s.parent < 0).length;
  const n = nsegs.reduce((a, b) => a + b + 1, 0) + roots;
  const parent = new Int32Array(n).fill(-1);
  const gAxial = new Float64Array(n);
  const area = new Float64Array(n);
  const nodeSection = new Int32Array(n);
  const sections: SectionNodes[] = [];
  // One scratch buffer for every section's segments, rather than new arrays for each section.
  const g = newSegmentGeometry(nsegs.reduce((a, b) => Math.max(a, b), 0));
  let next = 0;
  cell.sections.forEach((s, si) => {
    if (s.parent >= si) throw new Error(`discretize: section ${s.name} comes before its parent`);
    let parentNode: number;
    if (s.parent < 0) {
      parentNode = next++;
      nodeSection[parentNode] = si;
    } else {
      parentNode = nodeAt({ sections }, s.parent, s.parentX);
    }
    const nseg = nsegs[si];
    segmentGeometry(s, nseg, opts.Ra_ohm_cm, g);
    const firstNode = next;
    let rParent = 0;
    for (let j = 0; j < nseg; j++) {
      const node = next++;
      parent[node] = j === 0 ? parentNode : node - 1;
      gAxial[node] = 1 / (rParent + g.rLeft[j]);
      area[node] = g.area[j];
      nodeSection[node] = si;
      rParent = g.rRight[j];
    }
    const endNode = next++;
    parent[endNode] = endNode - 1;
    gAxial[endNode] = 1 / rParent;
    nodeSection[endNode] = si;
    sections.push({ name: s.name, region: s.region, nseg, firstNode, endNode, parentNode, length_um: sectionLength(s) });
  });
  return {
    n,
    parent,
    gAxial_uS: gAxial,
    area_um2: area,
    nodeSection,
    sections,
    compartments: nsegs.reduce((a, b) => a + b, 0),
  };
}
