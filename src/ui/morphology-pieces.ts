/**
 * The drawing of a cell, cut into straight pieces that each belong to one node: every pair of
 * consecutive 3-D points of a section, split further where a segment boundary falls between
 * them. Colouring a piece by its node's voltage colours the cell segment by segment.
 */
import type { CableTree } from '../model/discretize.js';
import type { CellGeometry } from '../model/geometry.js';

/** Straight pieces of the cell, structure of arrays. */
export interface MorphologyPieces {
  count: number;
  /** Ends of each piece, x0 y0 z0 x1 y1 z1 per piece [µm]. */
  xyz_um: Float32Array;
  /** Mean diameter of each piece [µm]. */
  diam_um: Float32Array;
  /** Node (segment centre) whose voltage colours the piece. */
  node: Int32Array;
  /** Section the piece lies on. */
  section: Int32Array;
  /** Position of the piece's middle along its section, 0..1. */
  x: Float32Array;
  /** Drawing position of every node of the tree, x y z per node [µm]. */
  nodeXyz_um: Float32Array;
  /** Bounding box of the cell [µm]: min x y z, max x y z. */
  bounds: [number, number, number, number, number, number];
}

/** Cut `geometry`'s sections into pieces, each on one segment of `tree`. */
export function morphologyPieces(geometry: CellGeometry, tree: CableTree): MorphologyPieces {
  const xyz: number[] = [], diam: number[] = [], node: number[] = [], section: number[] = [], xs: number[] = [];
  const nodeXyz = new Float32Array(tree.n * 3);
  const bounds: [number, number, number, number, number, number] = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];
  geometry.sections.forEach((g, s) => {
    const tn = tree.sections[s];
    const p = g.xyz_um, arc = g.arc_um, d = g.diam_um;
    const npt = arc.length;
    const L = arc[npt - 1];
    const at = (i: number, u: number, out: number[]) => {
      const f = arc[i + 1] > arc[i] ? (u - arc[i]) / (arc[i + 1] - arc[i]) : 0;
      for (let k = 0; k < 3; k++) out.push(p[3 * i + k] + f * (p[3 * i + 3 + k] - p[3 * i + k]));
    };
    for (let i = 0; i < npt; i++) {
      for (let k = 0; k < 3; k++) {
        bounds[k] = Math.min(bounds[k], p[3 * i + k]);
        bounds[k + 3] = Math.max(bounds[k + 3], p[3 * i + k]);
      }
    }
    for (let k = 0; k < 3; k++) nodeXyz[3 * tn.endNode + k] = p[3 * (npt - 1) + k];
    if (g.parent < 0) for (let k = 0; k < 3; k++) nodeXyz[3 * tn.parentNode + k] = p[k];
    const segLen = L / tn.nseg;
    for (let i = 0; i + 1 < npt; i++) {
      const a0 = arc[i], a1 = arc[i + 1];
      if (!(a1 > a0)) continue;
      let u0 = a0;
      while (u0 < a1) {
        const nextBoundary = (Math.floor(u0 / segLen + 1e-9) + 1) * segLen;
        const u1 = Math.min(a1, nextBoundary);
        const mid = 0.5 * (u0 + u1);
        const seg = Math.min(tn.nseg - 1, Math.max(0, Math.floor(mid / segLen)));
        const nd = tn.firstNode + seg;
        const start: number[] = [], end: number[] = [];
        at(i, u0, start);
        at(i, u1, end);
        xyz.push(...start, ...end);
        const f = (mid - a0) / (a1 - a0);
        diam.push(d[i] + f * (d[i + 1] - d[i]));
        node.push(nd);
        section.push(s);
        xs.push(L > 0 ? mid / L : 0.5);
        // The segment's centre lies in this piece: that is where its node is drawn.
        const centre = (seg + 0.5) * segLen;
        if (centre >= u0 && centre <= u1) {
          const c: number[] = [];
          at(i, centre, c);
          for (let k = 0; k < 3; k++) nodeXyz[3 * nd + k] = c[k];
        }
        u0 = u1;
      }
    }
  });
  return {
    count: node.length,
    xyz_um: Float32Array.from(xyz),
    diam_um: Float32Array.from(diam),
    node: Int32Array.from(node),
    section: Int32Array.from(section),
    x: Float32Array.from(xs),
    nodeXyz_um: nodeXyz,
    bounds,
  };
}
