// morphologyPieces: a cell's 3-D points cut into straight pieces, each on one segment, and where
// each node is drawn.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discretize } from '../../src/model/discretize.js';
import type { CellGeometry, SectionGeometry } from '../../src/model/geometry.js';
import { parseSwc } from '../../src/model/swc.js';
import { morphologyPieces, type MorphologyPieces } from '../../src/ui/morphology-pieces.js';

/** A section through `points` (x y z [µm]) with diameters `diam` [µm] and `nseg` segments. */
function section(name: string, parent: number, points: number[][], diam: number[], nseg: number): SectionGeometry {
  const arc = [0];
  for (let i = 1; i < points.length; i++) arc.push(arc[i - 1] + Math.hypot(...points[i].map((v, k) => v - points[i - 1][k])));
  return {
    name,
    region: name,
    parent,
    parentX: 1,
    arc_um: Float64Array.from(arc),
    diam_um: Float64Array.from(diam),
    xyz_um: Float64Array.from(points.flat()),
    nseg,
  };
}

/** A root along x through x = 0, 30, 100 µm (4 segments, 2 → 4 µm thick) and a child up y from its end (1 segment). */
const CELL: CellGeometry = {
  fromSwc: false,
  sections: [
    section('trunk', -1, [[0, 0, 0], [30, 0, 0], [100, 0, 0]], [2, 2, 4], 4),
    section('branch', 0, [[100, 0, 0], [100, 50, 0]], [1, 1], 1),
  ],
};
const TREE = discretize(CELL, { rule: {}, Ra_ohm_cm: 100, cm_uF_per_cm2: 1 });

const ends = (p: MorphologyPieces, i: number) => Array.from(p.xyz_um.subarray(6 * i, 6 * i + 6));
const length = (p: MorphologyPieces, i: number) => {
  const [x0, y0, z0, x1, y1, z1] = ends(p, i);
  return Math.hypot(x1 - x0, y1 - y0, z1 - z0);
};

describe('morphologyPieces', () => {
  const p = morphologyPieces(CELL, TREE);
  const trunk = TREE.sections[0], branch = TREE.sections[1];

  it('cuts a point interval where a segment boundary falls inside it', () => {
    // Boundaries every 25 µm: [0,25] [25,30] from the first interval, [30,50] [50,75] [75,100] from the second.
    expect(p.count).toBe(6);
    expect(Array.from({ length: 5 }, (_, i) => ends(p, i)[0])).toEqual([0, 25, 30, 50, 75]);
    expect(Array.from({ length: 5 }, (_, i) => ends(p, i)[3])).toEqual([25, 30, 50, 75, 100]);
    expect(ends(p, 5)).toEqual([100, 0, 0, 100, 50, 0]);
  });

  it('gives each piece the node of the segment it lies on, its section and its middle along it', () => {
    const f = trunk.firstNode;
    expect(Array.from(p.node)).toEqual([f, f + 1, f + 1, f + 2, f + 3, branch.firstNode]);
    expect(Array.from(p.section)).toEqual([0, 0, 0, 0, 0, 1]);
    const xs = Array.from(p.x);
    [0.125, 0.275, 0.4, 0.625, 0.875, 0.5].forEach((x, i) => expect(xs[i]).toBeCloseTo(x, 6));
  });

  it('interpolates the diameter at the middle of each piece', () => {
    expect(p.diam_um[0]).toBeCloseTo(2, 6);
    // Middle of [75, 100] is 87.5 µm: (87.5 − 30)/70 of the way from 2 to 4 µm.
    expect(p.diam_um[4]).toBeCloseTo(2 + (2 * 57.5) / 70, 5);
  });

  it('draws each segment node at its centre and the end nodes at the section ends', () => {
    const at = (node: number) => Array.from(p.nodeXyz_um.subarray(3 * node, 3 * node + 3));
    [12.5, 37.5, 62.5, 87.5].forEach((x, k) => expect(at(trunk.firstNode + k)).toEqual([x, 0, 0]));
    expect(at(trunk.parentNode)).toEqual([0, 0, 0]);
    expect(at(trunk.endNode)).toEqual([100, 0, 0]);
    expect(at(branch.firstNode)).toEqual([100, 25, 0]);
    expect(at(branch.endNode)).toEqual([100, 50, 0]);
  });

  it('bounds the cell', () => {
    expect(p.bounds).toEqual([0, 0, 0, 100, 50, 0]);
  });

  it('on a real reconstruction: every segment gets pieces, and the pieces of a section add up to its length', () => {
    const url = new URL('../../data/morphologies/ca1_n120.swc', import.meta.url);
    const cell = parseSwc(readFileSync(url, 'utf8'), 'ca1_n120.swc');
    const tree = discretize(cell, { rule: { maxSegmentLength_um: 20 }, Ra_ohm_cm: 100, cm_uF_per_cm2: 1 });
    const q = morphologyPieces(cell, tree);
    const drawn = new Set(q.node);
    for (let k = 0; k < tree.n; k++) if (tree.area_um2[k] > 0) expect(drawn.has(k), `node ${k}`).toBe(true);
    const perSection = new Float64Array(cell.sections.length);
    for (let i = 0; i < q.count; i++) {
      perSection[q.section[i]] += length(q, i);
      expect(tree.nodeSection[q.node[i]]).toBe(q.section[i]);
    }
    cell.sections.forEach((s, k) => {
      // Straight pieces between points: their lengths are the arc length (float32 ends).
      expect(Math.abs(perSection[k] - s.arc_um[s.arc_um.length - 1])).toBeLessThan(1e-3 * Math.max(1, perSection[k]));
    });
  });
});
