/**
 * The Node side of the benchmark (this file only: everything else in src/bench is
 * browser-safe): the suite's files on disk, the machine, the git checkout, and NEURON run as
 * a Python process on the same model files (scripts/reference/neuron_bench.py).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describeAdapter } from '../engine/webgpu/device.js';
import { CablesimError } from '../model/errors.js';
import { hasTimestampQuery } from './kernel-times.js';
import type { AdapterReport, BackendResult, MachineReport } from './report.js';
import type { MeasureSettings, NeuronRunner, WorkloadFiles } from './runner.js';
import { emptyResult, measuredResult } from './stats.js';
import type { SuiteManifest, Workload } from './suite.js';

const run = promisify(execFile);

/** The package's root folder (dist/bench/ or src/bench/ → ../..). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The suite's manifest in a checkout. */
export const SUITE_MANIFEST = join(PACKAGE_ROOT, 'benchmarks/suite/suite.json');
export const NEURON_SCRIPT = join(PACKAGE_ROOT, 'scripts/reference/neuron_bench.py');
export const PYTHON = '/usr/bin/python3';

/** Read the suite's manifest. */
export function readManifest(path = SUITE_MANIFEST): SuiteManifest {
  if (!existsSync(path)) throw new CablesimError(`the benchmark suite is not here (${path}); it comes with a checkout of the repository`);
  return JSON.parse(readFileSync(path, 'utf8')) as SuiteManifest;
}

/** Workload files on disk, beside the manifest. */
export function diskFiles(manifestPath = SUITE_MANIFEST): WorkloadFiles & { modelPath(w: Workload): string } {
  const base = dirname(manifestPath);
  const modelPath = (w: Workload): string => join(base, w.file);
  return {
    modelPath,
    modelText: (w) => readFile(modelPath(w), 'utf8'),
    swcText: (w, swc) => readFile(resolve(dirname(modelPath(w)), swc), 'utf8'),
  };
}

/** The package's version, from its package.json. */
export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The checkout's commit and whether it has changes; nulls outside a git checkout. */
export async function gitState(): Promise<{ commit: string | null; dirty: boolean | null }> {
  try {
    const { stdout: top } = await run('git', ['rev-parse', '--show-toplevel'], { cwd: PACKAGE_ROOT });
    if (resolve(top.trim()) !== resolve(PACKAGE_ROOT)) return { commit: null, dirty: null };
    const { stdout: commit } = await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: PACKAGE_ROOT });
    const { stdout: status } = await run('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: PACKAGE_ROOT });
    return { commit: commit.trim(), dirty: status.trim() !== '' };
  } catch {
    return { commit: null, dirty: null };
  }
}

/** The operating system in words: `linux 6.1.0 (Debian GNU/Linux 13 (trixie))`. */
function osName(): string {
  let distro = '';
  try {
    distro = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? '';
  } catch {
    // not Linux, or no os-release
  }
  return `${platform()} ${release()}${distro ? ` (${distro})` : ''}`;
}

/** This machine: CPU, cores, memory, OS, Node, load. */
export function machineReport(): MachineReport {
  const c = cpus();
  return {
    cpu: c[0]?.model?.trim() || 'unknown',
    cores: c.length,
    memory_GiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    os: osName(),
    runtime: `node ${process.version}`,
    load_avg: loadavg().map((x) => Number(x.toFixed(2))),
  };
}

/** The WebGPU adapter cablesim would use, or why there is none. */
export async function adapterReport(): Promise<{ adapter: AdapterReport | null; note: string }> {
  try {
    const a = await describeAdapter();
    if (!a) return { adapter: null, note: 'no WebGPU adapter found (cablesim info says why)' };
    return { adapter: { ...a, timestamp_query: await hasTimestampQuery(), limits: { ...a.limits } }, note: '' };
  } catch (e) {
    return { adapter: null, note: `no WebGPU: ${(e as Error).message}` };
  }
}

/** NEURON's version when `/usr/bin/python3 -c "import neuron"` works, else why not. */
export async function neuronState(): Promise<{ available: boolean; version: string | null; note: string }> {
  if (!existsSync(PYTHON)) return { available: false, version: null, note: `no ${PYTHON}` };
  if (!existsSync(NEURON_SCRIPT)) return { available: false, version: null, note: `no ${NEURON_SCRIPT} (not a checkout)` };
  try {
    const { stdout } = await run(PYTHON, ['-c', 'import neuron; print(neuron.__version__)'], { timeout: 60_000 });
    return { available: true, version: stdout.trim().split('\n').pop() ?? 'unknown', note: '' };
  } catch {
    return { available: false, version: null, note: 'NEURON is not installed (apt-get install python3-neuron)' };
  }
}

/**
 * NEURON on the workloads' own model files: one Python process per run; its simulation time is
 * NEURON's own (`continuerun` alone, printed by the script), building the cells apart.
 */
export function neuronRunner(version: string, manifestPath = SUITE_MANIFEST): NeuronRunner {
  const files = diskFiles(manifestPath);
  return {
    async run(w: Workload, s: MeasureSettings): Promise<BackendResult> {
      const tmp = mkdtempSync(join(tmpdir(), 'cablesim-bench-neuron-'));
      try {
        let model = files.modelPath(w);
        if (s.maxSteps !== null) {
          // a capped copy: the same model with tstop cut and the SWC path made absolute
          const json = JSON.parse(readFileSync(model, 'utf8')) as { run: { tstop_ms: number; dt_ms: number }; morphology: { swc?: string } };
          json.run.tstop_ms = Math.min(json.run.tstop_ms, s.maxSteps * json.run.dt_ms);
          if (json.morphology.swc) json.morphology.swc = resolve(dirname(model), json.morphology.swc);
          model = join(tmp, `${w.id}.json`);
          writeFileSync(model, JSON.stringify(json));
        }
        const sims: number[] = [];
        const setups: number[] = [];
        let spent = 0;
        let counted = '';
        while (sims.length < s.repeats && (sims.length === 0 || spent < s.budget_s)) {
          const t0 = performance.now();
          const { stdout } = await run(PYTHON, [NEURON_SCRIPT, model, join(tmp, 'out.csv'), '--time'], { maxBuffer: 1 << 24 });
          spent += (performance.now() - t0) / 1000;
          const m = /neuron_wall_s=([\d.]+) setup_s=([\d.]+) compartments=(\d+) steps=(\d+)/.exec(stdout);
          if (!m) throw new Error(`unexpected output from ${NEURON_SCRIPT}: ${stdout.slice(-200)}`);
          sims.push(Number(m[1]));
          setups.push(Number(m[2]));
          counted = `${m[3]} compartments, ${m[4]} steps`;
        }
        const steps = Number(/(\d+) steps/.exec(counted)![1]);
        const compartments = Number(/(\d+) compartments/.exec(counted)![1]);
        const r = measuredResult('neuron', `NEURON ${version}, fixed step, cache_efficient(1), continuerun() time alone`, { compartments, steps, dt_ms: w.dt_ms }, sims, setups.sort((a, b) => a - b)[setups.length >> 1], null, 'n/a: NEURON');
        return r;
      } catch (e) {
        const msg = ((e as { stderr?: string }).stderr || (e as Error).message || String(e)).trim().split('\n').pop() ?? '';
        return emptyResult('neuron', 'failed', msg, `NEURON ${version}`);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  };
}
