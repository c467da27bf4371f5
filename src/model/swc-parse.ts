/**
 * Reading an SWC file (NeuroMorpho.org standard: `id type x y z radius parent` per line, `#`
 * comments) into a checked table of samples: one tree, ids increasing down the file, every
 * parent listed before its children. Anything else is refused with a one-line
 * {@link CablesimError} naming the file and the line, and nothing is returned.
 *
 * The text is read by a scanner over character codes, not by regular expressions, `trim` and
 * `split` on every line: a large reconstruction has tens of thousands of fields, and this runs
 * once, at start-up, before any of it is optimized. A field becomes a string only to be given
 * to `Number()`. Lines, comments, fields and numbers are accepted and refused exactly as the
 * regular expressions did (the rules are spelled out at each method).
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

const COLUMNS = ['id', 'type', 'x', 'y', 'z', 'radius', 'parent'];
type Fail = (line: number, what: string) => never;

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
  const fail: Fail = (line, what) => {
    throw new CablesimError(what, { file, where: `line ${line}` });
  };
  const rows: SwcSample[] = [];
  const parentIds: number[] = [];
  const scan = new SwcScanner(text);
  while (scan.nextLine()) {
    if (scan.count === 0) continue;
    const line = scan.line;
    if (scan.count !== 7) {
      fail(line, `expected 7 columns (id type x y z radius parent), found ${scan.count}: "${scan.content()}"`);
    }
    const id = readColumn(scan, 0, fail);
    const type = readColumn(scan, 1, fail);
    const x = readColumn(scan, 2, fail);
    const y = readColumn(scan, 3, fail);
    const z = readColumn(scan, 4, fail);
    const radius = readColumn(scan, 5, fail);
    const parentId = readColumn(scan, 6, fail);
    requireInteger(scan, 0, id, fail);
    requireInteger(scan, 1, type, fail);
    requireInteger(scan, 6, parentId, fail);
    if (id < 0) fail(line, `id ${id} is negative; expected an id ≥ 0`);
    if (!(radius > 0)) fail(line, `radius ${scan.field(5)} µm is not positive; expected a radius > 0`);
    const prev = rows[rows.length - 1];
    // Ids so far increase, so only an id not above the last one can repeat an earlier one.
    if (prev && id <= prev.id) {
      const seen = rows.find((r) => r.id === id);
      if (seen) fail(line, `duplicate id ${id} (already used at line ${seen.line})`);
      fail(line, `id ${id} follows id ${prev.id}; expected ids in increasing order (NEURON's Import3d fails on unsorted ids)`);
    }
    if (parentId < -1) fail(line, `parent ${parentId} is not -1 (root) or a sample id`);
    rows.push({ id, type, x, y, z, radius, parent: -1, line });
    parentIds.push(parentId);
  }
  if (rows.length === 0) {
    throw new CablesimError('no samples: expected lines of "id type x y z radius parent"', { file, where: 'line 1' });
  }
  linkParents(rows, parentIds, fail);
  return rows;
}

/**
 * Column `k` of the current line as a number; coordinates and radius (columns 2 to 5) rounded
 * to float32 before the range check. (Values are returned one by one rather than through an
 * array so that small integers stay small integers: cheaper while this code is still cold.)
 */
function readColumn(scan: SwcScanner, k: number, fail: Fail): number {
  const parsed = scan.number(k);
  if (Number.isNaN(parsed)) fail(scan.line, `${COLUMNS[k]} "${scan.field(k)}" is not a number`);
  const n = k >= 2 && k <= 5 ? Math.fround(parsed) : parsed;
  if (!Number.isFinite(n)) fail(scan.line, `${COLUMNS[k]} "${scan.field(k)}" is out of range`);
  return n;
}

function requireInteger(scan: SwcScanner, k: number, n: number, fail: Fail): void {
  if (!Number.isInteger(n)) fail(scan.line, `${COLUMNS[k]} "${scan.field(k)}" is not an integer`);
}

/**
 * Set each sample's `parent` index from its parent id, then refuse a cycle, a parent listed
 * after its child and a second root, in that order, at the first sample that shows one.
 */
function linkParents(rows: SwcSample[], parentIds: number[], fail: Fail): void {
  const n = rows.length;
  const ids: number[] = []; // increasing
  for (let i = 0; i < n; i++) ids.push(rows[i].id);
  let parentsFirst = true;
  for (let i = 0; i < n; i++) {
    const pid = parentIds[i];
    if (pid === -1) continue;
    const p = indexOfId(ids, pid);
    if (p < 0) fail(rows[i].line, `parent ${pid} is not the id of any sample`);
    rows[i].parent = p;
    if (p >= i) parentsFirst = false;
  }
  // With every parent before its child, following parents always reaches the root.
  if (!parentsFirst) checkAcyclic(rows, fail);
  let root = -1;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r.parent > i) {
      fail(r.line, `parent ${parentIds[i]} is listed after sample ${r.id}; expected every parent before its children (Import3d needs parent id < id)`);
    }
    if (r.parent === -1) {
      if (root >= 0) {
        fail(r.line, `a second root (parent -1; the first is at line ${rows[root].line}); expected one tree`);
      }
      root = i;
    }
  }
}

/**
 * Index of `id` in the increasing array `ids`, -1 when absent. Ids usually count up from the
 * first one without gaps, so the index that would have is tried before a binary search.
 */
function indexOfId(ids: number[], id: number): number {
  const guess = id - ids[0];
  if (guess >= 0 && guess < ids.length && ids[guess] === id) return guess;
  let lo = 0, hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid] < id) lo = mid + 1;
    else if (ids[mid] > id) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** Refuse a sample that is its own ancestor, naming the loop (exported for the reader's test oracle). */
export function checkAcyclic(rows: SwcSample[], fail: Fail): void {
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

const LF = 10, CR = 13, SPACE = 32, HASH = 35, ZERO = 48, LETTER_I = 73, DEL = 127;
const LINE_SEPARATOR = 0x2028, PARAGRAPH_SEPARATOR = 0x2029;

/**
 * Walks SWC text line by line and splits each line into fields, keeping only where the fields
 * are. Lines end at `\r\n`, `\n` or `\r`, as `split(/\r?\n|\r/)` ends them; a `#` starts a
 * comment to the end of the line; fields are separated by white space as JavaScript's `\s`
 * defines it.
 */
class SwcScanner {
  /** 1-based number of the current line. */
  line = 0;
  /** Number of fields on the current line (only the first 7 are located). */
  count = 0;
  private pos = 0;
  private readonly starts = new Int32Array(7);
  private readonly ends = new Int32Array(7);
  private lastEnd = 0;

  constructor(private readonly text: string) {}

  /** Move to the next line and find its fields; false after the last line. */
  nextLine(): boolean {
    const text = this.text, len = text.length;
    if (this.pos > len) return false;
    this.line++;
    this.count = 0;
    let fieldStart = -1, i = this.pos, c = 0;
    for (; i < len; i++) {
      c = text.charCodeAt(i);
      // Most characters are printable ASCII that is neither space nor '#': part of a field.
      if (c > SPACE && c < DEL && c !== HASH) {
        if (fieldStart < 0) fieldStart = i;
      } else if (c === LF || c === CR) {
        break;
      } else if (c === SPACE || c === HASH || isSpace(c)) {
        if (fieldStart >= 0) this.addField(fieldStart, i);
        fieldStart = -1;
        if (c === HASH) {
          i = this.skipComment(i);
          c = text.charCodeAt(i);
          break;
        }
      } else if (fieldStart < 0) {
        fieldStart = i;
      }
    }
    if (fieldStart >= 0) this.addField(fieldStart, i);
    this.pos = i >= len ? len + 1 : c === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
    return true;
  }

  /** Field `k` (< 7) of the current line, for messages. */
  field(k: number): string {
    return this.text.slice(this.starts[k], this.ends[k]);
  }

  /** The current line without its comment and surrounding white space, for messages. */
  content(): string {
    return this.text.slice(this.starts[0], this.lastEnd);
  }

  /**
   * Field `k` (< 7) of the current line as `Number()` reads it, when it is a decimal number as
   * `/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/` defines one; NaN otherwise. `Number()` reads a
   * field without white space as exactly that, or as `0x…`, `0o…`, `0b…` or `[+-]?Infinity`
   * (its StringNumericLiteral grammar), so only those need refusing here.
   */
  number(k: number): number {
    const text = this.text, start = this.starts[k];
    const n = Number(text.slice(start, this.ends[k]));
    const second = text.charCodeAt(start + 1) | 0x20; // lower case
    if (text.charCodeAt(start) === ZERO && (second === 0x78 || second === 0x6f || second === 0x62)) return NaN; // x o b
    if (n === Infinity || n === -Infinity) {
      if (text.charCodeAt(start) === LETTER_I || text.charCodeAt(start + 1) === LETTER_I) return NaN;
    }
    return n;
  }

  private addField(start: number, end: number): void {
    if (this.count < 7) {
      this.starts[this.count] = start;
      this.ends[this.count] = end;
    }
    this.count++;
    this.lastEnd = end;
  }

  /**
   * From the '#' at `hash`, the end of the line; the fields are those before it. Except: the
   * comment was stripped with /#.*$/, whose `.` does not match U+2028 or U+2029, so when one of
   * those follows on the line, only a '#' after the last of them starts a comment, and the
   * fields are found again up to that one.
   */
  private skipComment(hash: number): number {
    const text = this.text, len = this.text.length;
    let i = hash, separator = -1;
    for (; i < len; i++) {
      const c = text.charCodeAt(i);
      if (c === LF || c === CR) break;
      if (c === LINE_SEPARATOR || c === PARAGRAPH_SEPARATOR) separator = i;
    }
    if (separator >= 0) {
      let cut = text.indexOf('#', separator);
      if (cut < 0 || cut > i) cut = i;
      this.findFields(this.pos, cut);
    }
    return i;
  }

  /** All fields in `text[from, to)`, for the rare line that needs a second look. */
  private findFields(from: number, to: number): void {
    this.count = 0;
    let fieldStart = -1;
    for (let i = from; i < to; i++) {
      if (!isSpace(this.text.charCodeAt(i))) {
        if (fieldStart < 0) fieldStart = i;
      } else if (fieldStart >= 0) {
        this.addField(fieldStart, i);
        fieldStart = -1;
      }
    }
    if (fieldStart >= 0) this.addField(fieldStart, to);
  }
}

/**
 * Whether a UTF-16 code unit is white space to JavaScript's `\s` and `trim()`: the WhiteSpace
 * (tab, VT, FF, space, U+FEFF and the Unicode Zs spaces) and LineTerminator characters.
 */
function isSpace(c: number): boolean {
  if (c <= SPACE) return c === SPACE || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === LINE_SEPARATOR || c === PARAGRAPH_SEPARATOR ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}
