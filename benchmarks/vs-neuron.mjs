#!/usr/bin/env node
/**
 * cablesim's engines (CPU and WebGPU) against NEURON 8.2 on the same model files, as a user
 * would run them: whole process (start-up, model and morphology loading, engine set-up,
 * simulation, CSV written) and the simulation alone, measured in the same run, interleaved,
 * median of N repeats. Each cablesim backend runs as `cablesim run MODEL --backend B --out …`
 * (the simulation time is the `simulated in … s wall` that it prints: `engine.run()`, engine
 * creation and shader compilation apart). NEURON runs twice: as scripts/reference/neuron_run.py
 * runs it (NEURON's defaults), and at its fastest fixed step (`cvode.cache_efficient(1)`,
 * through scripts/reference/neuron_bench.py); its simulation time is `continuerun()` alone.
 * Populations (`"population": {"count": N}`) run N copies in every contender.
 * Results go to benchmarks/results/vs-neuron-DATE.json.
 *
 *   npm run bench:neuron [-- --repeats 5] [-- --backends cpu,webgpu] [-- --json FILE] [-- MODEL.json …]
 *
 * `--json FILE` writes the results there instead (trial runs: keep them out of benchmarks/results/).
 *
 * Default models: benchmarks/models/purkinje-hh-5um.json, l5pc-hh-5um.json, branched-hh-1k-x50.json.
 * Each repeat runs every contender once, in an order rotated from repeat to repeat, so that a
 * change in the machine's load hits all alike. The first repeat's traces are compared with
 * NEURON's (defaults): `max_abs_diff_mV_vs_neuron` per contender.
 *
 * Needs `npm run build` (the script runs the built CLI, as a user would), NEURON
 * (`apt-get install python3-neuron`, run by /usr/bin/python3), and for `webgpu` an adapter
 * (`node bin/cablesim.js info` says which, or why there is none).
 */
import { spawnSync, execSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { cpus, totalmem, tmpdir, platform, release, loadavg } from 'node:os';
import { join, dirname } from 'node:path';

const usage = 'usage: node benchmarks/vs-neuron.mjs [--repeats N] [--backends cpu,webgpu] [--json FILE] [MODEL.json …]';
let repeats = 5;
let jsonFile;
let backends = ['cpu', 'webgpu'];
const models = [];
for (let argv = process.argv.slice(2), i = 0; i < argv.length; i++) {
  const a = argv[i];
  const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
  const value = () => inline ?? argv[++i];
  if (flag === '--repeats') repeats = Number(value());
  else if (flag === '--backends') backends = String(value()).split(',').map((s) => s.trim()).filter(Boolean);
  else if (flag === '--json') jsonFile = value();
  else if (flag === '--help' || flag === '-h') { console.log(usage); process.exit(0); }
  else if (!a.startsWith('--') && a.endsWith('.json')) models.push(a);
  else { console.error(`vs-neuron: unknown argument ${a}\n${usage}`); process.exit(2); }
}
if (!Number.isInteger(repeats) || repeats < 1) { console.error(`vs-neuron: --repeats wants a whole number ≥ 1\n${usage}`); process.exit(2); }
const badBackend = backends.find((b) => b !== 'cpu' && b !== 'webgpu');
if (backends.length === 0 || badBackend !== undefined) { console.error(`vs-neuron: --backends takes cpu and/or webgpu, got ${badBackend ?? 'nothing'}\n${usage}`); process.exit(2); }
if (models.length === 0) {
  models.push('benchmarks/models/purkinje-hh-5um.json', 'benchmarks/models/l5pc-hh-5um.json', 'benchmarks/models/branched-hh-1k-x50.json');
}
const PYTHON = '/usr/bin/python3';
if (!existsSync(PYTHON) || spawnSync(PYTHON, ['-c', 'import neuron'], { stdio: 'ignore' }).status !== 0) {
  console.error('vs-neuron: NEURON is not installed (apt-get install python3-neuron)');
  process.exit(1);
}
if (!existsSync('dist/index.js')) {
  console.error('vs-neuron: no build (run `npm run build`, or `npm run bench:neuron`, which builds)');
  process.exit(1);
}

// The WebGPU adapter, as `cablesim info` names it ("none: why" where there is none).
const info = spawnSync(process.execPath, ['bin/cablesim.js', 'info'], { encoding: 'utf8' });
const infoLine = (key) => new RegExp(`^\\s*${key}:\\s+(.*)$`, 'm').exec(info.stdout ?? '')?.[1]?.trim();
const adapter = { name: infoLine('webgpu') ?? 'unknown', description: infoLine('description') };
if (backends.includes('webgpu') && adapter.name.startsWith('none')) {
  console.error(`vs-neuron: no WebGPU adapter (${adapter.name}); run with --backends cpu`);
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), 'cablesim-bench-'));

function timed(cmd, argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (status ${r.status}):\n${r.stderr}`);
  return { wall, out: r.stdout };
}
function match(re, text, what) {
  const m = re.exec(text);
  if (!m) throw new Error(`vs-neuron: could not find ${what} in:\n${text}`);
  return m;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => [Math.min(...xs), Math.max(...xs)];
/** x to `digits` significant digits (the JSON stays readable; the clocks are not better than that). */
const sig = (x, digits = 4) => (Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(digits)) : x);

/** A CSV of traces as { label: column }. */
function readCsv(file) {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const labels = lines[0].split(',');
  const cols = labels.map(() => new Float64Array(lines.length - 1));
  for (let i = 1; i < lines.length; i++) lines[i].split(',').forEach((x, j) => (cols[j][i - 1] = Number(x)));
  return Object.fromEntries(labels.map((l, j) => [l, cols[j]]));
}
/** The largest |a − b| over the voltage columns both have (t_ms apart); NaN if the lengths differ. */
function maxAbsDiff(a, b) {
  let worst = 0;
  for (const label of Object.keys(a)) {
    if (label === 't_ms' || !(label in b)) continue;
    if (a[label].length !== b[label].length) return NaN;
    for (let i = 0; i < a[label].length; i++) worst = Math.max(worst, Math.abs(a[label][i] - b[label][i]));
  }
  return worst;
}

/** The contenders: each cablesim backend, then NEURON's two ways. */
const contenders = [
  ...backends.map((b) => ({
    key: b,
    label: `cablesim ${b}`,
    run(model, csv) {
      const { wall, out } = timed(process.execPath, ['bin/cablesim.js', 'run', model, '--backend', b, '--out', csv]);
      const size = match(/^size:\s+(\d+) compartments? × (\d+) cop(?:y|ies)/m, out, 'the size line');
      const run = match(/^run:\s+(\d+) steps of .* simulated in ([\d.]+) s wall/m, out, 'the run line');
      return {
        process_s: wall,
        sim_s: Number(run[2]),
        compartments: Number(size[1]),
        copies: Number(size[2]),
        steps: Number(run[1]),
        engine: match(/^backend:\s+(.*)$/m, out, 'the backend line')[1].trim(),
      };
    },
  })),
  ...[
    ['neuron', 'NEURON defaults', 'scripts/reference/neuron_run.py'],
    ['neuron_cache_efficient', 'NEURON cache-efficient', 'scripts/reference/neuron_bench.py'],
  ].map(([key, label, script]) => ({
    key,
    label,
    run(model, csv) {
      const { wall, out } = timed(PYTHON, [script, model, csv, '--time']);
      return {
        process_s: wall,
        sim_s: Number(match(/neuron_wall_s=([\d.]+)/, out, 'neuron_wall_s')[1]),
        // NEURON counts the segments of every copy
        total_compartments: Number(match(/compartments=(\d+)/, out, 'compartments')[1]),
        steps: Number(match(/steps=(\d+)/, out, 'steps')[1]),
      };
    },
  })),
];

const results = [];
const loadBefore = loadavg();
const started = Date.now();
for (const model of models) {
  const runs = Object.fromEntries(contenders.map((c) => [c.key, []]));
  const csvOf = (c) => join(tmp, `${c.key}.csv`);
  let diffs = {};
  for (let r = 0; r < repeats; r++) {
    // interleaved, in an order rotated each repeat, so that a change in load hits all alike
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(k + r) % contenders.length];
      runs[c.key].push(c.run(model, csvOf(c)));
    }
    if (r === 0) {
      const ref = readCsv(csvOf(contenders.find((c) => c.key === 'neuron')));
      diffs = Object.fromEntries(contenders.map((c) => [c.key, maxAbsDiff(readCsv(csvOf(c)), ref)]));
    }
  }
  // size and steps from cablesim's summary (or NEURON's when no cablesim backend ran) …
  const ours = runs[backends[0]][0];
  const nrn = runs.neuron[0];
  const compartments = ours.compartments, copies = ours.copies, steps = nrn.steps;
  // … and every contender must have run the same model
  for (const c of contenders) {
    for (const x of runs[c.key]) {
      if (x.steps !== steps) throw new Error(`vs-neuron: ${model}: ${c.label} ran ${x.steps} steps, NEURON ${steps}`);
      if (x.compartments !== undefined && (x.compartments !== compartments || x.copies !== copies)) throw new Error(`vs-neuron: ${model}: the cablesim backends disagree on the size`);
      if (x.total_compartments !== undefined && x.total_compartments !== compartments * copies) {
        throw new Error(`vs-neuron: ${model}: ${c.label} has ${x.total_compartments} compartments, cablesim ${compartments} × ${copies}`);
      }
    }
  }
  const work = compartments * copies * steps;
  const summary = (key) => {
    const xs = runs[key];
    const process_s = xs.map((x) => sig(x.process_s)), sim_s = xs.map((x) => x.sim_s);
    return {
      ...(xs[0].engine !== undefined ? { engine: xs[0].engine } : {}),
      process_s_median: median(process_s), process_s_range: spread(process_s), process_s,
      sim_s_median: median(sim_s), sim_s_range: spread(sim_s), sim_s,
      us_per_step: sig((median(sim_s) / steps) * 1e6),
      compartment_steps_per_s: sig(work / median(sim_s)),
      compartment_steps_per_s_whole_process: sig(work / median(process_s)),
      ...(key !== 'neuron' ? { max_abs_diff_mV_vs_neuron: sig(diffs[key], 2) } : {}),
    };
  };
  const row = { model, compartments, copies, steps, contenders: Object.fromEntries(contenders.map((c) => [c.key, summary(c.key)])) };
  /** NEURON's time ÷ cablesim's: > 1 is cablesim faster. */
  row.speedup = Object.fromEntries(backends.map((b) => {
    const o = row.contenders[b], n = row.contenders.neuron, f = row.contenders.neuron_cache_efficient;
    return [b, {
      process_vs_neuron: sig(n.process_s_median / o.process_s_median, 3),
      per_step_vs_neuron: sig(n.sim_s_median / o.sim_s_median, 3),
      process_vs_neuron_cache_efficient: sig(f.process_s_median / o.process_s_median, 3),
      per_step_vs_neuron_cache_efficient: sig(f.sim_s_median / o.sim_s_median, 3),
      /** Repeats in which this backend's whole process beat NEURON's (defaults) run in the same repeat: on a noisy machine, the pairs say more than the medians. */
      repeats_faster_than_neuron: o.process_s.filter((x, r) => x < n.process_s[r]).length,
    }];
  }));
  results.push(row);
  console.log(`${model}: ${compartments} compartments × ${copies} ${copies === 1 ? 'copy' : 'copies'} × ${steps} steps`);
  for (const c of contenders) {
    const s = row.contenders[c.key];
    const vs = row.speedup[c.key];
    console.log(
      `  ${c.label.padEnd(24)} ${s.process_s_median.toFixed(2).padStart(7)} s whole process, ${s.us_per_step.toFixed(0).padStart(6)} µs/step, ` +
        `${(s.compartment_steps_per_s / 1e6).toFixed(2).padStart(6)} M compartment-steps/s` +
        (c.key !== 'neuron' ? `, traces within ${s.max_abs_diff_mV_vs_neuron.toExponential(1)} mV of NEURON's` : '') +
        (vs ? ` | × NEURON defaults ${vs.process_vs_neuron.toFixed(2)} / ${vs.per_step_vs_neuron.toFixed(2)}, cache-efficient ${vs.process_vs_neuron_cache_efficient.toFixed(2)} / ${vs.per_step_vs_neuron_cache_efficient.toFixed(2)} (whole process / per step); faster than NEURON defaults in ${vs.repeats_faster_than_neuron} of ${repeats} repeats` : ''),
    );
  }
}
rmSync(tmp, { recursive: true, force: true });

const git = (c) => { try { return execSync(`git ${c}`, { encoding: 'utf8' }).trim(); } catch { return 'unknown'; } };
const neuronVersion = spawnSync(PYTHON, ['-c', 'import neuron; print(neuron.__version__)'], { encoding: 'utf8' }).stdout.trim().split('\n').pop();
const dirty = git('status --porcelain');
const date = new Date().toISOString();
const record = {
  benchmark: 'vs-neuron',
  date,
  machine: {
    cpu: cpus()[0]?.model, cores: cpus().length, memory_GiB: +(totalmem() / 2 ** 30).toFixed(1), os: `${platform()} ${release()}`,
    webgpu_adapter: adapter.name, webgpu_adapter_description: adapter.description,
  },
  software: {
    node: process.version, neuron: neuronVersion,
    cablesim_commit: git('rev-parse --short HEAD'), dirty: dirty !== '' && dirty !== 'unknown',
    /** What differed from the commit (the built CLI is the working tree's). */
    dirty_paths: dirty === 'unknown' ? [] : dirty.split('\n').filter(Boolean),
  },
  backends,
  repeats,
  /** 1-, 5- and 15-minute load averages before and after: on a shared machine the figures are only as quiet as it was. */
  load_average: { before: loadBefore, after: loadavg() },
  elapsed_s: Math.round((Date.now() - started) / 1000),
  /**
   * Per model: size (compartments per copy × copies × steps); per contender the medians and every
   * run (process_s: whole process, sim_s: the simulation alone), µs per step and compartment-steps
   * per second (compartments × copies × steps ÷ time); speedup: NEURON's time ÷ cablesim's (> 1: cablesim faster).
   */
  results,
};
const file = jsonFile ?? `benchmarks/results/vs-neuron-${date.slice(0, 10)}.json`;
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
console.log(`wrote ${file} (${record.elapsed_s} s)`);
