import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discretize, nodeAt, segmentCount } from '../../src/model/discretize.js';
import { sectionsToGeometry } from '../../src/model/sections.js';
import { parseSwc } from '../../src/model/swc.js';

const fixtureDir = new URL('../fixtures/', import.meta.url);
const morphDir = new URL('../../data/morphologies/', import.meta.url);
const read = (u: URL) => readFileSync(u, 'utf8');

interface Import3dFixture {
  source: string;
  Ra_ohm_cm: number;
  maxSegmentLength_um: number;
  sections: {
    name: string;
    nseg1: { nseg: number; area_um2: number[]; ri_megohm: number[] };
    maxSeg20: { nseg: number; area_um2: number[]; ri_megohm: number[] };
  }[];
}

const REAL_CELLS = ['allen_485574832', 'ca1_n120', 'l5pc_with_axon', 'purkinje', 'synthetic_three_point_soma'];

describe('discretization against NEURON 8.2 (segment areas and axial resistances)', () => {
  for (const name of REAL_CELLS) {
    it(`${name}: every segment's area and ri equal NEURON's, one segment per section and at 20 µm`, () => {
      const fx = JSON.parse(read(new URL(`import3d/${name}.json`, fixtureDir))) as Import3dFixture;
      const cell = parseSwc(read(new URL(`${name}.swc`, morphDir)), `${name}.swc`);
      for (const [key, rule] of [
        ['nseg1', {}],
        ['maxSeg20', { maxSegmentLength_um: fx.maxSegmentLength_um }],
      ] as const) {
        const tree = discretize(cell, { rule, Ra_ohm_cm: fx.Ra_ohm_cm, cm_uF_per_cm2: 1 });
        expect(tree.sections.map((s) => s.name)).toEqual(fx.sections.map((s) => s.name));
        fx.sections.forEach((ref, si) => {
          const sec = tree.sections[si];
          const seg = ref[key];
          expect(sec.nseg, `${ref.name} nseg`).toBe(seg.nseg);
          for (let j = 0; j < sec.nseg; j++) {
            const node = sec.firstNode + j;
            expect(Math.abs(tree.area_um2[node] / seg.area_um2[j] - 1), `${ref.name} area ${j}`).toBeLessThan(1e-9);
            expect(Math.abs(1 / tree.gAxial_uS[node] / seg.ri_megohm[j] - 1), `${ref.name} ri ${j}`).toBeLessThan(1e-9);
          }
        });
      }
    });
  }

  it("gives each section NEURON's d_lambda segment count", () => {
    const fx = JSON.parse(read(new URL('dlambda.json', fixtureDir))) as {
      cells: { swc: string; cases: { dLambda: number; frequency_Hz: number; Ra_ohm_cm: number; cm_uF_per_cm2: number; nseg: [string, number][] }[] }[];
    };
    let checked = 0, above1 = 0;
    for (const c of fx.cells) {
      const cell = parseSwc(read(new URL(c.swc, morphDir)), c.swc);
      for (const k of c.cases) {
        const rule = { dLambda: k.dLambda, frequency_Hz: k.frequency_Hz };
        const ours = new Map(cell.sections.map((s) => [s.name, segmentCount(s, rule, k.Ra_ohm_cm, k.cm_uF_per_cm2)]));
        expect(ours).toEqual(new Map(k.nseg)); // NEURON lists sections in its own order
        checked += ours.size;
        above1 += [...ours.values()].filter((n) => n > 1).length;
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(above1).toBeGreaterThan(50); // the rule is exercised, not just nseg = 1 everywhere
  });
});

describe('node layout', () => {
  const cell = sectionsToGeometry([
    { name: 'soma', length_um: 20, diam_um: 20, nseg: 1 },
    { name: 'a', parent: 'soma', parentEnd: 0, length_um: 100, diam_um: 2, nseg: 4 },
    { name: 'b', parent: 'soma', parentEnd: 0.5, length_um: 100, diam_um: 2, nseg: 3 },
    { name: 'c', parent: 'a', parentEnd: 1, length_um: 50, diam_um: 1, nseg: 2 },
    { name: 'd', parent: 'a', parentEnd: 0.5, length_um: 50, diam_um: 1 },
  ]);
  const tree = discretize(cell, { rule: { maxSegmentLength_um: 20 }, Ra_ohm_cm: 100, cm_uF_per_cm2: 1 });
  const sec = (name: string) => tree.sections.findIndex((s) => s.name === name);

  it('numbers every parent before its children, with one zero-area end node per section', () => {
    for (let i = 0; i < tree.n; i++) expect(tree.parent[i]).toBeLessThan(i);
    expect(tree.parent.filter((p) => p < 0).length).toBe(1);
    // 1 + 4 + 3 + 2 + 3 (d: 50 µm at ≤ 20 µm → 3, odd) segments, 5 end nodes, 1 root 0-end node
    expect(tree.compartments).toBe(13);
    expect(tree.n).toBe(13 + 5 + 1);
    for (const s of tree.sections) expect(tree.area_um2[s.endNode]).toBe(0);
    expect(tree.area_um2[tree.sections[0].parentNode]).toBe(0);
  });

  it("attaches a child's 0 end where NEURON does: x = 0 and 1 to the end nodes, else the segment holding x", () => {
    const soma = tree.sections[sec('soma')], a = tree.sections[sec('a')];
    expect(tree.sections[sec('a')].parentNode).toBe(soma.parentNode); // soma(0): the root's 0-end node
    expect(tree.sections[sec('b')].parentNode).toBe(soma.firstNode); // soma(0.5): its only segment
    expect(tree.sections[sec('c')].parentNode).toBe(a.endNode); // a(1)
    expect(tree.sections[sec('d')].parentNode).toBe(a.firstNode + 2); // a(0.5) with nseg 4: segment 2
    expect(nodeAt(tree, sec('a'), 0.25)).toBe(a.firstNode + 1);
    expect(nodeAt(tree, sec('a'), 0.2499)).toBe(a.firstNode);
    expect(nodeAt(tree, sec('a'), 0)).toBe(soma.parentNode);
    expect(nodeAt(tree, sec('a'), 1)).toBe(a.endNode);
  });

  it('gives cylinders the areas and half-segment resistances of NEURON (π·d·Δx, 4·Ra·Δx/2/(π·d²))', () => {
    const b = tree.sections[sec('b')];
    const dx = 100 / 3;
    const half = (0.01 * 100 * (dx / 2)) / ((Math.PI * 2 * 2) / 4); // MΩ
    for (let j = 0; j < 3; j++) expect(tree.area_um2[b.firstNode + j]).toBeCloseTo(Math.PI * 2 * dx, 9);
    expect(1 / tree.gAxial_uS[b.firstNode]).toBeCloseTo(half, 12);
    expect(1 / tree.gAxial_uS[b.firstNode + 1]).toBeCloseTo(2 * half, 12);
    expect(1 / tree.gAxial_uS[b.endNode]).toBeCloseTo(half, 12);
  });

  it('takes the smallest odd number of segments no longer than maxSegmentLength_um', () => {
    const s = (L: number) => sectionsToGeometry([{ name: 's', length_um: L, diam_um: 1 }]).sections[0];
    const rule = { maxSegmentLength_um: 10 };
    expect([5, 10, 10.0001, 20, 30, 1000].map((L) => segmentCount(s(L), rule, 35.4, 1))).toEqual([1, 1, 3, 3, 3, 101]);
  });
});
