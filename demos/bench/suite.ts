/**
 * The benchmark suite section of the /bench/ page: the same quick suite as `cablesim bench`
 * (benchmarks/suite/, cablesim-bench/1), run here on this browser's WebGPU adapter and on the
 * CPU engine by the same runner (src/bench/runner.ts). It shows the table and a scaling plot,
 * and offers the result as a JSON file and as a compact Markdown table for an issue.
 *
 * It starts with its button, or at once with `?suite=quick`. `?repeats=N`, `?budget=S` and
 * `?steps=N` (cap every workload's steps: a smoke test) change the measurement.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { browserAdapter, browserMachine, browserReport } from '../../src/bench/browser.js';
import { compactMarkdown, kernelText, si, sizeText } from '../../src/bench/format.js';
import { scalingSvg, seriesOf } from '../../src/bench/plot.js';
import type { BackendResult, BenchReport, WorkloadResult } from '../../src/bench/report.js';
import { DEFAULT_WARMUP_STEPS, runSuite, type EngineChoice, type WorkloadFiles } from '../../src/bench/runner.js';
import { suiteWorkloads, type SuiteManifest, type Workload } from '../../src/bench/suite.js';
import manifestJson from '../../benchmarks/suite/suite.json' with { type: 'json' };
import pkg from '../../package.json' with { type: 'json' };

const manifest = manifestJson as SuiteManifest;
const version: string = pkg.version;
/** The model files of the suite, as text, loaded when a workload needs its own. */
const modelFiles = import.meta.glob<string>('../../benchmarks/suite/models/*.json', { query: '?raw', import: 'default' });

const params = new URLSearchParams(location.search);
const positive = (name: string, fallback: number): number => {
  const v = Number(params.get(name));
  return params.has(name) && Number.isFinite(v) && v > 0 ? v : fallback;
};
const REPEATS = Math.round(positive('repeats', 3));
const BUDGET_S = positive('budget', 3);
const MAX_STEPS = params.has('steps') ? Math.round(positive('steps', 10)) : null;
const ENGINES: EngineChoice[] = ['cpu', 'webgpu'];

/** Model files from the bundle; SWC files from the site's morphologies/ folder. */
const files: WorkloadFiles = {
  async modelText(w: Workload) {
    const load = modelFiles[`../../benchmarks/suite/${w.file}`];
    if (!load) throw new Error(`the page has no model file ${w.file}`);
    return load();
  },
  async swcText(_w: Workload, swc: string) {
    const url = `../morphologies/${swc.split('/').pop()}`;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`cannot read ${url}: ${res.status}`);
    return res.text();
  },
};

interface State {
  phase: 'idle' | 'running' | 'done' | 'failed';
  progress: number;
  label: string;
  done: WorkloadResult[];
  report: BenchReport | null;
  error: string;
  copied: boolean;
}

const state: State = { phase: 'idle', progress: 0, label: '', done: [], report: null, error: '', copied: false };
let redraw: () => void = () => undefined;

/** Run the quick suite on this browser's engines; `onChange` redraws the page. */
export async function runQuickSuite(): Promise<void> {
  if (state.phase === 'running') return;
  Object.assign(state, { phase: 'running', progress: 0, label: 'starting…', done: [], report: null, error: '', copied: false });
  redraw();
  const date = new Date().toISOString();
  const t0 = performance.now();
  try {
    const adapter = await browserAdapter();
    const workloads = await runSuite({
      workloads: suiteWorkloads(manifest, 'quick'),
      engines: ENGINES,
      files,
      repeats: REPEATS,
      budget_s: BUDGET_S,
      maxSteps: MAX_STEPS,
      onProgress: (p) => {
        state.progress = p.total ? p.done / p.total : 1;
        state.label = p.label;
        redraw();
      },
      onWorkload: (w) => {
        state.done = [...state.done, w];
        redraw();
      },
      pause: () => new Promise((r) => setTimeout(r, 0)),
    });
    state.report = browserReport({
      suite: manifest.suite,
      suite_name: 'quick',
      date,
      elapsed_s: (performance.now() - t0) / 1000,
      version,
      machine: browserMachine(),
      adapter,
      engines: ENGINES,
      repeats: REPEATS,
      budget_s: BUDGET_S,
      maxSteps: MAX_STEPS,
      warmupSteps: DEFAULT_WARMUP_STEPS,
      workloads,
    });
    state.phase = 'done';
    state.label = 'done';
  } catch (e) {
    state.phase = 'failed';
    state.error = (e as Error).message;
  }
  redraw();
}

function download(rep: BenchReport): void {
  const blob = new Blob([JSON.stringify(rep, null, 2) + '\n'], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `cablesim-bench-quick-${rep.date.slice(0, 10)}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function copy(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    state.copied = true;
  } catch {
    // no clipboard permission: the text stays selectable in the box
    (document.getElementById('bench-compact') as HTMLTextAreaElement | null)?.select();
  }
  redraw();
}

function resultCells(r: BackendResult | undefined): TemplateResult {
  if (!r) return html`<td class="num"></td><td class="num"></td><td class="num"></td>`;
  if (r.status !== 'ok') return html`<td class="num" colspan="3"><span class="hint" title=${r.note}>${r.status}: ${r.note}</span></td>`;
  return html`<td class="num">${si(r.compartment_steps_per_s!)}<br /><span class="hint">±${(r.spread_pct! / 2).toFixed(0)} %, ${r.runs_s.length} run${r.runs_s.length === 1 ? '' : 's'}</span></td>
    <td class="num">${r.realtime_factor!.toPrecision(3)}</td>
    <td class="num">${r.backend === 'webgpu' ? kernelText(r) : 'n/a'}</td>`;
}

function table(rows: WorkloadResult[]): TemplateResult {
  return html`<div class="table-scroll">
    <table id="bench-suite-table">
      <caption class="hint">Compartment-steps per second (higher is better); simulated s per wall-clock s; GPU time of the step kernel per step (timestamp queries, where the adapter has them).</caption>
      <thead>
        <tr><th rowspan="2">workload</th><th class="num" rowspan="2">compartments</th><th class="num" rowspan="2">steps</th>
          <th class="num" colspan="3">CPU engine (f64)</th><th class="num" colspan="3">WebGPU (f32)</th></tr>
        <tr><th class="num">comp-steps/s</th><th class="num">× real time</th><th class="num">kernel</th>
          <th class="num">comp-steps/s</th><th class="num">× real time</th><th class="num">kernel</th></tr>
      </thead>
      <tbody>
        ${rows.map(
          (w) => html`<tr data-workload=${w.id}><td title=${w.description}>${w.id}</td><td class="num">${sizeText(w)}</td><td class="num">${w.steps}</td>
            ${resultCells(w.results.find((r) => r.backend === 'cpu'))}${resultCells(w.results.find((r) => r.backend === 'webgpu'))}</tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** The section's template; `onChange` is how it asks the page to render again. */
export function suiteSection(onChange: () => void): TemplateResult {
  redraw = onChange;
  const rep = state.report;
  const compact = rep ? compactMarkdown(rep) : '';
  return html`
    <section class="card bench-suite" aria-labelledby="bench-suite-title" data-phase=${state.phase}>
      <h2 id="bench-suite-title">Benchmark suite ${manifest.suite}, quick</h2>
      <p class="hint">
        The ${suiteWorkloads(manifest, 'quick').length} workloads of <code>cablesim bench --suite quick</code> (a pyramidal cell, CA1
        populations of 1–100 cells, HH axons of 100–10,000 compartments, Rallpacks 1–3 over 25 ms), each run on the CPU engine
        and on WebGPU: a 20-step warm-up, then up to ${REPEATS} runs (fewer once they take ${BUDGET_S} s), median.
        ${MAX_STEPS ? html`<strong>Steps capped at ${MAX_STEPS}</strong> (smoke test).` : nothing}
        Download the result, or paste the compact table into an issue.
      </p>
      <p>
        <button class="small" type="button" id="bench-suite-run" ?disabled=${state.phase === 'running'} @click=${() => void runQuickSuite()}>
          ${state.phase === 'running' ? 'Running…' : state.phase === 'idle' ? 'Run the suite' : 'Run the suite again'}</button>
        <progress max="1" .value=${state.progress} ?hidden=${state.phase !== 'running'} aria-label="suite progress"></progress>
        <output id="bench-suite-status" class="readout">${state.phase === 'idle' ? '' : state.label}</output>
      </p>
      ${state.error ? html`<div class="error" role="alert">${state.error}</div>` : nothing}
      ${state.done.length ? table(state.done) : nothing}
      ${rep
        ? html`<div class="bench-plot" aria-label="throughput against model size">${unsafeHTML(scalingSvg(seriesOf(rep), { title: 'throughput against model size (this browser)' }))}</div>
            <p>
              <button class="small" type="button" id="bench-suite-download" @click=${() => download(rep)}>Download JSON</button>
              <button class="small" type="button" id="bench-suite-copy" @click=${() => void copy(compact)}>${state.copied ? 'Copied' : 'Copy the compact table'}</button>
            </p>
            <textarea id="bench-compact" readonly rows="8" aria-label="compact result (Markdown)">${compact}</textarea>`
        : nothing}
    </section>
  `;
}

/** Whether the page's URL asks for the suite at once (`?suite=quick`). */
export const SUITE_AT_LOAD = params.get('suite') === 'quick';
