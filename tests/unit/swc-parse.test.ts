// readSwcSamples reads SWC text with a hand-written scanner; it must accept, refuse and read
// exactly as the regular-expression reader it replaced, kept here as the oracle.
import { describe, expect, it } from 'vitest';
import { checkAcyclic, readSwcSamples, type SwcSample } from '../../src/model/swc-parse.js';
import { CablesimError } from '../../src/model/errors.js';

// The reader before the scanner (src/model/swc-parse.ts at 94cce4e), verbatim but for its name;
// its cycle check, which the scanner left unchanged, is the module's own `checkAcyclic`.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const COLUMNS = ['id', 'type', 'x', 'y', 'z', 'radius', 'parent'];

function oracle(text: string, file?: string): SwcSample[] {
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

/** The samples, or the message, a reader gives for `text`. */
function outcome(read: (text: string, file?: string) => SwcSample[], text: string): SwcSample[] | string {
  try {
    return read(text, 'cell.swc');
  } catch (e) {
    expect(e).toBeInstanceOf(CablesimError);
    return (e as Error).message;
  }
}

function expectSameReading(text: string): void {
  expect(outcome(readSwcSamples, text), JSON.stringify(text)).toEqual(outcome(oracle, text));
}

describe('readSwcSamples reads as the regular-expression reader did', () => {
  const line = (x: string): string => `1 1 ${x} 0 0 1 -1`;
  it('numbers: accepted, refused and rounded alike', () => {
    const fields = ['1e5', '1E+5', '2e-3', '+.5', '-.5', '5.', '.', '-', '+', '1e', '1e+', '.e5', '1.2.3', 'nan', 'NaN',
      'Infinity', '+Infinity', '-Infinity', '0x10', '0X1f', '0b1', '0o7', '-0x10', '1_0', '+-1', '007', '000.5', '-0',
      '0.1000000000000000055511151231257827021181583404541015625', '1e38', '1e39', '1e-50', '4.9e-324', '1e400',
      '٣', '"0"', '1.5x', 'x'];
    for (const f of fields) expectSameReading(line(f));
  });

  it('lines, comments and white space: split alike', () => {
    const texts = [
      '', '\n', '\r\n\r\n', '# only\n  # comments', '1 1 0 0 0 1 -1', '1 1 0 0 0 1 -1\r\n2 1 0 1 0 1 1\r\n',
      '1 1 0 0 0 1 -1\r2 1 0 1 0 1 1\r', '1 1 0 0 0 1 -1\n\r2 1 0 1 0 1 1', '1 1 0 0 0 1 -1\r\r\n2 1 0 1 0 1 1',
      ' \t1\t1 0  0\v0\f1 -1 \t', '1 1 0 0 0 1 -1# note', '1 1 0 0 # 0 1 -1', '1#1 0 0 0 1 -1', '#\n1 1 0 0 0 1 -1#',
      '\ufeff1 1 0 0 0 1 -1', '1\u00a01 0 0 0 1 -1', '1 1 0\u30000 0 1 -1', '1 1 0 0 0 1 -1\u20282 1 0 1 0 1 1',
      '1 1 0 0 # x\u2028 0 1 -1', '1 1 0 0 # x\u2029 0 1 -1 # y', '1 1 0 # a\u2028 # b\u2028 0 1 -1 # c',
      '1 1 0 0 0 1', '1 1 0 0 0 1 -1 7', '1 1 0\u00850 0 1 -1', '1 1 0\u200b0 0 1 -1',
    ];
    for (const t of texts) expectSameReading(t);
  });

  it('white space: every UTF-16 code unit split on exactly as \\s splits', () => {
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      expectSameReading(`1${ch}1 0 0 0 1 -1`);
      expectSameReading(`1 1 0 0 0 1 -1 #${ch} 2 1 0 1 0 1 1`);
    }
  });

  it('random texts, checks after reading included: read alike', () => {
    let seed = 11;
    const rand = (k: number): number => Math.floor(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * k);
    const pick = <T>(a: T[]): T => a[rand(a.length)];
    const seps = [' ', ' ', '  ', '\t', '\u00a0', '\u2028'];
    const ends = ['\n', '\n', '\r\n', '\r', '\u2029'];
    const odd = ['-1', '1.5', '.5', '5.', '-0', '1e1', '1e', '0x1', 'Infinity', '1e39', '0', 'a', '#', '#x'];
    for (let t = 0; t < 3000; t++) {
      let text = '';
      let id = 0;
      for (let l = rand(7); l > 0; l--) {
        id += rand(5) === 0 ? rand(3) - 1 : 1;
        const parent = id === 1 ? -1 : rand(5) === 0 ? rand(id + 2) - 1 : id - 1;
        const fields = [id, pick([1, 1, 3, 2]), rand(9) / 4, rand(9), 0, pick([1, 0.5, 2, 0]), parent].map(String);
        if (rand(6) === 0) fields[rand(7)] = pick(odd);
        if (rand(12) === 0) fields.splice(rand(7), 1);
        if (rand(12) === 0) fields.push(pick(odd));
        text += pick(['', ' ', '\t']) + fields.map((f, k) => (k ? pick(seps) : '') + f).join('') + pick(['', '', ' # c', '#\u2028x']);
        text += pick(ends);
      }
      expectSameReading(text);
    }
  });
});
