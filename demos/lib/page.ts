/**
 * What every demo page shares: the header with navigation, choosing the backend
 * (`?backend=auto|cpu|webgpu`, default auto), starting an engine on a `SimRunner`, and the
 * two-column layout of run controls, parameters and plots.
 */
import { html, render } from 'lit';
import './shaders.js';
import { createEngine } from '../../src/engine/index.js';
import type { BackendChoice } from '../../src/engine/index.js';
import type { Simulation } from '../../src/model/simulation.js';
import type { SimRunner } from '../../src/ui/sim-runner.js';
import type { TracePlot } from '../../src/ui/trace-plot.js';

const PAGES: Array<[string, string]> = [
  ['../', 'Gallery'],
  ['../neuron/', 'Neuron'],
  ['../axon/', 'Axon'],
  ['../tree/', 'Tree'],
  ['../bench/', 'Bench'],
];

/** Fill `<header id="top">` with the site title and navigation; `current` is this page's name. */
export function pageHeader(current: string): void {
  const header = document.getElementById('top');
  if (!header) return;
  render(
    html`<a class="brand" href="../">cablesim</a>
      <nav aria-label="demos">
        ${PAGES.map(([href, name]) =>
          name === current ? html`<a href=${href} aria-current="page">${name}</a>` : html`<a href=${href}>${name}</a>`,
        )}
      </nav>`,
    header,
  );
}

/** The backend asked for in the page's URL (`?backend=`), default `auto`. */
export function backendChoice(): BackendChoice {
  const b = new URLSearchParams(location.search).get('backend');
  return b === 'cpu' || b === 'webgpu' ? b : 'auto';
}

/** A number from the page's URL (`?name=value`), or `fallback`. */
export function urlNumber(name: string, fallback: number): number {
  const s = new URLSearchParams(location.search).get(name);
  const v = s === null ? NaN : Number(s);
  return Number.isFinite(v) ? v : fallback;
}

/**
 * Create the engine for `sim` on the chosen backend and hand it to `runner`. A backend that
 * fails falls back to the CPU engine, and the runner's notice says why.
 */
export async function startEngine(sim: Simulation, runner: SimRunner): Promise<void> {
  let notice = '';
  const choice = backendChoice();
  let engine;
  try {
    engine = await createEngine(sim, { backend: choice, onNotice: (line) => (notice = line) });
  } catch (e) {
    if (choice === 'cpu') throw e;
    notice = `${(e as Error).message} — running on the CPU engine instead`;
    engine = await createEngine(sim, { backend: 'cpu' });
  }
  await runner.setEngine(engine, notice);
}

/** Show a one-line error in the page's error slot (`#error`), or clear it with ''. */
export function showError(message: string): void {
  const el = document.getElementById('error');
  if (!el) return;
  el.textContent = message;
  el.hidden = message === '';
}

/** Call `fn` once things have been quiet for `ms` milliseconds. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms = 150): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/**
 * Render the page's body into `#app`: on the left the run controls of `runner` over a card of
 * `parameters` (fieldsets), on the right `panels` (cards of plots).
 */
export function renderLayout(runner: SimRunner, parameters: unknown, panels: unknown): void {
  render(
    html`
      <div class="layout">
        <div class="stack">
          <div class="card"><cs-sim-controls .runner=${runner}></cs-sim-controls></div>
          <div class="card">${parameters}</div>
        </div>
        <div class="stack">${panels}</div>
      </div>
    `,
    document.getElementById('app')!,
  );
}

/** The new value of the `<cs-param>` that fired `e`. */
export function paramValue(e: Event): number {
  return (e.target as HTMLInputElement & { value: number }).value;
}

/** Ask every `<cs-trace-plot>` on the page to redraw (their buffer has grown). */
export function redrawTraces(): void {
  document.querySelectorAll<TracePlot>('cs-trace-plot').forEach((p) => p.requestDraw());
}
