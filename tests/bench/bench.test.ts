// `cablesim bench` end to end on a tiny variant of the quick suite (every workload, one run,
// steps capped): both engines (WebGPU on SwiftShader here), NEURON where installed, a JSON
// report with every field filled and matching its schema, the table on stdout. No timing is
// asserted. Also: `cablesim info`, bad bench command lines, the suite files up to date.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BenchReport } from '../../src/bench/report.js';
import { REPORT_SCHEMA, checkSchema } from '../../src/bench/schema.js';
import { SUITE_VERSION, suiteWorkloads, type SuiteManifest } from '../../src/bench/suite.js';
import { cablesim, ensureBuilt, ROOT, tempDir } from '../cli/helpers.js';

const PYTHON = '/usr/bin/python3';
const HAVE_NEURON = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import neuron'], { stdio: 'ignore' }).status === 0;
const manifest = JSON.parse(readFileSync(join(ROOT, 'benchmarks/suite/suite.json'), 'utf8')) as SuiteManifest;

beforeAll(() => ensureBuilt());

describe('cablesim bench --suite quick (tiny: 1 run, 10 steps)', () => {
  let report: BenchReport;
  let stdout: string;

  beforeAll(() => {
    const json = join(tempDir(), 'sub/quick.json');
    const r = cablesim(['bench', '--suite', 'quick', '--backend', 'all', '--repeats', '1', '--max-steps', '10', '--json', json]);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    stdout = r.stdout;
    report = JSON.parse(readFileSync(json, 'utf8')) as BenchReport;
  }, 300_000);

  it('writes JSON that matches the schema', () => {
    expect(checkSchema(report, REPORT_SCHEMA)).toEqual([]);
    expect(report.suite).toBe(SUITE_VERSION);
    expect(report.suite_name).toBe('quick');
    expect(report.options).toMatchObject({ repeats: 1, max_steps: 10 });
    expect(report.workloads.map((w) => w.id)).toEqual(suiteWorkloads(manifest, 'quick').map((w) => w.id));
  });

  it('fills every field: machine, version, commit, adapter, NEURON', () => {
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.machine.memory_GiB).toBeGreaterThan(0);
    expect(report.machine.cpu).not.toBe('');
    expect(report.machine.runtime).toMatch(/^node v\d+/);
    expect(report.machine.load_avg).toHaveLength(3);
    expect(report.cablesim.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.cablesim.commit).toMatch(/^[0-9a-f]{7,}$/);
    expect(typeof report.cablesim.dirty).toBe('boolean');
    expect(Date.parse(report.date)).not.toBeNaN();
    expect(report.adapter, report.adapter_note).not.toBeNull();
    expect(report.neuron.available).toBe(HAVE_NEURON);
  });

  it('measures every workload on cpu and webgpu (and NEURON), every figure filled', () => {
    for (const w of report.workloads) {
      expect(w.steps).toBe(10);
      expect(w.compartment_steps).toBe(w.compartments * w.copies * 10);
      const backends = w.results.map((r) => r.backend);
      expect(backends).toEqual(HAVE_NEURON ? ['cpu', 'webgpu', 'neuron'] : ['cpu', 'webgpu']);
      for (const r of w.results) {
        expect(r.status, `${w.id} ${r.backend}: ${r.note}`).toBe('ok');
        expect(r.runs_s).toHaveLength(1);
        for (const k of ['setup_s', 'median_s', 'min_s', 'max_s', 'spread_pct', 'compartment_steps_per_s', 'realtime_factor', 'us_per_step'] as const) {
          expect(r[k], `${w.id} ${r.backend} ${k}`).toBeTypeOf('number');
        }
        expect(r.description).not.toBe('');
        if (r.backend === 'neuron') expect(r.vs_neuron).toBeNull();
        else if (HAVE_NEURON) expect(r.vs_neuron).toBeGreaterThan(0);
        if (r.backend === 'webgpu' && report.adapter!.timestamp_query) {
          expect(r.kernels?.map((k) => k.kernel), r.kernels_note).toEqual(['step_cells']);
          expect(r.kernels![0].us_per_step).toBeGreaterThan(0);
        } else {
          expect(r.kernels).toBeNull();
          expect(r.kernels_note).toMatch(/^n\/a/);
        }
      }
    }
  });

  it('prints the machine and the table', () => {
    expect(stdout).toMatch(/^suite: {4}cablesim-bench\/1 quick/m);
    expect(stdout).toMatch(/^webgpu: /m);
    expect(stdout).toMatch(/comp-steps\/s\s+sim s\/wall s\s+step kernel\s+vs NEURON/);
    for (const w of report.workloads) expect(stdout).toMatch(new RegExp(`^${w.id} `, 'm'));
    expect(stdout).toMatch(HAVE_NEURON ? /^neuron: {3}NEURON \d/m : /^neuron: {3}absent/m);
  });
});

describe('cablesim bench: options', () => {
  it('--backend cpu --no-neuron --only: just that, NEURON said absent', () => {
    const json = join(tempDir(), 'cpu.json');
    const r = cablesim(['bench', '--backend', 'cpu', '--no-neuron', '--only', 'axon-100', '--repeats', '2', '--max-steps', '5', '--json', json, '--markdown']);
    expect(r.status, r.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(json, 'utf8')) as BenchReport;
    expect(checkSchema(rep, REPORT_SCHEMA)).toEqual([]);
    expect(rep.workloads.map((w) => w.id)).toEqual(['axon-100']);
    expect(rep.workloads[0].results.map((r) => r.backend)).toEqual(['cpu']);
    expect(rep.workloads[0].results[0].runs_s.length).toBeGreaterThanOrEqual(1);
    expect(rep.neuron).toEqual({ available: false, version: null, note: 'left out (--no-neuron)' });
    expect(r.stdout).toMatch(/neuron: {3}absent: left out/);
    expect(r.stdout).toMatch(/no NEURON/);
    expect(r.stdout).toMatch(/^\| axon-100 \| 100 \| 5 \| \d/m); // the compact Markdown row
  });

  it.each([
    [['bench', '--suite', 'huge'], /--suite must be quick or full/],
    [['bench', '--backend', 'tpu'], /--backend must be one of all, cpu, webgpu, auto/],
    [['bench', '--repeats', '0'], /--repeats must be a whole number/],
    [['bench', 'model.json'], /bench takes no file/],
    [['bench', '--frobnicate'], /unknown option --frobnicate for bench/],
    [['info', 'x'], /info takes no arguments/],
  ])('%j is a usage error (exit 2)', (args, what) => {
    const r = cablesim(args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('cablesim:'))).toHaveLength(1);
    expect(r.stderr).toMatch(what);
  });

  it('--only with a workload not in the suite: one line, exit 1', () => {
    const r = cablesim(['bench', '--only', 'axon-100000']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--only: no workload axon-100000 in the quick suite/);
  });

  it('bench --help describes the options', () => {
    const r = cablesim(['bench', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--suite S/);
    expect(r.stdout).toMatch(/--json FILE/);
  });
});

describe('cablesim info', () => {
  it('describes the WebGPU adapter and its limits', () => {
    const r = cablesim(['info']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^machine: {2}.+cores/m);
    expect(r.stdout).toMatch(/^webgpu: {3}\S/m);
    expect(r.stdout).toMatch(/maxStorageBufferBindingSize\s+\d/);
    expect(r.stdout).toMatch(/timestamps: +(yes|no)/);
  });

  it('says why there is none when Vulkan offers no adapter', () => {
    const r = cablesim(['info'], { env: { VK_ICD_FILENAMES: '/nonexistent/icd.json' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^webgpu: {3}none: no WebGPU adapter found/m);
  });
});

describe('the suite', () => {
  it('the files are as benchmarks/suite/make-suite.ts makes them', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'benchmarks/suite/make-suite.ts', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  it('full has the sweeps the issue asks for, quick a subset', () => {
    const full = suiteWorkloads(manifest, 'full');
    const pop = full.filter((w) => w.group === 'population').map((w) => w.copies);
    expect(pop).toEqual([1, 10, 100, 1000, 10000]);
    const axon = full.filter((w) => w.group === 'axon').map((w) => w.compartments);
    expect(axon).toEqual([100, 1000, 10000, 100000]);
    expect(full.filter((w) => w.group === 'rallpack').map((w) => w.simulated_ms)).toEqual([250, 250, 250]);
    expect(full.find((w) => w.id === 'l5pc')).toMatchObject({ compartments: 6200, copies: 1 });
    for (const w of manifest.workloads) expect(w.compartment_steps).toBe(w.compartments * w.copies * w.steps);
    const quick = suiteWorkloads(manifest, 'quick');
    expect(quick.reduce((s, w) => s + w.compartment_steps, 0)).toBeLessThan(2e7);
  });
});
