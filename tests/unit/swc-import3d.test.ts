// parseSwc against NEURON 8.2's Import3d on every SWC in data/morphologies, and on small crafted
// edge cases in tests/fixtures/import3d/edge (dropped sections, wires, quirks). The fixtures are
// made by scripts/reference/import3d_geometry.py (run it with /usr/bin/python3 to remake them).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSwc } from '../../src/model/swc.js';
import { sectionLength, type SectionGeometry } from '../../src/model/geometry.js';
import { CablesimError } from '../../src/model/errors.js';

const SWC_DIR = new URL('../../data/morphologies/', import.meta.url);
const FIXTURES = new URL('../fixtures/import3d/', import.meta.url);
const EDGE = new URL('../fixtures/import3d/edge/', import.meta.url);

interface FixtureSection {
  name: string;
  parent: string | null;
  parentX: number | null;
  L: number;
  x: number[];
  y: number[];
  z: number[];
  diam: number[];
  arc: number[];
  nseg1: { nseg: number; area_um2: number[] };
  maxSeg20: { nseg: number; area_um2: number[] };
}

/** Files Import3d cannot read, and why parseSwc refuses them. */
const REFUSED: Record<string, RegExp> = {
  // ids 1 2 3 4 3: a duplicate id out of order (Import3d stops with an hoc error) and two roots
  'multiple_roots.swc': /multiple_roots\.swc: line 9: duplicate id 3 \(already used at line 7\)/,
};

const swcIn = (dir: URL): string[] => readdirSync(dir).filter((f) => f.endsWith('.swc')).sort();
const files = swcIn(SWC_DIR);
/** Each SWC that Import3d reads, with the fixture NEURON made of it. */
const cases = [
  ...files.filter((f) => !(f in REFUSED)).map((f) => ({ dir: SWC_DIR, f, fixtures: FIXTURES })),
  ...swcIn(EDGE).map((f) => ({ dir: EDGE, f, fixtures: EDGE })),
];

/** |a − b| within `rel` of b, counting values below 1 µm as 1 µm (coordinates pass through 0). */
function close(a: number, b: number, rel: number): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));
}

/** Lateral area of the frusta between a section's points [µm²]. */
function frustumArea(s: SectionGeometry): number {
  let area = 0;
  for (let i = 1; i < s.arc_um.length; i++) {
    const r0 = s.diam_um[i - 1] / 2;
    const r1 = s.diam_um[i] / 2;
    area += Math.PI * (r0 + r1) * Math.hypot(r1 - r0, s.arc_um[i] - s.arc_um[i - 1]);
  }
  return area;
}

describe('parseSwc reproduces NEURON Import3d', () => {
  it('has a fixture for every SWC file it reads', () => {
    for (const f of files) {
      const hasFixture = existsSync(new URL(f.replace(/\.swc$/, '.json'), FIXTURES));
      expect(hasFixture || f in REFUSED, f).toBe(true);
    }
  });

  for (const { dir, f, fixtures } of cases) {
    describe(f, () => {
      const text = readFileSync(new URL(f, dir), 'utf8');
      const cell = parseSwc(text, f);
      const ref: FixtureSection[] = JSON.parse(
        readFileSync(new URL(f.replace(/\.swc$/, '.json'), fixtures), 'utf8'),
      ).sections;

      it('has the same sections, names, parents and attachment points, parents first', () => {
        expect(cell.fromSwc).toBe(true);
        expect(cell.sections.map((s) => s.name)).toEqual(ref.map((s) => s.name));
        cell.sections.forEach((s, i) => {
          expect(s.parent, s.name).toBeLessThan(i);
          expect(s.parent < 0 ? null : cell.sections[s.parent].name, s.name).toBe(ref[i].parent);
          expect(s.parent < 0 ? null : s.parentX, s.name).toBe(ref[i].parentX);
          expect(s.region, s.name).toBe(s.name.split('[')[0].replace(/^dend_/, 'type_'));
        });
      });

      it('has the same 3-D points, arc lengths and section lengths', () => {
        let worst = 0;
        cell.sections.forEach((s, i) => {
          const r = ref[i];
          const n = s.arc_um.length;
          expect(n, s.name).toBe(r.arc.length);
          expect(s.diam_um.length).toBe(n);
          expect(s.xyz_um.length).toBe(3 * n);
          expect(s.swcId?.length).toBe(n);
          for (let k = 0; k < n; k++) {
            const pairs: [number, number][] = [
              [s.xyz_um[3 * k], r.x[k]],
              [s.xyz_um[3 * k + 1], r.y[k]],
              [s.xyz_um[3 * k + 2], r.z[k]],
              [s.diam_um[k], r.diam[k]],
              [s.arc_um[k], r.arc[k]],
            ];
            for (const [a, b] of pairs) {
              worst = Math.max(worst, Math.abs(a - b) / Math.max(1, Math.abs(b)));
            }
          }
          expect(close(sectionLength(s), r.L, 1e-9), `${s.name} L ${sectionLength(s)} vs ${r.L}`).toBe(true);
        });
        expect(worst).toBeLessThan(1e-9);
      });

      it("has frusta whose lateral area is NEURON's section area", () => {
        cell.sections.forEach((s, i) => {
          const mine = frustumArea(s);
          for (const segs of [ref[i].nseg1, ref[i].maxSeg20]) {
            const neuron = segs.area_um2.reduce((a, b) => a + b, 0);
            expect(Math.abs(mine - neuron) / neuron, `${s.name} nseg ${segs.nseg}`).toBeLessThan(1e-9);
          }
        });
      });

      it('labels points with the SWC ids they came from', () => {
        const ids = new Set(
          text.split('\n').filter((l) => /^\s*\d/.test(l)).map((l) => Number(l.trim().split(/\s+/)[0])),
        );
        const seen = new Set<number>();
        for (const s of cell.sections) {
          for (const id of s.swcId ?? []) {
            if (id === -1) continue;
            expect(ids.has(id)).toBe(true);
            expect(seen.has(id), `id ${id} twice`).toBe(false);
            seen.add(id);
          }
        }
      });
    });
  }

  for (const [f, message] of Object.entries(REFUSED)) {
    it(`refuses ${f}`, () => {
      const text = readFileSync(new URL(f, SWC_DIR), 'utf8');
      expect(() => parseSwc(text, f)).toThrow(CablesimError);
      expect(() => parseSwc(text, f)).toThrow(message);
    });
  }
});
