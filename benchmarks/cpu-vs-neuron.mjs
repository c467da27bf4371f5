#!/usr/bin/env node
/**
 * CPU engine against NEURON 8.2 on the same model files: whole process (start-up, model and
 * morphology loading, simulation, CSV written) and simulation time per step, measured in the
 * same run, interleaved, median of N repeats. NEURON runs twice: as scripts/reference/neuron_run.py
 * runs it (NEURON's defaults), and at its fastest fixed step (`cvode.cache_efficient(1)`, through
 * scripts/reference/neuron_bench.py): identical traces. Results go to benchmarks/results/ as JSON.
 *
 *   npm run bench:cpu [-- --repeats 5] [-- MODEL.json …]
 *
 * Needs `npm run build` (the script runs the built CLI, as a user would) and NEURON
 * (`apt-get install python3-neuron`, run by /usr/bin/python3).
 */
import { spawnSync, execSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { cpus, totalmem, tmpdir, platform, release, loadavg } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const repeats = Number(args.includes('--repeats') ? args[args.indexOf('--repeats') + 1] : 5);
const models = args.filter((a, i) => a.endsWith('.json') && args[i - 1] !== '--repeats');
if (models.length === 0) models.push('benchmarks/models/purkinje-hh-5um.json', 'benchmarks/models/l5pc-hh-5um.json');
const PYTHON = '/usr/bin/python3';
if (!existsSync(PYTHON) || spawnSync(PYTHON, ['-c', 'import neuron'], { stdio: 'ignore' }).status !== 0) {
  console.error('cpu-vs-neuron: NEURON is not installed (apt-get install python3-neuron)');
  process.exit(1);
}
const tmp = mkdtempSync(join(tmpdir(), 'cablesim-bench-'));

function timed(cmd, argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed:\n${r.stderr}`);
  return { wall, out: r.stdout };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => [Math.min(...xs), Math.max(...xs)];

const results = [];
const loadBefore = loadavg()[0];
for (const model of models) {
  const ours = { process_s: [], sim_s: [] }, neuron = { process_s: [], sim_s: [] }, neuronFast = { process_s: [], sim_s: [] };
  let compartments = 0, steps = 0;
  for (let r = 0; r < repeats; r++) {
    // interleaved so that a change in the machine's load hits both alike
    const a = timed(process.execPath, ['bin/cablesim.js', 'run', model, '--backend', 'cpu', '--out', join(tmp, 'ours.csv')]);
    ours.process_s.push(a.wall);
    ours.sim_s.push(Number(/simulated in ([\d.]+) s wall/.exec(a.out)[1]));
    compartments = Number(/size:\s+(\d+) compartments/.exec(a.out)[1]);
    const b = timed(PYTHON, ['scripts/reference/neuron_run.py', model, join(tmp, 'neuron.csv'), '--time']);
    neuron.process_s.push(b.wall);
    neuron.sim_s.push(Number(/neuron_wall_s=([\d.]+)/.exec(b.out)[1]));
    steps = Number(/steps=(\d+)/.exec(b.out)[1]);
    const c = timed(PYTHON, ['scripts/reference/neuron_bench.py', model, join(tmp, 'neuron-fast.csv'), '--time']);
    neuronFast.process_s.push(c.wall);
    neuronFast.sim_s.push(Number(/neuron_wall_s=([\d.]+)/.exec(c.out)[1]));
  }
  const summary = (m) => ({
    process_s_median: median(m.process_s), process_s_range: spread(m.process_s),
    sim_s_median: median(m.sim_s), us_per_step: (median(m.sim_s) / steps) * 1e6,
    compartment_steps_per_s: (compartments * steps) / median(m.sim_s),
  });
  const row = {
    model,
    compartments,
    steps,
    cablesim_cpu: summary(ours),
    neuron: summary(neuron),
    neuron_cache_efficient: summary(neuronFast),
  };
  row.speedup_process = row.neuron.process_s_median / row.cablesim_cpu.process_s_median;
  row.speedup_per_step = row.neuron.sim_s_median / row.cablesim_cpu.sim_s_median;
  row.speedup_process_vs_cache_efficient = row.neuron_cache_efficient.process_s_median / row.cablesim_cpu.process_s_median;
  row.speedup_per_step_vs_cache_efficient = row.neuron_cache_efficient.sim_s_median / row.cablesim_cpu.sim_s_median;
  results.push(row);
  console.log(
    `${model}: ${compartments} compartments × ${steps} steps | cablesim cpu ${row.cablesim_cpu.process_s_median.toFixed(2)} s ` +
      `(${row.cablesim_cpu.us_per_step.toFixed(0)} µs/step) | NEURON ${row.neuron.process_s_median.toFixed(2)} s ` +
      `(${row.neuron.us_per_step.toFixed(0)} µs/step), cache-efficient ${row.neuron_cache_efficient.process_s_median.toFixed(2)} s ` +
      `(${row.neuron_cache_efficient.us_per_step.toFixed(0)} µs/step) | ×${row.speedup_process.toFixed(2)} / ×${row.speedup_process_vs_cache_efficient.toFixed(2)} whole process, ` +
      `×${row.speedup_per_step.toFixed(2)} / ×${row.speedup_per_step_vs_cache_efficient.toFixed(2)} per step`,
  );
}
rmSync(tmp, { recursive: true, force: true });

const git = (c) => { try { return execSync(`git ${c}`, { encoding: 'utf8' }).trim(); } catch { return 'unknown'; } };
const neuronVersion = spawnSync(PYTHON, ['-c', 'import neuron; print(neuron.__version__)'], { encoding: 'utf8' }).stdout.trim().split('\n').pop();
const date = new Date().toISOString();
const record = {
  benchmark: 'cpu-vs-neuron',
  date,
  machine: { cpu: cpus()[0]?.model, cores: cpus().length, memory_GiB: +(totalmem() / 2 ** 30).toFixed(1), os: `${platform()} ${release()}` },
  software: { node: process.version, neuron: neuronVersion, cablesim_commit: git('rev-parse --short HEAD'), dirty: git('status --porcelain') !== '' },
  repeats,
  /** 1-minute load average before and after: this machine is shared, so the figures are only as quiet as it was. */
  load_average: { before: loadBefore, after: loadavg()[0] },
  results,
};
mkdirSync('benchmarks/results', { recursive: true });
const file = `benchmarks/results/cpu-vs-neuron-${date.slice(0, 10)}.json`;
writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
console.log(`wrote ${file}`);
