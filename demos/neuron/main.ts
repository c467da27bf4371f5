/**
 * The point-neuron page: the HH model itself. Voltage, gates and currents over time, Nernst
 * potentials from concentrations and temperature, the (V, n) phase plane and an f–I curve.
 */
import { html } from 'lit';
import { spikeTimes } from '../../src/analysis/spikes.js';
import { CpuEngine } from '../../src/engine/cpu/engine.js';
import type { Frame } from '../../src/engine/types.js';
import '../../src/ui/index.js';
import { SimRunner } from '../../src/ui/sim-runner.js';
import { TraceBuffer } from '../../src/ui/trace-buffer.js';
import type { XyPlot } from '../../src/ui/xy-plot.js';
import { POINT_DEFAULTS, pointNeuron, type PointNeuronSpec } from '../lib/models.js';
import { debounce, pageHeader, paramValue, redrawTraces, renderLayout, showError, startEngine, urlNumber } from '../lib/page.js';
import { ION_DEFAULTS_MM, nernst_mV } from './ions.js';
import { N_RANGE, V_RANGE, nNullcline, vNullcline, type PlaneParams } from './phase.js';

pageHeader('Neuron');

/** Concentrations [mM], outside and inside. */
const ions = { ...ION_DEFAULTS_MM };
const spec: PointNeuronSpec = { ...POINT_DEFAULTS };
spec.celsius = urlNumber('celsius', spec.celsius);

// Columns: V, m, h, n, I_Na, I_K, I_L [µA/cm²], V−E_Na, V−E_K [mV].
const COLS = { v: 0, m: 1, h: 2, n: 3, ina: 4, ik: 5, il: 6, dna: 7, dk: 8 };
const traces = new TraceBuffer(9);
const runner = new SimRunner();
runner.speed_ms_per_s = urlNumber('speed', 20);
const row = new Float64Array(9);
let fiPoints: { i: Float64Array; f: Float64Array } = { i: new Float64Array(0), f: new Float64Array(0) };
let fiState = 'computing…';

function updateReversal(): void {
  spec.ena_mV = nernst_mV(ions.nao, ions.nai, spec.celsius);
  spec.ek_mV = nernst_mV(ions.ko, ions.ki, spec.celsius);
}
updateReversal();

function onSample(frame: Frame): void {
  const r = frame.records;
  const [v, m, h, n] = r.columns;
  for (let k = 0; k < r.t_ms.length; k++) {
    const V = v[k], M = m[k], H = h[k], N = n[k];
    row[COLS.v] = V;
    row[COLS.m] = M;
    row[COLS.h] = H;
    row[COLS.n] = N;
    row[COLS.ina] = 1000 * spec.gnabar * M * M * M * H * (V - spec.ena_mV);
    row[COLS.ik] = 1000 * spec.gkbar * N * N * N * N * (V - spec.ek_mV);
    row[COLS.il] = 1000 * spec.gl * (V - spec.el_mV);
    row[COLS.dna] = V - spec.ena_mV;
    row[COLS.dk] = V - spec.ek_mV;
    traces.append(r.t_ms[k], row);
  }
}

function stimulusAt(t_ms: number): number {
  return t_ms >= spec.delay_ms && t_ms < spec.delay_ms + spec.dur_ms ? spec.amp_uA_cm2 : 0;
}

function planeParams(i: number): PlaneParams {
  return { i_uA_cm2: i, gnabar: spec.gnabar, gkbar: spec.gkbar, gl: spec.gl, ena: spec.ena_mV, ek: spec.ek_mV, el: spec.el_mV };
}

let nullclineFor = NaN;
let vNull = vNullcline(planeParams(0));
const nNull = nNullcline();

function draw(): void {
  const q = <T extends Element>(s: string) => document.querySelector<T>(s);
  redrawTraces();
  const t = traces.length ? traces.lastTime_ms : 0;
  const i = stimulusAt(t);
  if (i !== nullclineFor) {
    vNull = vNullcline(planeParams(i));
    nullclineFor = i;
  }
  const plane = q<XyPlot>('#phase');
  if (plane) {
    const n = traces.length;
    plane.curves = [
      { x: vNull.x, y: vNull.y, label: `V-nullcline (I = ${i} µA/cm²)`, color: '#c92a2a', width: 2 },
      { x: nNull.x, y: nNull.y, label: 'n-nullcline n∞(V)', color: '#1971c2', width: 2 },
      { x: traces.columns[COLS.v], y: traces.columns[COLS.n], length: n, label: 'trajectory', color: '#495057', width: 1.2 },
    ];
    plane.marker = n ? { x: traces.columns[COLS.v][n - 1], y: traces.columns[COLS.n][n - 1], color: '#e8590c' } : null;
    plane.requestDraw();
  }
  renderPage();
}

const rebuild = debounce(async () => {
  updateReversal();
  try {
    showError('');
    await startEngine(pointNeuron(spec), runner);
    nullclineFor = NaN;
    draw();
  } catch (e) {
    showError((e as Error).message);
  }
}, 120);

const recomputeFi = debounce(() => void computeFi(), 300);
let fiGeneration = 0;

/** f–I curve: firing rate over 50–250 ms of a sustained step, on the CPU engine. */
async function computeFi(): Promise<void> {
  const gen = ++fiGeneration;
  fiState = 'computing…';
  renderPage();
  const amps = Array.from({ length: 26 }, (_, k) => k * 2);
  const rates = new Float64Array(amps.length).fill(NaN);
  for (let k = 0; k < amps.length; k++) {
    await new Promise((r) => setTimeout(r, 0));
    if (gen !== fiGeneration) return;
    const sim = pointNeuron({ ...spec, amp_uA_cm2: amps[k], delay_ms: 0, dur_ms: 1e9, tstop_ms: 250 }, false);
    const tr = await new CpuEngine(sim).run();
    const spikes = spikeTimes(tr.t_ms, tr.columns[0]).filter((t) => t >= 50);
    rates[k] = spikes.length / 0.2;
    fiPoints = { i: Float64Array.from(amps.slice(0, k + 1)), f: rates.slice(0, k + 1) };
    renderPage();
  }
  fiState = '';
  renderPage();
}

function setIon(key: keyof typeof ions) {
  return (e: Event) => {
    ions[key] = paramValue(e);
    rebuild();
    recomputeFi();
  };
}

function setSpec(key: keyof PointNeuronSpec, fi = false) {
  return (e: Event) => {
    (spec as unknown as Record<string, number>)[key] = paramValue(e);
    rebuild();
    if (fi) recomputeFi();
  };
}

function fmt(v: number, d = 1): string {
  return Number.isFinite(v) ? v.toFixed(d) : '–';
}

function renderPage(): void {
  const n = traces.length;
  const last = (c: number) => (n ? traces.columns[c][n - 1] : NaN);
  const refs = [
    { y: spec.ena_mV, label: `E_Na ${fmt(spec.ena_mV)} mV`, color: '#e8590c' },
    { y: spec.ek_mV, label: `E_K ${fmt(spec.ek_mV)} mV`, color: '#1971c2' },
    { y: spec.el_mV, label: `E_L ${fmt(spec.el_mV)} mV`, color: '#2f9e44' },
  ];
  const w = spec.tstop_ms;
  const fiMax = fiPoints.f.length ? Math.max(10, ...Array.from(fiPoints.f).filter(Number.isFinite)) * 1.1 : 100;
  renderLayout(
    runner,
    html`
      <fieldset>
        <legend>Ions [mM] and temperature</legend>
        <cs-param label="[Na⁺] outside" unit="mM" min="10" max="600" step="5" .value=${ions.nao} @change=${setIon('nao')}></cs-param>
        <cs-param label="[Na⁺] inside" unit="mM" min="5" max="200" step="1" .value=${ions.nai} @change=${setIon('nai')}
          hint="E_Na = ${fmt(spec.ena_mV)} mV"></cs-param>
        <cs-param label="[K⁺] outside" unit="mM" min="1" max="200" step="1" .value=${ions.ko} @change=${setIon('ko')}></cs-param>
        <cs-param label="[K⁺] inside" unit="mM" min="50" max="800" step="5" .value=${ions.ki} @change=${setIon('ki')}
          hint="E_K = ${fmt(spec.ek_mV)} mV"></cs-param>
        <cs-param label="Temperature" unit="°C" min="0" max="30" step="0.1" .value=${spec.celsius}
          @change=${(e: Event) => {
            spec.celsius = paramValue(e);
            rebuild();
            recomputeFi();
          }} hint="rates ×${fmt(Math.pow(3, (spec.celsius - 6.3) / 10), 2)} (Q10 = 3)"></cs-param>
      </fieldset>
      <fieldset>
        <legend>Current step</legend>
        <cs-param label="Amplitude" unit="µA/cm²" min="-20" max="100" step="0.5" .value=${spec.amp_uA_cm2}
          @change=${setSpec('amp_uA_cm2')}></cs-param>
        <cs-param label="Start" unit="ms" min="0" max="100" step="1" .value=${spec.delay_ms} @change=${setSpec('delay_ms')}></cs-param>
        <cs-param label="Duration" unit="ms" min="0" max="100" step="1" .value=${spec.dur_ms} @change=${setSpec('dur_ms')}></cs-param>
      </fieldset>
      <fieldset>
        <legend>Conductances [S/cm²]</legend>
        <cs-param label="ḡ_Na" unit="S/cm²" min="0" max="0.3" step="0.005" .value=${spec.gnabar} @change=${setSpec('gnabar', true)}></cs-param>
        <cs-param label="ḡ_K" unit="S/cm²" min="0" max="0.1" step="0.001" .value=${spec.gkbar} @change=${setSpec('gkbar', true)}></cs-param>
      </fieldset>
    `,
    html`
      <div class="card">
        <p class="readout" aria-label="present values">
          V = <strong>${fmt(last(COLS.v))} mV</strong> · V − E_Na = ${fmt(last(COLS.dna))} mV · V − E_K = ${fmt(last(COLS.dk))} mV ·
          I_Na = ${fmt(last(COLS.ina))} · I_K = ${fmt(last(COLS.ik))} · I_L = ${fmt(last(COLS.il), 2)} µA/cm² ·
          m = ${fmt(last(COLS.m), 3)}, h = ${fmt(last(COLS.h), 3)}, n = ${fmt(last(COLS.n), 3)}
        </p>
        <cs-trace-plot label="Membrane voltage and equilibrium potentials" y-label="V [mV]" .window_ms=${w} .yMin=${-90} .yMax=${60}
          .buffer=${traces} .series=${[{ column: COLS.v, label: 'V', color: '#1d2330' }]} .references=${refs}></cs-trace-plot>
        <cs-trace-plot label="Driving forces" y-label="V − E [mV]" .window_ms=${w} .buffer=${traces}
          .series=${[
            { column: COLS.dna, label: 'V − E_Na', color: '#e8590c' },
            { column: COLS.dk, label: 'V − E_K', color: '#1971c2' },
          ]}></cs-trace-plot>
        <cs-trace-plot label="Gates" y-label="open fraction" .window_ms=${w} .yMin=${0} .yMax=${1} .buffer=${traces}
          .series=${[
            { column: COLS.m, label: 'm (Na⁺ activation)', color: '#e8590c' },
            { column: COLS.h, label: 'h (Na⁺ inactivation)', color: '#7048e8' },
            { column: COLS.n, label: 'n (K⁺ activation)', color: '#1971c2' },
          ]}></cs-trace-plot>
        <cs-trace-plot label="Membrane currents (outward positive)" y-label="I [µA/cm²]" .window_ms=${w} .buffer=${traces}
          .series=${[
            { column: COLS.ina, label: 'I_Na', color: '#e8590c' },
            { column: COLS.ik, label: 'I_K', color: '#1971c2' },
            { column: COLS.il, label: 'I_L', color: '#2f9e44' },
          ]}></cs-trace-plot>
      </div>
      <div class="grid2">
        <div class="card">
          <cs-xy-plot id="phase" label="Phase plane (V, n)" x-label="V [mV]" y-label="n" .xRange=${V_RANGE} .yRange=${N_RANGE}></cs-xy-plot>
          <p class="hint">Nullclines of the reduced model: m = m∞(V), h = 0.89 − 1.1·n. The trajectory is the full model's.</p>
        </div>
        <div class="card">
          <cs-xy-plot id="fi" label="f–I curve (CPU engine, 200 ms of firing)" x-label="I [µA/cm²]" y-label="f [Hz]"
            .xRange=${[0, 50]} .yRange=${[0, fiMax]}
            .curves=${[
              { x: fiPoints.i, y: fiPoints.f, label: 'firing rate', color: '#1a5fc8', dots: true },
              { x: [spec.amp_uA_cm2, spec.amp_uA_cm2], y: [0, fiMax], label: 'present step', color: '#e8590c', dash: true },
            ]}></cs-xy-plot>
          <p class="hint" aria-live="polite">${fiState}</p>
        </div>
      </div>
    `,
  );
}

runner.onSample = onSample;
runner.onFrame = draw;
runner.onReset = () => {
  traces.clear();
  draw();
};
renderPage();
void (async () => {
  updateReversal();
  try {
    await startEngine(pointNeuron(spec), runner);
    draw();
    runner.play();
  } catch (e) {
    showError((e as Error).message);
  }
  await computeFi();
})();
