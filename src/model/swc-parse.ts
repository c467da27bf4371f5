/**
 * Reading an SWC file (NeuroMorpho.org standard: `id type x y z radius parent` per line, `#`
 * comments) into a checked table of samples: one tree, ids increasing down the file, every
 * parent listed before its children. Anything else is refused with a one-line
 * {@link CablesimError} naming the file and the line, and nothing is returned.
 */
import { CablesimError } from './errors.js';

/**
 * One SWC line. Coordinates and radius are rounded to 32-bit floats, as Import3d reads them
 * (hoc's `sscanf("%f")`); every later step, NEURON's and ours, starts from these values.
 */
export interface SwcSample {
  /** Sample id (1st column), a non-negative integer. */
  id: number;
  /** SWC structure type (2nd column): 1 soma, 2 axon, 3 basal dendrite, 4 apical dendrite, … */
  type: number;
  /** Position [µm], float32. */
  x: number;
  y: number;
  z: number;
  /** Radius [µm], float32, > 0. */
  radius: number;
  /** Index (not id) of the parent sample in the table, -1 for the root. Always < own index. */
  parent: number;
  /** 1-based line number in the file, for messages. */
  line: number;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const COLUMNS = ['id', 'type', 'x', 'y', 'z', 'radius', 'parent'];

/**
 * Parse and check SWC text. The samples come back in file order, which is id order; sample 0
 * is the one root.
 * @param text the whole file
 * @param file name used in error messages
 * @throws CablesimError on the first problem: a line that is not 7 numbers, a non-integer id,
 *   type or parent, a radius ≤ 0, a duplicate or decreasing id, a parent that is not a sample,
 *   a cycle, a parent listed after its child, a second root, or no samples at all.
 */
export function readSwcSamples(text: string, file?: string): SwcSample[] {
  const fail = (line: number, what: string): never => {
    throw new CablesimError(what, { file, where: `line ${line}` });
  };
  const rows: SwcSample[] = [];
  const parentIds: number[] = [];
  const lineOfId = new Map<number, number>();
  text.split(/\r?\n|\r/).forEach((raw, i) => {
    const line = i + 1;
    const content = raw.replace(/#.*$/, '').trim();
    if (content === '') return;
    const fields = content.split(/\s+/);
    if (fields.length !== 7) {
      fail(line, `expected 7 columns (id type x y z radius parent), found ${fields.length}: "${content}"`);
    }
    const v = fields.map((f, k) => {
      if (!NUMBER.test(f)) fail(line, `${COLUMNS[k]} "${f}" is not a number`);
      const n = k >= 2 && k <= 5 ? Math.fround(Number(f)) : Number(f);
      if (!Number.isFinite(n)) fail(line, `${COLUMNS[k]} "${f}" is out of range`);
      return n;
    });
    const [id, type, x, y, z, radius, parentId] = v;
    for (const k of [0, 1, 6]) {
      if (!Number.isInteger(v[k])) fail(line, `${COLUMNS[k]} "${fields[k]}" is not an integer`);
    }
    if (id < 0) fail(line, `id ${id} is negative; expected an id ≥ 0`);
    if (!(radius > 0)) fail(line, `radius ${fields[5]} µm is not positive; expected a radius > 0`);
    const seen = lineOfId.get(id);
    if (seen !== undefined) fail(line, `duplicate id ${id} (already used at line ${seen})`);
    const prev = rows[rows.length - 1];
    if (prev && id < prev.id) {
      fail(line, `id ${id} follows id ${prev.id}; expected ids in increasing order (NEURON's Import3d fails on unsorted ids)`);
    }
    if (parentId < -1) fail(line, `parent ${parentId} is not -1 (root) or a sample id`);
    lineOfId.set(id, line);
    rows.push({ id, type, x, y, z, radius, parent: -1, line });
    parentIds.push(parentId);
  });
  if (rows.length === 0) {
    throw new CablesimError('no samples: expected lines of "id type x y z radius parent"', { file, where: 'line 1' });
  }

  const indexOfId = new Map<number, number>();
  rows.forEach((r, i) => indexOfId.set(r.id, i));
  rows.forEach((r, i) => {
    if (parentIds[i] === -1) return;
    const p = indexOfId.get(parentIds[i]);
    r.parent = p ?? fail(r.line, `parent ${parentIds[i]} is not the id of any sample`);
  });
  checkAcyclic(rows, fail);
  let root = -1;
  rows.forEach((r, i) => {
    if (r.parent > i) {
      fail(r.line, `parent ${parentIds[i]} is listed after sample ${r.id}; expected every parent before its children (Import3d needs parent id < id)`);
    }
    if (r.parent === -1) {
      if (root >= 0) {
        fail(r.line, `a second root (parent -1; the first is at line ${rows[root].line}); expected one tree`);
      }
      root = i;
    }
  });
  return rows;
}

/** Refuse a sample that is its own ancestor, naming the loop. */
function checkAcyclic(rows: SwcSample[], fail: (line: number, what: string) => never): void {
  const state = new Uint8Array(rows.length); // 0 unvisited, 1 on the current path, 2 done
  for (let start = 0; start < rows.length; start++) {
    const path: number[] = [];
    let i = start;
    while (i >= 0 && state[i] === 0) {
      state[i] = 1;
      path.push(i);
      i = rows[i].parent;
    }
    if (i >= 0 && state[i] === 1) {
      const loop = path.slice(path.indexOf(i)).map((k) => rows[k].id);
      const first = path.slice(path.indexOf(i)).reduce((a, b) => (rows[a].line < rows[b].line ? a : b));
      fail(rows[first].line, `parent links form a cycle (${[...loop, loop[0]].join(' → ')}); expected a tree`);
    }
    for (const k of path) state[k] = 2;
  }
}
