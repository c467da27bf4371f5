// parseSwc refuses bad input with one line naming the file, the line and what was expected.
import { describe, expect, it } from 'vitest';
import { parseSwc, printfG8 } from '../../src/model/swc.js';
import { CablesimError } from '../../src/model/errors.js';

const GOOD = ['# a comment', '1 1 0 0 0 5 -1', '2 3 0 5 0 1 1', '3 3 0 10 0 1 2'];

/** The error parseSwc throws for these lines, as `cell.swc`. */
function refusal(lines: string[]): CablesimError {
  try {
    parseSwc(lines.join('\n'), 'cell.swc');
  } catch (e) {
    expect(e).toBeInstanceOf(CablesimError);
    expect((e as Error).message).not.toContain('\n');
    return e as CablesimError;
  }
  throw new Error('expected parseSwc to refuse the input');
}

describe('parseSwc refuses bad input', () => {
  it('accepts the good file the cases below break', () => {
    const cell = parseSwc(GOOD.join('\r\n') + '\n\n', 'cell.swc');
    expect(cell.sections.map((s) => s.name)).toEqual(['soma[0]', 'dend[0]']);
  });

  const cases: [string, string[], RegExp][] = [
    ['a non-numeric field', [GOOD[1], '2 3 0 five 0 1 1'], /^cell\.swc: line 2: y "five" is not a number$/],
    ['a number with trailing junk', [GOOD[1], '2 3 0 5 0 1.5x 1'], /line 2: radius "1\.5x" is not a number/],
    ['too few columns', [GOOD[1], '2 3 0 5 0 1'], /^cell\.swc: line 2: expected 7 columns \(id type x y z radius parent\), found 6/],
    ['too many columns', [GOOD[1], '2 3 0 5 0 1 1 7'], /line 2: expected 7 columns .*found 8/],
    ['a fractional id', [GOOD[1], '2.5 3 0 5 0 1 1'], /line 2: id "2\.5" is not an integer/],
    ['a fractional type', [GOOD[1], '2 3.5 0 5 0 1 1'], /line 2: type "3\.5" is not an integer/],
    ['a duplicate id', [...GOOD, '2 3 0 9 0 1 1'], /^cell\.swc: line 5: duplicate id 2 \(already used at line 3\)$/],
    ['ids out of order', [GOOD[1], '3 3 0 5 0 1 1', '2 3 0 9 0 1 3'], /line 3: id 2 follows id 3; expected ids in increasing order/],
    ['a parent that does not exist', [...GOOD, '4 3 0 9 0 1 17'], /^cell\.swc: line 5: parent 17 is not the id of any sample$/],
    ['a parent below -1', [GOOD[1], '2 3 0 5 0 1 -2'], /line 2: parent -2 is not -1 \(root\) or a sample id/],
    ['a cycle', [GOOD[1], '2 3 0 5 0 1 3', '3 3 0 9 0 1 2'], /^cell\.swc: line 2: parent links form a cycle \(2 → 3 → 2\); expected a tree$/],
    ['a sample that is its own parent', [GOOD[1], '2 3 0 5 0 1 2'], /line 2: parent links form a cycle \(2 → 2\)/],
    ['a parent listed after its child', [GOOD[1], '2 3 0 5 0 1 3', '3 3 0 9 0 1 1'], /line 2: parent 3 is listed after sample 2; expected every parent before its children/],
    ['a second root', [...GOOD, '4 3 9 9 0 1 -1'], /^cell\.swc: line 5: a second root \(parent -1; the first is at line 2\); expected one tree$/],
    ['a zero radius', [GOOD[1], '2 3 0 5 0 0 1'], /^cell\.swc: line 2: radius 0 µm is not positive; expected a radius > 0$/],
    ['a negative radius', [GOOD[1], '2 3 0 5 0 -0.5 1'], /line 2: radius -0\.5 µm is not positive/],
    ['a radius too small for a float', [GOOD[1], '2 3 0 5 0 1e-50 1'], /line 2: radius 1e-50 µm is not positive/],
    ['an infinite coordinate', [GOOD[1], '2 3 1e39 5 0 1 1'], /line 2: x "1e39" is out of range/],
    ['a negative id', ['-1 1 0 0 0 5 -1'], /line 1: id -1 is negative/],
    ['an empty file', [], /^cell\.swc: line 1: no samples: expected lines of "id type x y z radius parent"$/],
    ['a file of comments', ['# header', '', '   # more'], /line 1: no samples/],
  ];
  for (const [what, lines, message] of cases) {
    it(`refuses ${what}`, () => {
      const e = refusal(lines);
      expect(e.message).toMatch(message);
      expect(e.file).toBe('cell.swc');
      expect(e.where).toMatch(/^line \d+$/);
    });
  }

  it('names no file when given none', () => {
    expect(() => parseSwc('1 1 0 0 0 0 -1')).toThrow(/^line 1: radius 0 µm/);
  });
});

describe('SWC details NEURON has', () => {
  it('keeps trailing comments and blank lines out of the samples', () => {
    const cell = parseSwc('1 1 0 0 0 5 -1 # root\n\n2 3 0 5 0 1 1\t# tip\n3 3 0 10 0 1 2', 'c.swc');
    expect(Array.from(cell.sections[1].swcId ?? [])).toEqual([2, 3]); // wired to a one-point soma
  });

  it('rounds as printf("%.8g") does, exact ties to even', () => {
    expect(printfG8(12345.0625)).toBe(12345.062); // toPrecision(8) gives 12345.063
    expect(printfG8(12345.1875)).toBe(12345.188);
    expect(printfG8(-12345.0625)).toBe(-12345.062);
    expect(printfG8(491.51139163970947)).toBe(491.51139);
    expect(printfG8(914916225)).toBe(914916220);
    expect(printfG8(0.000123456785)).toBe(0.00012345679); // not a tie in binary: to nearest
    expect(printfG8(0)).toBe(0);
  });

  it('its fast path (scaling by powers of ten) rounds as the exact decimal expansion says', () => {
    // the oracle: v's exact decimal digits (40 are enough for a double), rounded to 8 digits,
    // a tie to even; f32 coordinates are often exact ties, random doubles never
    const exact = (v: number): number => {
      const digits = Math.abs(v).toExponential(39).replace('.', '').replace(/e.*$/, '');
      const tie = digits[8] === '5' && /^0*$/.test(digits.slice(9));
      return tie && Number(digits[7]) % 2 === 0 ? Number(v.toExponential(8).replace('5e', 'e')) : Number(v.toPrecision(8));
    };
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 100_000; k++) {
      const v = (rand() - 0.5) * 10 ** Math.floor(rand() * 30 - 15);
      const f = Math.fround(rand() * 500); // coordinates as SWC files hold them
      for (const x of [v, f]) if (x !== 0) expect(printfG8(x)).toBe(exact(x));
    }
  });

  it('makes a one-point soma a cylinder as long as it is wide, its sample in the middle', () => {
    const cell = parseSwc('1 1 10 0 0 3 -1\n2 3 20 0 0 1 1\n3 3 30 0 0 1 2', 'c.swc');
    const soma = cell.sections[0];
    expect(Array.from(soma.xyz_um)).toEqual([7, 0, 0, 10, 0, 0, 13, 0, 0]);
    expect(Array.from(soma.swcId ?? [])).toEqual([-1, 1, -1]);
    const dend = cell.sections[1];
    expect(dend.parentX).toBe(0.5); // joined by a wire: no copy of the soma's point
    expect(Array.from(dend.swcId ?? [])).toEqual([2, 3]);
  });

  it('names SWC types beyond 4 as NEURON does and gives them a type_N region', () => {
    const cell = parseSwc('1 1 0 0 0 5 -1\n2 1 0 5 0 5 1\n3 7 0 9 0 1 2\n4 0 0 9 9 1 2', 'c.swc');
    expect(cell.sections.map((s) => [s.name, s.region])).toEqual([
      ['soma[0]', 'soma'],
      ['dend_7[0]', 'type_7'],
      ['dend_0[0]', 'type_0'],
    ]);
  });
});
