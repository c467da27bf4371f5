#!/usr/bin/env node
/**
 * The WebGPU engine's strategies against each other and the CPU engine on fixed models, in
 * one process: compartment-steps per second of `run()` (wall and process CPU time), engine
 * creation apart. Results go to benchmarks/results/webgpu-strategies-DATE.json.
 *
 *   npm run build && node benchmarks/webgpu-strategies.mjs [--repeats 3] [--only NAME,…]
 *                                                        [--strategies cpu,population,…]
 *                                                        [--base DIR] [--tag TAG]
 *
 * `--base DIR`: also run the WebGPU strategies of another build (DIR/dist, e.g. a git worktree
 * of an earlier commit, built), as `population@base` etc., interleaved with this one: on a
 * shared machine only interleaved runs compare. The load average is recorded before and after.
 *
 * Cases: a ~1000-compartment branched HH cell ×1, ×50, ×1000 (shorter run), the Purkinje
 * reconstruction at 5 µm with hh (~3000 compartments), Rallpack 2 (1023 cylinders, passive).
 * `shared` runs where the cell fits one workgroup's memory (the 1k cell ×1 and ×50, Rallpack 2).
 * Reference points on this machine's kind (2-core EPYC, SwiftShader), from the NEURON comparison
 * (benchmarks/vs-neuron.mjs, then cpu-vs-neuron.mjs):
 * NEURON 8.2 does ~5.5e6 compartment-steps/s on a population of ~1000-compartment cells and
 * ~9.8e6 on the Purkinje cell.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { execSync } from 'node:child_process';
import { cpus, totalmem, platform, release, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadSimulation } from '../dist/index.js';
import { CpuEngine } from '../dist/engine/cpu/engine.js';
import { WebGpuEngine } from '../dist/engine/webgpu/engine.js';
import { acquireGpu } from '../dist/engine/webgpu/device.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const repeats = Number(opt('repeats', 3));
const only = opt('only', '').split(',').filter(Boolean);
const wanted = opt('strategies', 'cpu,population,workgroup,shared').split(',');
const baseDir = opt('base', '');
const BaseEngine = baseDir ? (await import(pathToFileURL(resolve(baseDir, 'dist/engine/webgpu/engine.js')).href)).WebGpuEngine : undefined;
const baseCommit = baseDir ? execSync('git rev-parse --short HEAD', { cwd: baseDir, encoding: 'utf8' }).trim() : undefined;
const loadBefore = loadavg();

const BRANCHED = 'benchmarks/models/branched-hh-1k.json';
const rallpack2 = () => {
  const sections = [];
  const grow = (level, parent) => {
    const name = `b${sections.length}`;
    sections.push({ name, ...(parent ? { parent } : {}), length_um: 32 * 2 ** (-level / 3), diam_um: 16 * 2 ** ((-2 * level) / 3), nseg: 1 });
    if (level < 9) (grow(level + 1, name), grow(level + 1, name));
  };
  grow(0);
  return {
    format: 'cablesim-model/1',
    morphology: { sections },
    membrane: { cm_uF_per_cm2: 1, Ra_ohm_cm: 100, vInit_mV: -65, celsius: 6.3 },
    mechanisms: [{ name: 'pas', where: ['all'], params: { g: 1 / 40000, e: -65 } }],
    stimuli: [{ type: 'iclamp', at: { section: 'b0', x: 0 }, delay_ms: 0, dur_ms: 250, amp_nA: 0.1 }],
    record: [{ label: 'x0', at: { section: 'b0', x: 0 }, var: 'v' }],
    run: { tstop_ms: 50, dt_ms: 0.05 },
  };
};

/** name, model file (or object), edit, strategies that apply */
const CASES = [
  { name: 'branched-1k x1', file: BRANCHED, edit: {}, strategies: ['cpu', 'workgroup', 'shared', 'population'] },
  { name: 'branched-1k x50', file: BRANCHED, edit: { population: { count: 50 } }, strategies: ['cpu', 'population', 'workgroup', 'shared'] },
  { name: 'branched-1k x1000 (5 ms)', file: BRANCHED, edit: { population: { count: 1000 }, run: { tstop_ms: 5, dt_ms: 0.025 } }, strategies: ['cpu', 'population'] },
  { name: 'purkinje-hh-5um', file: 'benchmarks/models/purkinje-hh-5um.json', edit: { run: { tstop_ms: 50, dt_ms: 0.025 } }, strategies: ['cpu', 'workgroup'] },
  { name: 'rallpack2', file: 'rallpack2.json', model: rallpack2(), edit: {}, strategies: ['cpu', 'workgroup', 'shared'] },
];

async function load(c) {
  return loadSimulation(c.file, {
    readText: async (path) => {
      if (path !== c.file) return readFile(path, 'utf8');
      const model = c.model ?? JSON.parse(await readFile(path, 'utf8'));
      return JSON.stringify({ ...model, ...c.edit });
    },
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const gpu = await acquireGpu();

async function once(sim, name) {
  const [strategy, base] = name.split('@');
  const t0 = performance.now();
  const engine = strategy === 'cpu' ? new CpuEngine(sim) : await (base ? BaseEngine : WebGpuEngine).create(sim, { strategy, gpu });
  const t1 = performance.now();
  const u0 = process.cpuUsage();
  await engine.run();
  const u1 = process.cpuUsage(u0);
  const t2 = performance.now();
  engine.dispose();
  return { create_s: (t1 - t0) / 1e3, run_s: (t2 - t1) / 1e3, cpu_s: (u1.user + u1.system) / 1e6 };
}

const results = [];
for (const c of CASES) {
  if (only.length && !only.some((o) => c.name.includes(o))) continue;
  const sim = await load(c);
  const work = sim.compartments * sim.copies * sim.nsteps;
  const strategies = c.strategies.filter((s) => wanted.includes(s)).flatMap((s) => (BaseEngine && s !== 'cpu' ? [`${s}@base`, s] : [s]));
  const runs = Object.fromEntries(strategies.map((s) => [s, []]));
  for (let r = 0; r < repeats; r++) {
    // interleaved, so a change in the machine's load hits every strategy alike
    for (const s of strategies) {
      try {
        runs[s].push(await once(sim, s));
      } catch (e) {
        runs[s].push({ error: e.message });
      }
    }
  }
  const row = { case: c.name, compartments: sim.compartments, copies: sim.copies, steps: sim.nsteps, strategies: {} };
  for (const s of strategies) {
    const ok = runs[s].filter((x) => !x.error);
    if (!ok.length) {
      row.strategies[s] = { error: runs[s][0].error };
      console.log(`${c.name.padEnd(26)} ${s.padEnd(11)} error: ${runs[s][0].error.split('\n')[0]}`);
      continue;
    }
    const run_s = median(ok.map((x) => x.run_s)), cpu_s = median(ok.map((x) => x.cpu_s)), create_s = median(ok.map((x) => x.create_s));
    row.strategies[s] = { run_s, run_s_all: ok.map((x) => x.run_s), cpu_s, create_s, compartment_steps_per_s: work / run_s };
    console.log(
      `${c.name.padEnd(26)} ${s.padEnd(11)} ${(work / run_s / 1e6).toFixed(2).padStart(7)}e6 comp-steps/s  run ${run_s.toFixed(3)} s (cpu ${cpu_s.toFixed(2)} s) create ${create_s.toFixed(2)} s`,
    );
  }
  results.push(row);
}
gpu.device.destroy();

const git = (cmd) => {
  try {
    return execSync(`git ${cmd}`, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};
const date = new Date().toISOString();
const out = {
  benchmark: 'webgpu-strategies',
  date,
  machine: { cpu: cpus()[0]?.model.trim(), cores: cpus().length, memory_GiB: +(totalmem() / 2 ** 30).toFixed(1), os: `${platform()} ${release()}`, adapter: gpu.name },
  load_average: { before: loadBefore.map((x) => +x.toFixed(2)), after: loadavg().map((x) => +x.toFixed(2)), note: '1, 5 and 15 min; the machine is shared' },
  software: { node: process.version, cablesim_commit: git('rev-parse --short HEAD'), dirty: git('status --porcelain -- src shaders') !== '', ...(baseCommit ? { base_commit: baseCommit } : {}) },
  repeats,
  reference: { neuron_population_1k_compartment_steps_per_s: 5.5e6, neuron_purkinje_compartment_steps_per_s: 9.8e6 },
  results,
};
if (!args.includes('--no-save')) {
  await mkdir('benchmarks/results', { recursive: true });
  const file = `benchmarks/results/webgpu-strategies-${date.slice(0, 10)}${opt('tag', '') ? '-' + opt('tag', '') : ''}.json`;
  await writeFile(file, JSON.stringify(out, null, 2) + '\n');
  console.log(`saved ${file}`);
}
