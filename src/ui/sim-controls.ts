/**
 * `<cs-sim-controls>`: run/pause, reset, speed and loop for a `SimRunner`, and the status line:
 * simulated time, achieved speed and backend. The host element carries the status as data
 * attributes for tests and scripts: `data-backend` (`cpu` / `webgpu`), `data-sim-time-ms`,
 * `data-speed-ms-per-s` and `data-running`.
 */
import { LitElement, css, html } from 'lit';
import type { RunnerStatus, SimRunner } from './sim-runner.js';

/** Speeds offered [simulated ms per wall-clock second]. */
export const SPEEDS: ReadonlyArray<{ value: number; label: string }> = [
  { value: 1, label: '1 ms/s (slow motion)' },
  { value: 5, label: '5 ms/s' },
  { value: 20, label: '20 ms/s' },
  { value: 100, label: '100 ms/s' },
  { value: 1000, label: '1000 ms/s (real time)' },
  { value: 5000, label: '5× real time' },
  { value: Infinity, label: 'as fast as possible' },
];

export class SimControls extends LitElement {
  static override properties = {
    runner: { attribute: false },
    status: { state: true },
  };

  declare runner: SimRunner | null;
  declare status: RunnerStatus | null;
  private listening: SimRunner | null = null;
  private readonly onStatus = (e: Event) => {
    this.status = (e as CustomEvent<RunnerStatus>).detail;
  };

  constructor() {
    super();
    this.runner = null;
    this.status = null;
  }

  static override styles = css`
    :host { display: block; font-size: 0.9rem; }
    .row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 0.8rem; }
    button, select { font: inherit; min-height: 2.2rem; padding: 0 0.8rem; border-radius: 4px;
      border: 1px solid var(--cs-axis, #888); background: var(--cs-button-bg, #fff); color: inherit; cursor: pointer; }
    button.primary { background: var(--cs-accent, #1a73e8); border-color: var(--cs-accent, #1a73e8); color: #fff; min-width: 5.5rem; }
    button:focus-visible, select:focus-visible, input:focus-visible { outline: 2px solid var(--cs-focus, #1a73e8); outline-offset: 2px; }
    label { display: inline-flex; align-items: center; gap: 0.35rem; }
    output { display: block; margin-top: 0.4rem; font-variant-numeric: tabular-nums; }
    .notice { display: block; margin-top: 0.2rem; color: var(--cs-notice, #8a5300); }
  `;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('runner') && this.listening !== this.runner) {
      this.listening?.removeEventListener('status', this.onStatus);
      this.runner?.addEventListener('status', this.onStatus);
      this.listening = this.runner;
      this.status = this.runner?.status ?? null;
    }
  }

  override updated(): void {
    const s = this.status;
    this.dataset.backend = s?.backend ?? 'none';
    this.dataset.simTimeMs = (s?.t_ms ?? 0).toFixed(3);
    this.dataset.speedMsPerS = (s?.speed_ms_per_s ?? 0).toFixed(1);
    this.dataset.running = String(!!s?.running);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.listening?.removeEventListener('status', this.onStatus);
    this.listening = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.runner && this.listening !== this.runner) {
      this.runner.addEventListener('status', this.onStatus);
      this.listening = this.runner;
    }
  }

  private toggle(): void {
    const r = this.runner;
    if (!r) return;
    if (r.isRunning) r.pause();
    else r.play();
  }

  private setSpeed(e: Event): void {
    if (this.runner) this.runner.speed_ms_per_s = Number((e.target as HTMLSelectElement).value);
  }

  private setLoop(e: Event): void {
    if (this.runner) this.runner.loop = (e.target as HTMLInputElement).checked;
  }

  override render() {
    const s = this.status;
    const r = this.runner;
    const speed = r?.speed_ms_per_s ?? 1000;
    const backend = !s || s.backend === 'none' ? 'starting…' : `${s.backend} (${s.description})`;
    return html`
      <div class="row">
        <button class="primary" type="button" @click=${this.toggle} ?disabled=${!r?.engine} aria-pressed=${s?.running ? 'true' : 'false'}>
          ${s?.running ? 'Pause' : s?.ended ? 'Run again' : 'Run'}
        </button>
        <button type="button" @click=${() => void r?.reset()} ?disabled=${!r?.engine}>Reset</button>
        <label>Speed
          <select @change=${this.setSpeed}>
            ${(SPEEDS.some((o) => o.value === speed) ? SPEEDS : [...SPEEDS, { value: speed, label: `${speed} ms/s` }].sort((a, b) => a.value - b.value)).map(
              (o) => html`<option value=${String(o.value)} ?selected=${o.value === speed}>${o.label}</option>`,
            )}
          </select>
        </label>
        <label><input type="checkbox" .checked=${!!r?.loop} @change=${this.setLoop} /> loop</label>
      </div>
      <output aria-label="simulation status">
        t = ${(s?.t_ms ?? 0).toFixed(1)} ms of ${(r?.end_ms ?? 0).toFixed(0)} ·
        ${s?.running ? `${formatSpeed(s.speed_ms_per_s)} simulated per second` : s?.ended ? 'done' : 'paused'} ·
        backend: ${backend}
      </output>
      ${s?.notice ? html`<span class="notice" role="status">${s.notice}</span>` : ''}
    `;
  }
}

/** A speed [ms/s] for the status line, with its ratio to real time. */
export function formatSpeed(ms_per_s: number): string {
  const digits = ms_per_s >= 100 ? 0 : ms_per_s >= 10 ? 1 : 2;
  const rt = ms_per_s / 1000;
  return `${ms_per_s.toFixed(digits)} ms (${rt >= 0.995 ? rt.toFixed(1) + '×' : rt.toPrecision(2) + '×'} real time)`;
}

if (!customElements.get('cs-sim-controls')) customElements.define('cs-sim-controls', SimControls);

declare global {
  interface HTMLElementTagNameMap {
    'cs-sim-controls': SimControls;
  }
}
