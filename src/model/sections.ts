/**
 * A `sections` morphology as a `CellGeometry`: each section a cylinder (two 3-D points),
 * parents first. Coordinates are a flat 2-D layout for drawing only (they do not enter the
 * simulation): a root runs along +x, a child leaves its parent's attachment point at an angle
 * that fans siblings out.
 */
import { CablesimError } from './errors.js';
import type { CellGeometry, SectionGeometry } from './geometry.js';
import type { SectionSpec } from './types.js';

export function sectionsToGeometry(specs: SectionSpec[], file?: string): CellGeometry {
  const index = new Map(specs.map((s, i) => [s.name, i]));
  const children = specs.map(() => [] as number[]);
  const roots: number[] = [];
  specs.forEach((s, i) => {
    if (s.parent === undefined) roots.push(i);
    else {
      const p = index.get(s.parent);
      if (p === undefined) {
        throw new CablesimError(`unknown parent section "${s.parent}"`, { file, where: `morphology.sections[${i}].parent` });
      }
      children[p].push(i);
    }
  });
  // Parents first, depth first from each root in file order; angles for the drawing layout.
  const order: number[] = [];
  const angle = new Float64Array(specs.length);
  const stack = roots.slice().reverse();
  while (stack.length) {
    const i = stack.pop()!;
    order.push(i);
    const kids = children[i];
    kids.forEach((c, k) => {
      const spread = kids.length > 1 ? (k / (kids.length - 1) - 0.5) * 1.2 : 0;
      const side = (specs[c].parentEnd ?? 1) < 1 ? Math.PI / 2 : 0; // mid-section branches leave sideways
      angle[c] = angle[i] + side + spread;
    });
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]);
  }
  if (order.length !== specs.length) {
    const missing = specs.findIndex((_, i) => !order.includes(i));
    throw new CablesimError(`section "${specs[missing].name}" is its own ancestor (a cycle)`, {
      file,
      where: `morphology.sections[${missing}].parent`,
    });
  }
  const pos = new Map<number, number>(order.map((i, k) => [i, k]));
  const sections: SectionGeometry[] = [];
  for (const i of order) {
    const s = specs[i];
    const parent = s.parent === undefined ? -1 : pos.get(index.get(s.parent)!)!;
    const x = s.parent === undefined ? 0 : s.parentEnd ?? 1;
    let x0 = 0, y0 = 0;
    if (parent >= 0) {
      const p = sections[parent].xyz_um;
      x0 = p[0] + x * (p[3] - p[0]);
      y0 = p[1] + x * (p[4] - p[1]);
    }
    const L = s.length_um;
    sections.push({
      name: s.name,
      region: s.name,
      parent,
      parentX: x,
      arc_um: Float64Array.of(0, L),
      diam_um: Float64Array.of(s.diam_um, s.diam_um),
      xyz_um: Float64Array.of(x0, y0, 0, x0 + L * Math.cos(angle[i]), y0 + L * Math.sin(angle[i]), 0),
      ...(s.nseg !== undefined ? { nseg: s.nseg } : {}),
    });
  }
  return { sections, fromSwc: false };
}
