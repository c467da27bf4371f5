/**
 * The benchmark page: a fixed set of models through every available backend, reporting
 * compartment-steps per second. Other benchmarks (benchmarks/) may extend the model list.
 */
import { html, render } from 'lit';
import '../lib/shaders.js';
import { BACKENDS, createEngine } from '../../src/engine/index.js';
import type { BackendName, Engine } from '../../src/engine/types.js';
import type { Simulation } from '../../src/model/simulation.js';
import { parseSwc } from '../../src/model/swc.js';
import { validateModel } from '../../src/model/validate.js';
import { buildSimulation } from '../../src/model/load.js';
import { POINT_DEFAULTS, REGION_DEFAULTS, pointNeuron, treeCell } from '../lib/models.js';
import { pageHeader, showError, urlNumber } from '../lib/page.js';
import { SUITE_AT_LOAD, runQuickSuite, suiteSection } from './suite.js';

pageHeader('Bench');

/** Wall-clock time each (model, backend) pair runs for [ms]. */
const RUN_MS = urlNumber('ms', 500);

interface BenchModel {
  name: string;
  make: () => Promise<Simulation>;
}

/** The HH axon of examples/hh-axon.json, `count` copies of it. */
function hhAxon(count: number): Simulation {
  return buildSimulation(
    validateModel({
      format: 'cablesim-model/1',
      morphology: { sections: [
        { name: 'soma', length_um: 20, diam_um: 20, nseg: 1 },
        { name: 'axon', parent: 'soma', length_um: 1000, diam_um: 1, nseg: 201 } ] },
      mechanisms: [{ name: 'hh', where: ['soma', 'axon'] }],
      stimuli: [{ type: 'iclamp', at: { section: 'soma', x: 0.5 }, delay_ms: 5, dur_ms: 40, amp_nA: 0.15 }],
      run: { tstop_ms: 50, dt_ms: 0.025 },
      population: { count },
    }, count > 1 ? 'hh-axon population' : 'hh-axon'),
  );
}

const MODELS: BenchModel[] = [
  { name: 'HH point neuron', make: async () => pointNeuron(POINT_DEFAULTS, false) },
  { name: 'HH soma + axon (examples/hh-axon.json)', make: async () => hhAxon(1) },
  {
    name: 'CA1 pyramidal cell, hh everywhere',
    make: async () => {
      const res = await fetch('../morphologies/ca1_n120.swc');
      if (!res.ok) throw new Error(`cannot read ../morphologies/ca1_n120.swc: ${res.status}`);
      const g = parseSwc(await res.text(), 'ca1_n120.swc');
      return treeCell({ swcName: 'ca1_n120.swc', densities: REGION_DEFAULTS, stim: { section: 'soma[0]', x: 0.5 },
        amp_nA: 3, delay_ms: 2, dur_ms: 1, tstop_ms: 30 }, g);
    },
  },
  { name: 'Population: 64 × soma + axon', make: async () => hhAxon(64) },
];

interface Cell {
  state: 'waiting' | 'running' | 'done' | 'unavailable' | 'failed';
  rate?: number;
  speed_ms_per_s?: number;
  note?: string;
}

const backends = BACKENDS.filter((b): b is BackendName => b !== 'auto');
const results: Cell[][] = MODELS.map(() => backends.map(() => ({ state: 'waiting' })));
const compartments: number[] = MODELS.map(() => 0);
const status = { backend: 'none', t_ms: 0, text: 'starting…' };
let busy = false;

function pause(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}

/** Advance `engine` for about RUN_MS of wall time; returns steps taken and seconds. */
async function measure(engine: Engine, label: string): Promise<{ steps: number; seconds: number }> {
  await engine.reset();
  await engine.advance(20); // warm-up: compile, caches
  let steps = 0, chunk = 20;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < RUN_MS) {
    const c0 = performance.now();
    await engine.advance(chunk);
    steps += chunk;
    const took = performance.now() - c0;
    if (took < 20) chunk *= 2;
    elapsed = performance.now() - t0;
    status.t_ms = engine.t_ms;
    status.backend = engine.backend;
    status.text = `${label}: t = ${engine.t_ms.toFixed(1)} ms`;
    renderPage();
    await pause();
  }
  return { steps, seconds: elapsed / 1000 };
}

async function runAll(): Promise<void> {
  if (busy) return;
  busy = true;
  showError('');
  for (const r of results) for (let j = 0; j < r.length; j++) r[j] = { state: 'waiting' };
  renderPage();
  for (let i = 0; i < MODELS.length; i++) {
    let sim: Simulation;
    try {
      sim = await MODELS[i].make();
    } catch (e) {
      showError((e as Error).message);
      continue;
    }
    const perStep = sim.compartments * sim.copies;
    compartments[i] = perStep;
    for (let j = 0; j < backends.length; j++) {
      let engine: Engine;
      try {
        engine = await createEngine(sim, { backend: backends[j] });
      } catch (e) {
        results[i][j] = { state: 'unavailable', note: (e as Error).message };
        renderPage();
        continue;
      }
      results[i][j] = { state: 'running' };
      renderPage();
      try {
        const { steps, seconds } = await measure(engine, `${MODELS[i].name} on ${engine.backend}`);
        results[i][j] = { state: 'done', rate: (perStep * steps) / seconds, speed_ms_per_s: (steps * sim.dt_ms) / seconds };
      } catch (e) {
        results[i][j] = { state: 'failed', note: (e as Error).message };
      } finally {
        engine.dispose();
      }
      renderPage();
    }
  }
  status.text = 'done';
  busy = false;
  renderPage();
}

function fmtRate(r: number): string {
  if (r >= 1e9) return `${(r / 1e9).toFixed(2)} G`;
  if (r >= 1e6) return `${(r / 1e6).toFixed(2)} M`;
  if (r >= 1e3) return `${(r / 1e3).toFixed(1)} k`;
  return r.toFixed(0);
}

function cell(c: Cell) {
  switch (c.state) {
    case 'done':
      return html`${fmtRate(c.rate!)}<br /><span class="hint">${c.speed_ms_per_s!.toFixed(0)} ms/s simulated</span>`;
    case 'unavailable':
      return html`<span class="hint" title=${c.note ?? ''}>unavailable: ${c.note}</span>`;
    case 'failed':
      return html`<span class="hint">failed: ${c.note}</span>`;
    default:
      return html`<span class="hint">${c.state}…</span>`;
  }
}

function renderPage(): void {
  render(
    html`
      <div class="card">
        <p><button class="small" type="button" ?disabled=${busy} @click=${() => void runAll()}>${busy ? 'Running…' : 'Run again'}</button></p>
        <output class="readout" id="status" data-backend=${status.backend} data-sim-time-ms=${status.t_ms.toFixed(3)}
          aria-label="benchmark status">${status.text}${status.backend !== 'none' ? ` · backend: ${status.backend}` : ''}</output>
        <div class="table-scroll">
          <table>
            <caption class="hint">Compartment-steps per second (higher is better), each measured over ≈ ${RUN_MS} ms.</caption>
            <thead><tr><th>model</th><th class="num">compartments</th>
              ${backends.map((b) => html`<th class="num">${b === 'cpu' ? 'CPU (f64)' : 'WebGPU (f32)'}</th>`)}</tr></thead>
            <tbody>
              ${MODELS.map(
                (m, i) => html`<tr><td>${m.name}</td><td class="num">${compartments[i] || '–'}</td>
                  ${backends.map((_, j) => html`<td class="num">${cell(results[i][j])}</td>`)}</tr>`,
              )}
            </tbody>
          </table>
        </div>
      </div>
      ${suiteSection(renderPage)}
    `,
    document.getElementById('app')!,
  );
}

renderPage();
// ?suite=quick runs the benchmark suite first (the quick look after it, as it would alone)
if (SUITE_AT_LOAD) await runQuickSuite();
await runAll();
