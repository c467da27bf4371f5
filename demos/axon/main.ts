/**
 * The axon page: an HH axon whose action potential travels visibly along it; the space–time
 * plot shows its slope and the page measures the conduction velocity from the spike's arrival
 * time at every node. Two stimuli at both ends show collision and annihilation.
 */
import { html } from 'lit';
import type { Frame } from '../../src/engine/types.js';
import type { Simulation } from '../../src/model/simulation.js';
import '../../src/ui/index.js';
import type { MorphologyView } from '../../src/ui/morphology-view.js';
import { SimRunner } from '../../src/ui/sim-runner.js';
import type { SpaceTimeGuide, SpaceTimePlot } from '../../src/ui/space-time-plot.js';
import { TraceBuffer } from '../../src/ui/trace-buffer.js';
import { AXON_DEFAULTS, AXON_PROBES, axon, type AxonSpec } from '../lib/models.js';
import { debounce, pageHeader, paramValue, redrawTraces, renderLayout, showError, startEngine, urlNumber } from '../lib/page.js';
import { SpikeTimes, fitVelocity, sectionPath } from './measure.js';

pageHeader('Axon');

/** A node has spiked when its voltage crosses this upward [mV]. */
const THRESHOLD_MV = -20;
const SAMPLE_MS = 0.05;
const spec: AxonSpec = { ...AXON_DEFAULTS, both: new URLSearchParams(location.search).get('both') === '1' };
const runner = new SimRunner();
runner.speed_ms_per_s = urlNumber('speed', 5);
runner.sample_ms = SAMPLE_MS;
const traces = new TraceBuffer(AXON_PROBES.length);
const COLOURS = ['#1a5fc8', '#2f9e44', '#e8590c', '#c2255c'];

/** The axon's centre nodes in order, their positions [µm], and when each spiked. */
let sim: Simulation | null = null;
let nodes: Int32Array = new Int32Array(0);
let positions: Float64Array = new Float64Array(0);
let spikes = new SpikeTimes(nodes, THRESHOLD_MV, -65);

function setPath(s: Simulation): void {
  ({ nodes, positions_um: positions } = sectionPath(s.tree));
  resetTracking();
}

function resetTracking(): void {
  spikes = new SpikeTimes(nodes, THRESHOLD_MV, sim?.vInit_mV ?? -65);
}

function onSample(frame: Frame): void {
  spikes.sample(frame.t_ms, frame.v_mV);
  const r = frame.records;
  traces.appendBlock(r.t_ms, r.columns);
  document.querySelector<SpaceTimePlot>('cs-space-time')?.push(frame.t_ms, frame.v_mV);
}

/** Measurements shown on the page. */
function measure(): { text: string; guides: SpaceTimeGuide[] } {
  const N = nodes.length;
  if (!N) return { text: '', guides: [] };
  const L = positions[N - 1] + positions[0];
  // Fit over the part that only the near-end spike reaches first: up to 40% with two stimuli.
  const { first_ms: firstSpike, count: spikeCount } = spikes;
  const fit = fitVelocity(firstSpike, positions, Math.floor(0.1 * N), Math.floor((spec.both ? 0.4 : 0.9) * N));
  const guides: SpaceTimeGuide[] = [];
  let text = 'Conduction velocity: waiting for a spike to travel…';
  if (fit && fit.v > 0) {
    const ms = fit.v / 1000; // µm/ms = mm/s → m/s
    text = `Conduction velocity: ${ms.toFixed(3)} m/s (slope of the spike front, fitted over ${spec.both ? '10–40' : '10–90'}% of the axon)`;
    const xa = 0.05 * L, xb = (spec.both ? 0.45 : 0.95) * L;
    guides.push({
      t0_ms: fit.t0 + (xa - fit.x0) / fit.v,
      x0_um: xa,
      t1_ms: fit.t0 + (xb - fit.x0) / fit.v,
      x1_um: xb,
      label: `spike front: ${ms.toFixed(2)} m/s`,
    });
  } else if (spikeCount.some((c) => c > 0)) {
    text = 'Conduction velocity: the spike did not travel far enough to measure';
  }
  let reached = 0, twice = 0, lastAt = -1;
  for (let i = 0; i < N; i++) {
    if (spikeCount[i] > 0) reached++;
    if (spikeCount[i] > 1) twice++;
    if (!Number.isNaN(firstSpike[i]) && (lastAt < 0 || firstSpike[i] > firstSpike[lastAt])) lastAt = i;
  }
  if (spec.both && reached > 0) {
    const meet = lastAt >= 0 ? ` They meet near ${(positions[lastAt] / 1000).toFixed(2)} mm at t = ${firstSpike[lastAt].toFixed(2)} ms.` : '';
    text +=
      twice === 0
        ? `.${meet} Every point spiked once: the two spikes annihilated (each runs into the other's refractory wake).`
        : `.${meet} ${twice} points spiked twice (stimuli too far apart in time to collide).`;
  }
  return { text, guides };
}

function draw(frame: Frame): void {
  document.querySelector<MorphologyView>('cs-morphology')?.setVoltages(frame.v_mV);
  redrawTraces();
  renderPage();
}

async function build(): Promise<void> {
  try {
    showError('');
    sim = axon(spec);
    setPath(sim);
    const view = document.querySelector<MorphologyView>('cs-morphology');
    view?.setCell(sim.geometry, sim.tree);
    document.querySelector<SpaceTimePlot>('cs-space-time')?.setPath(nodes, positions);
    await startEngine(sim, runner);
  } catch (e) {
    showError((e as Error).message);
  }
}
const rebuild = debounce(() => void build(), 150);

function setNum(key: keyof AxonSpec) {
  return (e: Event) => {
    (spec as unknown as Record<string, number>)[key] = paramValue(e);
    rebuild();
  };
}

function renderPage(): void {
  const m = measure();
  const st = document.querySelector<SpaceTimePlot>('cs-space-time');
  if (st) st.guides = m.guides;
  renderLayout(
    runner,
    html`
      <fieldset>
        <legend>Axon</legend>
        <cs-param label="Length" unit="µm" min="1000" max="20000" step="500" .value=${spec.length_um} @change=${setNum('length_um')}></cs-param>
        <cs-param label="Diameter" unit="µm" min="0.2" max="10" step="0.1" .value=${spec.diam_um} @change=${setNum('diam_um')}></cs-param>
        <cs-param label="Temperature" unit="°C" min="0" max="35" step="0.5" .value=${spec.celsius} @change=${setNum('celsius')}></cs-param>
        <cs-param label="Run for" unit="ms" min="5" max="100" step="5" .value=${spec.tstop_ms} @change=${setNum('tstop_ms')}></cs-param>
      </fieldset>
      <fieldset>
        <legend>Stimulus</legend>
        <cs-param label="Amplitude" unit="nA" min="0" max="2" step="0.01" .value=${spec.amp_nA} @change=${setNum('amp_nA')}></cs-param>
        <cs-param label="Duration" unit="ms" min="0.1" max="5" step="0.1" .value=${spec.dur_ms} @change=${setNum('dur_ms')}></cs-param>
        <cs-param label="Start at the near end" unit="ms" min="0" max="15" step="0.5" .value=${spec.delay_ms} @change=${setNum('delay_ms')}></cs-param>
        <label class="hint"><input type="checkbox" .checked=${spec.both}
          @change=${(e: Event) => {
            spec.both = (e.target as HTMLInputElement).checked;
            rebuild();
          }} /> also stimulate the far end (collision)</label>
        <cs-param label="Start at the far end" unit="ms" min="0" max="15" step="0.5" .value=${spec.delay2_ms}
          @change=${setNum('delay2_ms')}></cs-param>
      </fieldset>
    `,
    html`
      <div class="card">
        <cs-morphology label="the axon, coloured by membrane voltage" min-width="10" style="--cs-morphology-height: 110px"></cs-morphology>
        <p class="readout" id="velocity" aria-live="polite">${m.text}</p>
      </div>
      <div class="card">
        <cs-space-time label="Space–time plot: the spike's path (position along the axon × time)" .window_ms=${spec.tstop_ms}
          .sample_ms=${SAMPLE_MS}></cs-space-time>
      </div>
      <div class="card">
        <cs-trace-plot label="Voltage at four points along the axon" y-label="V [mV]" .yMin=${-85} .yMax=${50}
          .window_ms=${spec.tstop_ms} .buffer=${traces}
          .series=${AXON_PROBES.map((x, k) => ({ column: k, label: `${x * 100}% of the length`, color: COLOURS[k] }))}></cs-trace-plot>
      </div>
    `,
  );
}

runner.onSample = onSample;
runner.onFrame = draw;
runner.onReset = () => {
  traces.clear();
  resetTracking();
  document.querySelector<SpaceTimePlot>('cs-space-time')?.clear();
  if (sim) document.querySelector<MorphologyView>('cs-morphology')?.setVoltages(new Float64Array(sim.tree.n).fill(sim.vInit_mV));
  renderPage();
};
renderPage();
await build();
runner.play();
