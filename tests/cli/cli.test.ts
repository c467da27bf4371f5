/**
 * The `cablesim` command end to end: `node bin/cablesim.js` on the examples and on broken
 * inputs written into a temp folder. Every failure is one line on stderr naming the file and
 * the field or line, a non-zero exit, no stack trace, and an untouched `--out` file.
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { spikeTimes } from '../../src/analysis/spikes.js';
import { formatTime, readTracesCsv } from '../../src/io/csv.js';
import { cablesim, ensureBuilt, ROOT, tempDir, type Result } from './helpers.js';

beforeAll(() => ensureBuilt());

/** Expect a one-line failure with exit 1 (or `status`) whose message matches `what`. */
function expectFailure(r: Result, what: RegExp, status = 1): void {
  expect(r.status, r.stderr).toBe(status);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^cablesim: /);
  expect(lines[0]).toMatch(what);
  expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
}

describe('cablesim run: good models', () => {
  it('runs hh-axon on the CPU into --out: CSV, then summary on stdout', () => {
    const dir = tempDir();
    const out = join(dir, 'hh-axon.csv');
    const r = cablesim(['run', 'examples/hh-axon.json', '--backend', 'cpu', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('model:    examples/hh-axon.json');
    expect(r.stdout).toMatch(/backend: +cpu, /);
    expect(r.stdout).toContain('202 compartments × 1 copy');
    expect(r.stdout).toMatch(/2000 steps of 0\.025 ms = 50 ms simulated in [\d.]+ s wall/);
    expect(r.stdout).toMatch(/record: +soma: 1 spike, first at 7\.\d{3} ms/);
    expect(r.stdout).toMatch(/record: +axon_end: 1 spike, first at \d+\.\d{3} ms/);

    const text = readFileSync(out, 'utf8');
    const lines = text.split('\n');
    expect(lines[0]).toBe('t_ms,soma,axon_mid,axon_end');
    expect(lines[1]).toBe('0,-65.000000,-65.000000,-65.000000');
    expect(lines.at(-1)).toBe(''); // ends in a line break
    const tr = readTracesCsv(text);
    expect(tr.t_ms.length).toBe(Math.round(50 / 0.025) + 1);
    tr.t_ms.forEach((t, i) => expect(lines[i + 1].split(',')[0]).toBe(formatTime(i * 0.025)));
    expect(lines[2].split(',')[0]).toBe('0.025');
    expect(lines[13].split(',')[0]).toBe('0.3');
    expect(lines.at(-2)?.split(',')[0]).toBe('50');
    for (const row of lines.slice(1, -1)) expect(row).toMatch(/^[\d.]+(,-?\d+\.\d{6}){3}$/);
    // The spike starts at the soma and reaches the axon's middle, then its end.
    const [soma, mid, end] = tr.columns.map((c) => spikeTimes(tr.t_ms, c));
    expect(soma).toHaveLength(1);
    expect(mid[0]).toBeGreaterThan(soma[0]);
    expect(end[0]).toBeGreaterThan(mid[0]);
    expect(readdirSync(dir)).toEqual(['hh-axon.csv']); // no temp file left behind
  });

  it('writes the CSV to stdout and the summary to stderr without --out', () => {
    const r = cablesim(['run', 'examples/hh-soma.json', '--backend=cpu']);
    expect(r.status, r.stderr).toBe(0);
    const tr = readTracesCsv(r.stdout);
    expect(tr.labels).toEqual(['soma']);
    expect(tr.t_ms.length).toBe(4001);
    const spikes = spikeTimes(tr.t_ms, tr.columns[0]);
    expect(spikes.length).toBeGreaterThanOrEqual(5); // repetitive firing
    expect(r.stderr).toContain('model:    examples/hh-soma.json');
    expect(r.stderr).toContain(`record:   soma: ${spikes.length} spikes, first at ${spikes[0].toFixed(3)} ms`);
    expect(r.stderr).toContain('output:   stdout');
  });

  it('runs the branched cell and the SWC cell, and records every copy of a population', () => {
    const dir = tempDir();
    for (const name of ['branched-cell', 'swc-cell', 'hh-population']) {
      const out = join(dir, `${name}.csv`);
      const r = cablesim(['run', `examples/${name}.json`, '--backend', 'cpu', '-o', out]);
      expect(r.status, `${name}: ${r.stderr}`).toBe(0);
      const tr = readTracesCsv(readFileSync(out, 'utf8'));
      for (const c of tr.columns) expect(spikeTimes(tr.t_ms, c).length, `${name}`).toBeGreaterThan(0);
      if (name === 'hh-population') {
        expect(tr.labels).toHaveLength(64);
        expect(tr.labels.slice(0, 3)).toEqual(['soma', 'soma@1', 'soma@2']);
        expect(r.stdout).toContain('× 64 copies');
      }
    }
  });

  it('creates a missing output folder, and resolves the SWC beside the model from any cwd', () => {
    const dir = tempDir();
    const out = join(dir, 'a', 'b', 'swc.csv');
    const r = cablesim(['run', join(ROOT, 'examples/swc-cell.json'), '--backend', 'cpu', '--out', out], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('t_ms,soma,basal_100um,apical_200um,apical_400um');
  });
});

describe('cablesim: usage', () => {
  it('prints help and version', () => {
    const h = cablesim(['--help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/^usage: cablesim run MODEL\.json/);
    const v = cablesim(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(`cablesim ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}`);
  });

  it.each([
    [[], /missing command/],
    [['frob', 'x.json'], /unknown command "frob"/],
    [['run'], /missing the model file/],
    [['run', 'examples/hh-soma.json', '--bakend', 'cpu'], /unknown option --bakend/],
    [['run', 'examples/hh-soma.json', '--backend', 'gpu'], /--backend must be one of cpu, webgpu, auto, got "gpu"/],
    [['run', 'examples/hh-soma.json', '--strategy', 'fast'], /--strategy must be one of auto, population, workgroup, shared, got "fast"/],
    [['run', 'examples/hh-soma.json', '--out'], /--out needs a value/],
    [['run', 'a.json', 'b.json'], /one model file at a time/],
  ])('refuses %j with exit 2 and a hint', (args, what) => {
    const r = cablesim(args as string[]);
    expectFailure(r, what, 2);
    expect(r.stderr).toContain('cablesim --help');
  });

  it('says how to build when dist/ is missing', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(ROOT, 'bin/cablesim.js'), join(dir, 'bin/cablesim.js'));
    const r = cablesim(['--version'], { bin: join(dir, 'bin/cablesim.js') });
    expectFailure(r, /not built yet; run `npm run build`/);
  });

  it('passes --backend webgpu through: it runs, or fails in one line', () => {
    const r = cablesim(['run', 'examples/hh-soma.json', '--backend', 'webgpu', '--out', join(tempDir(), 'w.csv')]);
    if (r.status !== 0) expectFailure(r, /webgpu|WebGPU|adapter/);
  });

  it('passes --strategy through: the summary names it, or the run fails in one line', () => {
    const r = cablesim(['run', 'examples/hh-soma.json', '--backend', 'webgpu', '--strategy', 'shared', '--out', join(tempDir(), 'w.csv')]);
    if (r.status === 0) expect(r.stdout).toMatch(/backend: +webgpu, WebGPU f32, shared strategy/);
    else expectFailure(r, /webgpu|WebGPU|adapter/);
  });

  it('refuses --strategy shared for a cell too large for workgroup memory, in one line, before the run', () => {
    const out = join(tempDir(), 'p.csv');
    const r = cablesim(['run', 'benchmarks/models/purkinje-hh-5um.json', '--backend', 'webgpu', '--strategy', 'shared', '--out', out]);
    expectFailure(r, /purkinje-hh-5um\.json: the cell is too large for the shared strategy: .*; at most about \d+ nodes fit|adapter/);
    expect(readdirSync(join(out, '..'))).toEqual([]);
  });
});
