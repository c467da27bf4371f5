// The benchmark's parts without the CLI: the schema checker, the runner's repeats and budget,
// the text forms and the plot, and NEURON's SWC population script against the CPU engine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactMarkdown, si, tableLines } from '../../src/bench/format.js';
import { diskFiles, readManifest, NEURON_SCRIPT, PYTHON } from '../../src/bench/node.js';
import { scalingSvg, seriesOf } from '../../src/bench/plot.js';
import { REPORT_FORMAT, type BenchReport } from '../../src/bench/report.js';
import { loadWorkload, runSuite } from '../../src/bench/runner.js';
import { REPORT_SCHEMA, arr, checkSchema, int, nullable, obj, str } from '../../src/bench/schema.js';
import { median } from '../../src/bench/stats.js';
import { suiteWorkloads } from '../../src/bench/suite.js';
import { CpuEngine } from '../../src/engine/cpu/engine.js';
import { readTracesCsv } from '../../src/io/csv.js';

const HAVE_NEURON = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import neuron'], { stdio: 'ignore' }).status === 0;
const manifest = readManifest();
const byId = (id: string) => manifest.workloads.find((w) => w.id === id)!;

describe('checkSchema', () => {
  const s = obj({ a: int(0), b: nullable(str(['x', 'y'])), c: arr(obj({ d: str() }), 1) });
  it('accepts a conforming value', () => {
    expect(checkSchema({ a: 3, b: null, c: [{ d: '' }] }, s)).toEqual([]);
    expect(checkSchema({ a: 0, b: 'y', c: [{ d: 'q' }, { d: 'r' }] }, s)).toEqual([]);
  });
  it('names every mismatch by its path', () => {
    expect(checkSchema({ a: 1.5, b: 'z', c: [] }, s)).toEqual([
      '$.a: expected an integer, got number 1.5',
      '$.b: expected one of x, y, got string "z"',
      '$.c: expected at least 1 items, got an array',
    ]);
    expect(checkSchema({ b: null, c: [{ d: 4, e: 1 }], f: true }, s)).toEqual([
      '$.a: missing',
      '$.c[0].d: expected a string, got number 4',
      '$.c[0].e: not a field of this object',
      '$.f: not a field of this object',
    ]);
    expect(checkSchema({ a: NaN, b: null, c: [{ d: '' }] }, s)).toEqual(['$.a: expected a finite number, got NaN']);
    expect(checkSchema(null, s)).toEqual(['$: expected an object, got null']);
  });
});

describe('median', () => {
  it('of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('runSuite (CPU engine, in process)', () => {
  const w = byId('axon-100');
  const base = { workloads: [w], engines: ['cpu' as const], files: diskFiles(), maxSteps: 8, kernelTimes: false };

  it('caps the steps, stops at the budget after one run, or at `repeats`', async () => {
    const one = await runSuite({ ...base, repeats: 4, budget_s: 0 });
    expect(one[0]).toMatchObject({ id: 'axon-100', steps: 8, compartments: 100, copies: 1, compartment_steps: 800 });
    expect(one[0].results[0].runs_s).toHaveLength(1);
    const four = await runSuite({ ...base, repeats: 4, budget_s: 1000 });
    const r = four[0].results[0];
    expect(r.runs_s).toHaveLength(4);
    expect(r.median_s).toBe(median(r.runs_s));
    expect(r.compartment_steps_per_s).toBeCloseTo(800 / r.median_s!, 6);
    expect(r.realtime_factor).toBeCloseTo((8 * 0.025) / 1000 / r.median_s!, 9);
    expect(r.vs_neuron).toBeNull();
    expect(r.kernels_note).toBe('n/a: CPU engine');
  });

  it('reports progress up to the end', async () => {
    const seen: number[] = [];
    await runSuite({ ...base, repeats: 1, budget_s: 0, onProgress: (p) => seen.push(p.done / p.total) });
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('an unavailable engine is a result, not an error', async () => {
    const out = await runSuite({ ...base, engines: ['webgpu'], repeats: 1, budget_s: 0, workloads: [byId('ca1-pop-1')], maxSteps: 2 });
    expect(['ok', 'unavailable']).toContain(out[0].results[0].status);
  });
});

/** A small report built by hand (two workloads, NEURON on one). */
function sampleReport(): BenchReport {
  const res = (backend: 'cpu' | 'webgpu' | 'neuron', median_s: number, cs: number) => ({
    backend,
    status: 'ok' as const,
    note: '',
    description: backend,
    setup_s: 0.1,
    runs_s: [median_s],
    median_s,
    min_s: median_s,
    max_s: median_s,
    spread_pct: 0,
    compartment_steps_per_s: cs / median_s,
    realtime_factor: 0.01 / median_s,
    us_per_step: (median_s / 400) * 1e6,
    kernels: backend === 'webgpu' ? [{ kernel: 'step_cells', dispatches: 3, steps_per_dispatch: 40, ms_per_dispatch: 4, us_per_step: 100 }] : null,
    kernels_note: backend === 'webgpu' ? 'timestamps' : 'n/a: CPU engine',
    vs_neuron: backend === 'neuron' ? null : 0.5 / median_s,
  });
  return {
    format: REPORT_FORMAT,
    suite: 'cablesim-bench/1',
    suite_name: 'quick',
    date: '2026-01-01T00:00:00.000Z',
    elapsed_s: 3,
    cablesim: { version: '0.1.0', commit: 'abc1234', dirty: false },
    machine: { cpu: 'Test CPU', cores: 2, memory_GiB: 8, os: 'linux', runtime: 'node v20.0.0', load_avg: [0.5, 0.4, 0.3] },
    adapter: null,
    adapter_note: 'no adapter',
    neuron: { available: true, version: '8.2', note: '' },
    options: { backends: ['cpu', 'webgpu', 'neuron'], repeats: 1, budget_s: 10, max_steps: null, warmup_steps: 20 },
    workloads: [
      { id: 'axon-100', group: 'axon', description: 'a', compartments: 100, copies: 1, steps: 400, dt_ms: 0.025, simulated_ms: 10, compartment_steps: 40000, results: [res('cpu', 0.25, 4e4), res('webgpu', 1, 4e4), res('neuron', 0.5, 4e4)] },
      { id: 'axon-1000', group: 'axon', description: 'b', compartments: 1000, copies: 1, steps: 400, dt_ms: 0.025, simulated_ms: 10, compartment_steps: 400000, results: [res('cpu', 0.5, 4e5), { ...res('webgpu', 1, 4e5), status: 'unavailable', note: 'too large' }] },
    ],
  };
}

describe('text forms and plot', () => {
  it('the sample report is valid', () => {
    expect(checkSchema(sampleReport(), REPORT_SCHEMA)).toEqual([]);
  });

  it('si prefixes', () => {
    expect([si(4.414e6), si(812_300), si(1.2e9), si(12)]).toEqual(['4.41 M', '812 k', '1.20 G', '12.0']);
  });

  it('the table: one row per backend, ratios to NEURON, kernel time, reasons', () => {
    const lines = tableLines(sampleReport());
    expect(lines[0]).toMatch(/^workload\s+size\s+steps\s+backend/);
    expect(lines[1]).toMatch(/^axon-100\s+100\s+400\s+cpu\s+1\s+250 ms\s+±0%\s+160 k\s+0\.0400\s+n\/a\s+×2\.00$/);
    expect(lines[2]).toMatch(/webgpu .* 100 µs\/step\s+×0\.500$/);
    expect(lines[3]).toMatch(/neuron .*n\/a$/);
    expect(lines[5]).toMatch(/webgpu\s+unavailable: too large$/);
  });

  it('the compact Markdown table', () => {
    const md = compactMarkdown(sampleReport());
    expect(md.split('\n')[0]).toMatch(/^\*\*cablesim-bench\/1 quick\*\* · cablesim 0\.1\.0 abc1234 · Test CPU \(2 cores\)/);
    expect(md).toContain('| workload | size | steps | cpu | webgpu | NEURON |');
    expect(md).toContain('| axon-100 | 100 | 400 | 160 k (×2.00) | 40.0 k (×0.500) | 80.0 k |');
    expect(md).toContain('| axon-1000 | 1000 | 400 | 800 k (×1.00) | unavailable |  |');
  });

  it('the scaling plot: a path per sweep and backend, a marker per point, a legend', () => {
    const svg = scalingSvg(seriesOf(sampleReport()), { title: 't' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect x=/g)?.length).toBe(4 + 1 + 1); // 4 axon points (2 cpu, 1 webgpu, 1 NEURON), the legend's, the frame
    expect(svg).toContain('>cpu</text>');
    expect(svg).toContain('>NEURON</text>');
    expect(svg).toContain('>axon length sweep</text>');
  });
});

describe.skipIf(!HAVE_NEURON)('neuron_bench.py', () => {
  it('a population of SWC cells: copy 0 as the CPU engine, every copy counted', async () => {
    const w = byId('ca1-pop-10');
    const dir = mkdtempSync(join(tmpdir(), 'cablesim-neuron-bench-'));
    const file = join(resolve('benchmarks/suite'), w.file);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.run.tstop_ms = 1;
    json.morphology.swc = resolve(join(file, '..'), json.morphology.swc);
    writeFileSync(join(dir, 'm.json'), JSON.stringify(json));
    const r = spawnSync(PYTHON, [NEURON_SCRIPT, join(dir, 'm.json'), join(dir, 'out.csv'), '--time'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/compartments=1560 steps=40/);
    const nrn = readTracesCsv(readFileSync(join(dir, 'out.csv'), 'utf8'));
    const sim = await loadWorkload(w, diskFiles(), 40);
    const ours = await new CpuEngine(sim).run();
    const a = nrn.columns[0], b = ours.columns[0];
    expect(a.length).toBe(b.length);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst).toBeLessThan(1e-4); // the CSV's 6 decimals
  });
});

describe('the quick suite', () => {
  it('every workload loads', async () => {
    for (const w of suiteWorkloads(manifest, 'quick')) {
      const sim = await loadWorkload(w, diskFiles(), null);
      expect([sim.compartments, sim.copies, sim.nsteps], w.id).toEqual([w.compartments, w.copies, w.steps]);
    }
  });
});
