/**
 * A benchmark report as text: the table the CLI prints at the end, and a compact Markdown
 * table to paste into an issue or a results table (the page offers the same). Browser-safe.
 */
import type { BackendResult, BenchReport, Measured, WorkloadResult } from './report.js';

/** A rate with an SI prefix and 3 significant digits: `4.41 M`, `812 k`, `1.20 G`. */
export function si(x: number): string {
  const units: Array<[number, string]> = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [f, u] of units) if (Math.abs(x) >= f) return `${(x / f).toPrecision(3)} ${u}`;
  return x.toPrecision(3);
}

/** A duration in s with 3 significant digits, small ones in ms. */
function seconds(s: number): string {
  return s >= 1 ? `${s.toPrecision(3)} s` : `${(s * 1000).toPrecision(3)} ms`;
}

/** `×1.23` (3 significant digits). */
function ratio(r: number): string {
  return `×${r.toPrecision(3)}`;
}

/** The size of a workload in words: `6200`, `156 × 100`. */
export function sizeText(w: Pick<WorkloadResult, 'compartments' | 'copies'>): string {
  return w.copies === 1 ? `${w.compartments}` : `${w.compartments} × ${w.copies}`;
}

/** The step kernel's GPU time per step, or `n/a`. */
export function kernelText(r: BackendResult): string {
  const step = r.kernels?.find((k) => k.kernel === 'step_cells');
  if (!step || step.us_per_step === null) return 'n/a';
  const us = step.us_per_step;
  return us >= 1000 ? `${(us / 1000).toPrecision(3)} ms/step` : `${us.toPrecision(3)} µs/step`;
}

/** The header lines: what ran where. */
export function headerLines(rep: BenchReport): string[] {
  const m = rep.machine;
  const commit = rep.cablesim.commit ? ` (${rep.cablesim.commit}${rep.cablesim.dirty ? ', modified' : ''})` : '';
  const load = m.load_avg ? `, load ${m.load_avg.map((x) => x.toFixed(2)).join(' ')}` : '';
  const a = rep.adapter;
  return [
    `suite:    ${rep.suite} ${rep.suite_name}, ${rep.workloads.length} workload${rep.workloads.length === 1 ? '' : 's'}, ${rep.date}`,
    `cablesim: ${rep.cablesim.version}${commit}`,
    `machine:  ${m.cpu}, ${m.cores} cores, ${m.memory_GiB ? `${m.memory_GiB} GiB, ` : ''}${m.os}, ${m.runtime}${load}`,
    `webgpu:   ${a ? `${[a.vendor, a.architecture, a.device].filter((s) => s).join(' ')}${a.description ? ` (${a.description})` : ''}${a.software ? ', software' : ''}, timestamp-query ${a.timestamp_query ? 'yes' : 'no'}` : rep.adapter_note}`,
    `neuron:   ${rep.neuron.available ? `NEURON ${rep.neuron.version}` : `absent: ${rep.neuron.note}`}`,
  ];
}

/** Columns of text, left-aligned, two spaces apart; `right` marks right-aligned columns. */
function columns(rows: string[][], right: boolean[]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((x, c) => (right[c] ? x.padStart(widths[c]) : x.padEnd(widths[c]))).join('  ').trimEnd());
}

/** The table: one row per workload and backend. */
export function tableLines(rep: BenchReport): string[] {
  const head = ['workload', 'size', 'steps', 'backend', 'runs', 'median', 'spread', 'comp-steps/s', 'sim s/wall s', 'step kernel', 'vs NEURON'];
  const right = [false, true, true, false, true, true, true, true, true, true, true];
  const rows: string[][] = [head];
  const notes: string[] = [''];
  for (const w of rep.workloads) {
    w.results.forEach((r, i) => {
      const first = i === 0;
      const lead = [first ? w.id : '', first ? sizeText(w) : '', first ? String(w.steps) : '', r.backend];
      if (r.status !== 'ok') {
        rows.push([...lead, '', '', '', '', '', '', '']);
        notes.push(`${r.status}: ${r.note}`);
        return;
      }
      notes.push('');
      const vs = r.backend === 'neuron' ? '' : r.vs_neuron !== null ? ratio(r.vs_neuron) : rep.neuron.available ? 'n/a' : 'no NEURON';
      rows.push([
        ...lead,
        String(r.runs_s.length),
        seconds(r.median_s!),
        `±${(r.spread_pct! / 2).toFixed(0)}%`,
        si(r.compartment_steps_per_s!),
        r.realtime_factor!.toPrecision(3),
        r.backend === 'webgpu' ? kernelText(r) : 'n/a',
        vs,
      ]);
    });
  }
  // a backend that did not run gets its reason after the row, outside the columns
  return columns(rows, right).map((line, i) => (notes[i] ? `${line.trimEnd()}  ${notes[i]}` : line));
}

/** Every result of a measured backend, by workload id. */
function rate(w: WorkloadResult, b: Measured): BackendResult | undefined {
  return w.results.find((r) => r.backend === b);
}

/** `node v20.20.2`, or a browser's name and version from its user agent (`Chrome/131.0.0.0`). */
export function runtimeShort(runtime: string): string {
  if (runtime.startsWith('node ')) return runtime;
  const m = /(Firefox|Edg|OPR|Chrome|Version)\/[\d.]+/.exec(runtime);
  if (!m) return runtime.slice(0, 40);
  return m[0].startsWith('Version/') ? `Safari ${m[0].slice(8)}` : m[0].replace('/', ' ');
}

/**
 * The compact form: one heading line and a Markdown table of compartment-steps per second per
 * backend (with the ratio to NEURON), small enough to paste into an issue.
 */
export function compactMarkdown(rep: BenchReport): string {
  const backends = (['cpu', 'webgpu', 'neuron'] as const).filter((b) => rep.workloads.some((w) => rate(w, b)));
  const m = rep.machine;
  const a = rep.adapter;
  const gpu = a ? [a.vendor, a.architecture, a.device || a.description].filter((s) => s).join(' ') : 'no WebGPU adapter';
  const head =
    `**${rep.suite} ${rep.suite_name}** · cablesim ${rep.cablesim.version}${rep.cablesim.commit ? ` ${rep.cablesim.commit}` : ''} · ` +
    `${m.cpu.startsWith('unknown') ? '' : `${m.cpu} `}(${m.cores} cores), ${m.os}, ${runtimeShort(m.runtime)} · GPU: ${gpu} · ${rep.date.slice(0, 10)} · ` +
    `compartment-steps/s, median of ≤ ${rep.options.repeats}${rep.options.max_steps ? `, steps capped at ${rep.options.max_steps}` : ''}`;
  const cell = (r: BackendResult | undefined): string => {
    if (!r) return '';
    if (r.status !== 'ok') return r.status;
    const vs = r.vs_neuron !== null ? ` (${ratio(r.vs_neuron)})` : '';
    return `${si(r.compartment_steps_per_s!)}${vs}`;
  };
  const names: Record<string, string> = { cpu: 'cpu', webgpu: 'webgpu', neuron: 'NEURON' };
  const lines = [
    head,
    '',
    `| workload | size | steps | ${backends.map((b) => names[b]).join(' | ')} |`,
    `|---|--:|--:|${backends.map(() => '--:').join('|')}|`,
    ...rep.workloads.map((w) => `| ${w.id} | ${sizeText(w)} | ${w.steps} | ${backends.map((b) => cell(rate(w, b))).join(' | ')} |`),
  ];
  return lines.join('\n');
}
