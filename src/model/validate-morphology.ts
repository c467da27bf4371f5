/**
 * Validation of a model's `morphology`: either a list of sections (names unique, exactly one
 * root, every parent known, no section its own ancestor) or a reference to an SWC file, whose
 * contents are checked when the file is imported.
 */
import type { MorphologySpec, SectionSpec } from './types.js';
import { didYouMean, joinPath, type FieldReader } from './validate-fields.js';

/** The word `where` uses for every section or region; not allowed as a section name. */
export const ALL = 'all';

const SECTION_FIELDS = ['name', 'parent', 'parentEnd', 'length_um', 'diam_um', 'nseg'];

/** A list of names for a message, shortened when long: `soma, axon, dend`. */
export function listNames(names: readonly string[], max = 12): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')}, … (${names.length} in all)`;
}

/** Validate `morphology`; sections keep the file's order, `parentEnd` defaults to 1 on non-roots. */
export function readMorphology(r: FieldReader, v: unknown, path: string): MorphologySpec {
  const m = r.object(v, path, 'an object with "sections" (a list) or "swc" (a file path)');
  r.keys(m, path, ['sections', 'swc']);
  if ('sections' in m && 'swc' in m) r.fail(path, 'give either "sections" or "swc", not both');
  if ('swc' in m) return { swc: r.string(m, 'swc', path) };
  if (!('sections' in m)) r.fail(path, 'expected "sections" (a list of sections) or "swc" (a file path), got neither');
  const listPath = joinPath(path, 'sections');
  const list = r.array(m.sections, listPath, 'a non-empty list of sections', true);
  const sections = list.map((s, i) => readSection(r, s, joinPath(listPath, i)));
  checkTree(r, sections, listPath);
  return { sections };
}

function readSection(r: FieldReader, v: unknown, path: string): SectionSpec {
  const s = r.object(v, path, 'a section object');
  r.keys(s, path, SECTION_FIELDS, ['name', 'length_um', 'diam_um'], {
    name: 'a string',
    length_um: 'a number > 0',
    diam_um: 'a number > 0',
  });
  const name = r.string(s, 'name', path);
  if (name === ALL) r.fail(joinPath(path, 'name'), `"${ALL}" is reserved (a mechanism's where: ["${ALL}"] means every section)`);
  if (s.parent === undefined && s.parentEnd !== undefined) {
    r.fail(joinPath(path, 'parentEnd'), 'given on a section with no parent; add "parent" or remove parentEnd');
  }
  const length_um = r.number(s, 'length_um', path, { gt: 0 });
  const diam_um = r.number(s, 'diam_um', path, { gt: 0 });
  // Built in the spec's field order; parentEnd defaults to 1 where there is a parent.
  return {
    name,
    ...(s.parent !== undefined && {
      parent: r.string(s, 'parent', path),
      parentEnd: r.number(s, 'parentEnd', path, { min: 0, max: 1 }, 1),
    }),
    length_um,
    diam_um,
    ...(s.nseg !== undefined && { nseg: r.number(s, 'nseg', path, { integer: true, min: 1 }) }),
  };
}

/** Unique names, known parents, one root, no cycles. */
function checkTree(r: FieldReader, sections: SectionSpec[], path: string): void {
  const index = new Map<string, number>();
  sections.forEach((s, i) => {
    const first = index.get(s.name);
    if (first !== undefined) {
      r.fail(joinPath(joinPath(path, i), 'name'), `duplicate section name "${s.name}" (also ${joinPath(path, first)})`);
    }
    index.set(s.name, i);
  });
  const names = sections.map((s) => s.name);
  sections.forEach((s, i) => {
    if (s.parent === undefined) return;
    const p = joinPath(joinPath(path, i), 'parent');
    if (s.parent === s.name) r.fail(p, `section "${s.name}" cannot be its own parent`);
    if (!index.has(s.parent)) {
      r.fail(p, `unknown section "${s.parent}"${didYouMean(s.parent, names)}; sections: ${listNames(names)}`);
    }
  });
  const roots = sections.flatMap((s, i) => (s.parent === undefined ? [i] : []));
  // Any section that never reaches a root sits on, or hangs from, a cycle; report the cycle.
  for (let i = 0; i < sections.length; i++) {
    const chain: number[] = [];
    const seen = new Set<number>();
    let k = i;
    while (sections[k].parent !== undefined && !seen.has(k)) {
      seen.add(k);
      chain.push(k);
      k = index.get(sections[k].parent as string) as number;
    }
    if (seen.has(k)) {
      const cycle = chain.slice(chain.indexOf(k)).map((j) => sections[j].name);
      const first = Math.min(...chain.slice(chain.indexOf(k)));
      r.fail(
        joinPath(joinPath(path, first), 'parent'),
        `section "${sections[first].name}" is its own ancestor (parent chain ${[...rotate(cycle, sections[first].name), sections[first].name].join(' -> ')}); a cell must be a tree`,
      );
    }
  }
  if (roots.length > 1) {
    const [a, b] = roots;
    r.fail(
      joinPath(path, b),
      `a second root section "${sections[b].name}" (no parent) besides "${sections[a].name}"; a cell has one root, give "${sections[b].name}" a parent`,
    );
  }
}

/** `names` rotated to start at `start`. */
function rotate(names: string[], start: string): string[] {
  const i = names.indexOf(start);
  return [...names.slice(i), ...names.slice(0, i)];
}
