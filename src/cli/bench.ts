/**
 * `cablesim bench`: the benchmark suite on this machine's engines (and NEURON), a progress bar
 * on stderr while it runs (on a terminal), the table on stdout at the end, and the whole
 * result as JSON with `--json FILE`. Exit status 1 when an engine failed on a workload (a
 * backend that is merely unavailable, such as WebGPU without an adapter, is no failure).
 */
import { compactMarkdown, headerLines, tableLines } from '../bench/format.js';
import { adapterReport, diskFiles, gitState, machineReport, neuronRunner, neuronState, packageVersion, readManifest } from '../bench/node.js';
import { REPORT_FORMAT, type BenchReport } from '../bench/report.js';
import { DEFAULT_WARMUP_STEPS, runSuite, type BenchProgress, type EngineChoice } from '../bench/runner.js';
import { REPORT_SCHEMA, checkSchema } from '../bench/schema.js';
import { suiteWorkloads } from '../bench/suite.js';
import { CablesimError } from '../model/errors.js';
import type { BenchRequest } from './bench-args.js';
import { checkOutputPath, writeOutput } from './output.js';

/** A one-line progress bar on a terminal: the share of (workload, backend) pairs done. */
function benchProgress(stream: NodeJS.WriteStream, width = 24): { update: (p: BenchProgress) => void; done: () => void } {
  const start = Date.now();
  let drawnAt = 0;
  let drawn = false;
  return {
    update(p) {
      if (!stream.isTTY) return;
      const now = Date.now();
      if (now - drawnAt < 100) return;
      drawnAt = now;
      const f = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
      const full = Math.round(f * width);
      const cols = stream.columns || 100;
      const line = `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(f * 100).toFixed(0).padStart(3)}%  ${((now - start) / 1000).toFixed(0)} s  ${p.label}`;
      stream.write(`\r${line.slice(0, cols - 1)}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}

/** Run `cablesim bench`; returns the exit status. */
export async function benchCommand(req: BenchRequest): Promise<number> {
  if (req.json !== undefined) {
    await checkOutputPath(req.json).catch((e: Error) => {
      throw new CablesimError(e.message.replace('--out', '--json'));
    });
  }
  const manifest = readManifest();
  let workloads = suiteWorkloads(manifest, req.suite);
  if (req.only) {
    const unknown = req.only.filter((id) => !workloads.some((w) => w.id === id));
    if (unknown.length) throw new CablesimError(`--only: no workload ${unknown.join(', ')} in the ${req.suite} suite (it has ${workloads.map((w) => w.id).join(', ')})`);
    workloads = workloads.filter((w) => req.only!.includes(w.id));
  }
  const engines: EngineChoice[] = req.backend === 'all' ? ['cpu', 'webgpu'] : [req.backend];
  const date = new Date().toISOString();
  const machine = machineReport();
  const [git, adapter, neuron] = await Promise.all([
    gitState(),
    engines.includes('cpu') && engines.length === 1 ? Promise.resolve({ adapter: null, note: 'not asked for (--backend cpu)' }) : adapterReport(),
    req.neuron === 'off' ? Promise.resolve({ available: false, version: null, note: 'left out (--no-neuron)' }) : neuronState(),
  ]);
  const progress = benchProgress(process.stderr);
  const t0 = performance.now();
  let results;
  try {
    results = await runSuite({
      workloads,
      engines,
      files: diskFiles(),
      neuron: neuron.available ? neuronRunner(neuron.version ?? 'unknown') : null,
      repeats: req.repeats,
      budget_s: req.budget_s,
      maxSteps: req.maxSteps,
      onProgress: (p) => progress.update(p),
      onWorkload: (w) => {
        if (!process.stderr.isTTY) process.stderr.write(`bench: ${w.id} done\n`);
      },
    });
  } finally {
    progress.done();
  }
  const report: BenchReport = {
    format: REPORT_FORMAT,
    suite: manifest.suite,
    suite_name: req.suite,
    date,
    elapsed_s: Number(((performance.now() - t0) / 1000).toFixed(3)),
    cablesim: { version: packageVersion(), ...git },
    machine,
    adapter: adapter.adapter,
    adapter_note: adapter.note,
    neuron,
    options: {
      backends: [...engines, ...(neuron.available ? ['neuron'] : [])],
      repeats: req.repeats,
      budget_s: req.budget_s,
      max_steps: req.maxSteps,
      warmup_steps: DEFAULT_WARMUP_STEPS,
    },
    workloads: results,
  };
  const problems = checkSchema(report, REPORT_SCHEMA);
  if (problems.length) throw new Error(`the benchmark report does not match its schema: ${problems.slice(0, 3).join('; ')}`);
  const out = [...headerLines(report), '', ...tableLines(report)];
  if (req.markdown) out.push('', compactMarkdown(report));
  if (req.json !== undefined) {
    await writeOutput(req.json, [JSON.stringify(report, null, 2) + '\n']);
    out.push('', `json:     ${req.json}`);
  }
  process.stdout.write(out.join('\n') + '\n');
  return results.some((w) => w.results.some((r) => r.status === 'failed')) ? 1 : 0;
}
