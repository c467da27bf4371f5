/** Trace CSV writing and reading, atomic file writes, spike detection. */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spikeTimes } from '../../src/analysis/spikes.js';
import type { Traces } from '../../src/engine/types.js';
import { formatTime, formatValue, readTracesCsv, tracesCsvChunks, tracesToCsv } from '../../src/io/csv.js';
import { writeFileAtomic } from '../../src/io/write-file.js';
import { CablesimError } from '../../src/model/errors.js';
import { tempDir } from './helpers.js';

function traces(n: number, dt: number): Traces {
  const t_ms = Float64Array.from({ length: n }, (_, i) => i * dt);
  return {
    t_ms,
    labels: ['soma', 'soma@1'],
    columns: [Float64Array.from(t_ms, (t) => -65 + Math.sin(t)), Float32Array.from(t_ms, (t) => -65 - t)],
  };
}

describe('CSV', () => {
  it('prints times exactly, without float artefacts or exponents', () => {
    expect(formatTime(0)).toBe('0');
    expect(formatTime(0.1 + 0.2)).toBe('0.3');
    expect(formatTime(3 * 0.025)).toBe('0.075');
    expect(formatTime(12 * 0.1)).toBe('1.2');
    expect(formatTime(40000 * 0.025)).toBe('1000');
    expect(formatTime(1e-7)).toBe('0.0000001');
    expect(formatTime(123456.789)).toBe('123456.789');
    expect(formatTime(-0)).toBe('0');
    for (let i = 0; i <= 4000; i++) expect(Number(formatTime(i * 0.025))).toBeCloseTo(i / 40, 12);
  });

  it('prints values with 6 decimals like NEURON', () => {
    expect(formatValue(-65)).toBe('-65.000000');
    expect(formatValue(-64.99925512345)).toBe('-64.999255');
    expect(formatValue(-1e-9)).toBe('0.000000');
    expect(formatValue(NaN)).toBe('nan');
    expect(formatValue(-Infinity)).toBe('-inf');
  });

  it('writes header and one row per sample, and reads them back', () => {
    const tr = traces(2001, 0.025);
    const text = tracesToCsv(tr);
    const lines = text.split('\n');
    expect(lines[0]).toBe('t_ms,soma,soma@1');
    expect(lines[1]).toBe('0,-65.000000,-65.000000');
    expect(lines[2]).toBe(`0.025,${(-65 + Math.sin(0.025)).toFixed(6)},${Math.fround(-65.025).toFixed(6)}`);
    expect(lines).toHaveLength(2003);
    expect(lines[2002]).toBe('');
    expect([...tracesCsvChunks(tr, 100)].join('')).toBe(text);
    const back = readTracesCsv(text);
    expect(back.labels).toEqual(tr.labels);
    expect(back.t_ms.length).toBe(2001);
    back.columns.forEach((c, j) => c.forEach((v, i) => expect(Math.abs(v - tr.columns[j][i])).toBeLessThanOrEqual(5e-7)));
  });

  it('reads NEURON-style CSV with CRLF and nan, and names the line of a bad row', () => {
    const tr = readTracesCsv('t_ms,a\r\n0,-65.000000\r\n0.025,nan\r\n\r\n');
    expect(tr.t_ms).toEqual(Float64Array.of(0, 0.025));
    expect(Number.isNaN(tr.columns[0][1])).toBe(true);
    expect(() => readTracesCsv('t_ms,a\n0,1\n1,2,3\n', 'x.csv')).toThrow(new CablesimError('expected 2 values, got 3', { file: 'x.csv', where: 'line 3' }));
    expect(() => readTracesCsv('t_ms,a\n0,abc\n', 'x.csv')).toThrow('x.csv: line 2: column 2: expected a number, got "abc"');
    expect(() => readTracesCsv('time,a\n')).toThrow(/line 1: expected a header starting with t_ms/);
  });
});

describe('writeFileAtomic', () => {
  it('replaces a file whole', async () => {
    const dir = tempDir();
    const path = join(dir, 'out.csv');
    writeFileSync(path, 'old\n');
    await writeFileAtomic(path, 'new\n');
    expect(readFileSync(path, 'utf8')).toBe('new\n');
    await writeFileAtomic(path, ['a', 'b', 'c\n']);
    expect(readFileSync(path, 'utf8')).toBe('abc\n');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('leaves the old file and no temp file when writing fails halfway', async () => {
    const dir = tempDir();
    const path = join(dir, 'out.csv');
    writeFileSync(path, 'old\n');
    function* failing(): Generator<string> {
      yield 'half of it';
      throw new Error('disk on fire');
    }
    await expect(writeFileAtomic(path, failing())).rejects.toThrow('disk on fire');
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('fails on a missing folder without creating anything', async () => {
    const dir = tempDir();
    await expect(writeFileAtomic(join(dir, 'no', 'out.csv'), 'x')).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('spikeTimes', () => {
  it('finds upward 0 mV crossings, interpolated', () => {
    const t = [0, 1, 2, 3, 4, 5, 6];
    const v = [-65, -10, 10, 30, -20, 0, -5];
    expect(spikeTimes(t, v)).toEqual([1.5, 5]);
    expect(spikeTimes(t, v, 20)).toEqual([2.5]);
    expect(spikeTimes([], [])).toEqual([]);
    expect(spikeTimes([0, 1], [5, 10])).toEqual([]); // starts above: no crossing
  });
});
