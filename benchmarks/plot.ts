/**
 * The scaling plot and the comparison table of the recorded benchmark results, made from the
 * JSON files `cablesim bench --json` wrote into benchmarks/results/ (each checked against the
 * report schema first).
 *
 *   npx tsx benchmarks/plot.ts [RESULT.json ...]
 *
 * Without files it takes every benchmarks/results/bench-full-*.json. It writes
 * benchmarks/results/scaling.svg, and rewrites the table between the markers
 * `<!-- bench-table -->` and `<!-- /bench-table -->` in benchmarks/results/README.md.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { si, sizeText } from '../src/bench/format.js';
import { scalingSvg, seriesOf } from '../src/bench/plot.js';
import type { BenchReport, Measured } from '../src/bench/report.js';
import { REPORT_SCHEMA, checkSchema } from '../src/bench/schema.js';

const results = resolve(dirname(fileURLToPath(import.meta.url)), 'results');
const args = process.argv.slice(2);
const files = args.length ? args.map((f) => resolve(f)) : readdirSync(results).filter((f) => /^bench-full-.*\.json$/.test(f)).sort().map((f) => join(results, f));
if (!files.length) {
  console.error('plot: no benchmarks/results/bench-full-*.json yet (cablesim bench --suite full --json FILE)');
  process.exit(1);
}
const reports = files.map((f) => {
  const rep = JSON.parse(readFileSync(f, 'utf8')) as BenchReport;
  const problems = checkSchema(rep, REPORT_SCHEMA);
  if (problems.length) {
    console.error(`plot: ${f}: not a cablesim-bench-result/1 report: ${problems.slice(0, 3).join('; ')}`);
    process.exit(1);
  }
  return { file: basename(f), rep };
});

/** A short name for a report's machine: `AMD EPYC ×2, 2026-11-25`. */
const tag = (rep: BenchReport): string => `${rep.machine.cpu} ×${rep.machine.cores}, ${rep.date.slice(0, 10)}`;
const series = reports.flatMap(({ rep }, i) => seriesOf(rep, reports.length > 1 ? tag(rep) : '', i));
const title = reports.length === 1 ? `${reports[0].rep.suite} ${reports[0].rep.suite_name}: ${tag(reports[0].rep)}` : `${reports[0].rep.suite}: throughput against size`;
const svgPath = join(results, 'scaling.svg');
writeFileSync(svgPath, scalingSvg(series, { title }));

/** The Markdown table: per workload, compartment-steps/s of each backend in each report. */
function table(): string {
  const cols: Array<{ head: string; rep: BenchReport; b: Measured }> = [];
  for (const { rep } of reports) {
    for (const b of ['cpu', 'webgpu', 'neuron'] as const) {
      if (!rep.workloads.some((w) => w.results.some((r) => r.backend === b))) continue;
      const name = b === 'webgpu' ? `WebGPU${rep.adapter?.software ? ' (SwiftShader)' : ''}` : b === 'neuron' ? `NEURON ${rep.neuron.version ?? ''}`.trim() : 'CPU engine';
      cols.push({ head: reports.length > 1 ? `${name}, ${tag(rep)}` : name, rep, b });
    }
  }
  const ids = [...new Set(reports.flatMap(({ rep }) => rep.workloads.map((w) => w.id)))];
  const lines = [
    `| workload | compartments | steps | ${cols.map((c) => c.head).join(' | ')} |`,
    `|---|--:|--:|${cols.map(() => '--:').join('|')}|`,
  ];
  for (const id of ids) {
    const any = reports.map(({ rep }) => rep.workloads.find((w) => w.id === id)).find((w) => w)!;
    const cells = cols.map(({ rep, b }) => {
      const r = rep.workloads.find((w) => w.id === id)?.results.find((x) => x.backend === b);
      if (!r) return '';
      if (r.status !== 'ok') return r.status;
      const vs = r.vs_neuron !== null ? ` (×${r.vs_neuron.toPrecision(2)})` : '';
      return `${si(r.compartment_steps_per_s!)}${vs}`;
    });
    lines.push(`| ${id} | ${sizeText(any)} | ${any.steps} | ${cells.join(' | ')} |`);
  }
  const notes = reports.map(({ file, rep }) => {
    const a = rep.adapter;
    return (
      `- \`${file}\`: ${rep.date}, ${rep.machine.cpu} (${rep.machine.cores} cores, ${rep.machine.memory_GiB} GiB), ${rep.machine.os}, ${rep.machine.runtime}; ` +
      `load average ${rep.machine.load_avg?.join(' / ') ?? 'unknown'} (1/5/15 min) at the start; ` +
      `WebGPU: ${a ? `${a.vendor} ${a.architecture} (${a.description})` : rep.adapter_note}; ` +
      `cablesim ${rep.cablesim.version} ${rep.cablesim.commit ?? ''}${rep.cablesim.dirty ? ' (with uncommitted changes)' : ''}; ` +
      `median of up to ${rep.options.repeats} runs (fewer once they had taken ${rep.options.budget_s} s); the whole run took ${Math.round(rep.elapsed_s)} s.`
    );
  });
  return [...lines, '', ...notes].join('\n');
}

const readmePath = join(results, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf('<!-- bench-table -->');
const end = readme.indexOf('<!-- /bench-table -->');
if (start < 0 || end < start) {
  console.error(`plot: ${readmePath} has no <!-- bench-table --> … <!-- /bench-table --> markers`);
  process.exit(1);
}
writeFileSync(readmePath, `${readme.slice(0, start)}<!-- bench-table -->\n${table()}\n${readme.slice(end)}`);
console.log(`plot: ${files.length} report${files.length === 1 ? '' : 's'} → ${svgPath} and the table in ${readmePath}`);
