/**
 * The tree page: a reconstructed cell (from the repo or dropped by the user), hh everywhere
 * with densities per region; click to place the stimulus and the electrodes; the spike
 * back-propagates into the dendrites and attenuates.
 */
import { html } from 'lit';
import type { Frame } from '../../src/engine/types.js';
import type { CellGeometry } from '../../src/model/geometry.js';
import { nodeName, type Simulation } from '../../src/model/simulation.js';
import { parseSwc } from '../../src/model/swc.js';
import '../../src/ui/index.js';
import type { MorphologyView, PickDetail } from '../../src/ui/morphology-view.js';
import { SimRunner } from '../../src/ui/sim-runner.js';
import { TraceBuffer } from '../../src/ui/trace-buffer.js';
import { REGION_DEFAULTS, treeCell, type RegionDensity, type TreeSpec } from '../lib/models.js';
import { debounce, pageHeader, paramValue, redrawTraces, renderLayout, showError, startEngine, urlNumber } from '../lib/page.js';
import { defaultElectrodes, pathDistances, somaNode } from './cell.js';

pageHeader('Tree');

const CELLS: Array<[string, string]> = [
  ['ca1_n120.swc', 'CA1 pyramidal cell (NeuroMorpho n120)'],
  ['l5pc_with_axon.swc', 'Layer 5 pyramidal cell with axon'],
  ['allen_485574832.swc', 'Allen Cell Types cell 485574832'],
  ['purkinje.swc', 'Purkinje cell'],
];
const ELECTRODE_COLOURS = ['#1a5fc8', '#2f9e44', '#9c36b5', '#e67700'];
const STIM_COLOUR = '#d6336c';
const MAX_ELECTRODES = 4;
const SAMPLE_MS = 0.1;

const runner = new SimRunner();
runner.speed_ms_per_s = urlNumber('speed', 20);
runner.sample_ms = SAMPLE_MS;
runner.loop = true;
const traces = new TraceBuffer(MAX_ELECTRODES);
const spec: TreeSpec = {
  swcName: CELLS[0][0],
  densities: structuredClone(REGION_DEFAULTS),
  stim: { section: 'soma[0]', x: 0.5 },
  amp_nA: 3,
  delay_ms: 2,
  dur_ms: 1,
  tstop_ms: 30,
};
let geometry: CellGeometry | null = null;
let sim: Simulation | null = null;
let regions: string[] = [];
let electrodes: number[] = [];
let distances: Float64Array = new Float64Array(0);
const peaks = new Float64Array(MAX_ELECTRODES).fill(-Infinity);
let clickPlaces: 'stimulus' | 'electrode' = 'electrode';
let cellLabel = CELLS[0][1];
const row = new Float64Array(MAX_ELECTRODES);

function view(): MorphologyView | null {
  return document.querySelector<MorphologyView>('cs-morphology');
}

function onSample(frame: Frame): void {
  for (let k = 0; k < MAX_ELECTRODES; k++) {
    row[k] = k < electrodes.length ? frame.v_mV[electrodes[k]] : NaN;
    if (row[k] > peaks[k]) peaks[k] = row[k];
  }
  traces.append(frame.t_ms, row);
}

function draw(frame: Frame): void {
  view()?.setVoltages(frame.v_mV);
  redrawTraces();
  renderPage();
}

/** Load SWC text as the cell: parse (errors shown in the page), reset electrodes, build. */
async function loadCell(text: string, name: string, label: string): Promise<void> {
  try {
    const g = parseSwc(text, name);
    geometry = g;
    spec.swcName = name;
    cellLabel = label;
    regions = [...new Set(g.sections.map((s) => s.region))];
    spec.stim = somaSite(g);
    electrodes = [];
    showError('');
    await build(true);
  } catch (e) {
    showError((e as Error).message);
  }
}

async function build(newCell = false): Promise<void> {
  if (!geometry) return;
  try {
    sim = treeCell(spec, geometry);
    distances = pathDistances(sim.tree);
    if (newCell) {
      electrodes = defaultElectrodes(sim.tree);
      view()?.setCell(sim.geometry, sim.tree);
    }
    await startEngine(sim, runner);
    showError('');
  } catch (e) {
    showError((e as Error).message);
  }
  renderPage();
}
const rebuild = debounce(() => void build(), 200);

async function loadRepoCell(file: string): Promise<void> {
  const label = CELLS.find(([f]) => f === file)?.[1] ?? file;
  try {
    const res = await fetch(`../morphologies/${file}`);
    if (!res.ok) throw new Error(`cannot read ../morphologies/${file}: ${res.status} ${res.statusText}`);
    await loadCell(await res.text(), file, label);
  } catch (e) {
    showError((e as Error).message);
  }
}

async function loadFile(file: File | undefined): Promise<void> {
  if (!file) return;
  await loadCell(await file.text(), file.name, `your file ${file.name}`);
}

function onPick(e: CustomEvent<PickDetail>): void {
  if (!sim) return;
  const d = e.detail;
  if (clickPlaces === 'stimulus') {
    spec.stim = { section: sim.geometry.sections[d.section].name, x: d.x };
    void build();
  } else {
    electrodes = [...electrodes, d.node].slice(-MAX_ELECTRODES);
    traces.clear();
    peaks.fill(-Infinity);
  }
  renderPage();
}

function markers() {
  if (!sim) return [];
  const stimNode = sim.stimuli[0]?.node ?? somaNode(sim.tree);
  // The stimulus first and larger, so that an electrode on the same node shows on top of it.
  return [
    { node: stimNode, color: STIM_COLOUR, label: 'stimulus', labelSide: 'left' as const, radius_px: 9 },
    ...electrodes.map((node, k) => ({ node, color: ELECTRODE_COLOURS[k], label: `e${k + 1}` })),
  ];
}

function setDensity(region: string, key: keyof RegionDensity) {
  return (e: Event) => {
    const d = (spec.densities[region] ??= { ...(REGION_DEFAULTS[region] ?? REGION_DEFAULTS.dend) });
    d[key] = paramValue(e);
    rebuild();
  };
}

function setStim(key: 'amp_nA' | 'delay_ms' | 'dur_ms') {
  return (e: Event) => {
    spec[key] = paramValue(e);
    rebuild();
  };
}

function renderPage(): void {
  const stimNode = sim?.stimuli[0]?.node ?? 0;
  const soma = sim ? somaNode(sim.tree) : 0;
  const rest = sim?.vInit_mV ?? -65;
  renderLayout(
    runner,
    html`
      <fieldset>
        <legend>Cell</legend>
        <label>Reconstruction
          <select @change=${(e: Event) => void loadRepoCell((e.target as HTMLSelectElement).value)}>
            ${CELLS.map(([f, l]) => html`<option value=${f} ?selected=${f === spec.swcName}>${l}</option>`)}
          </select>
        </label>
        <p class="hint">
          <label>Or open your own SWC file:
            <input type="file" accept=".swc,text/plain" @change=${(e: Event) => void loadFile((e.target as HTMLInputElement).files?.[0])} />
          </label>
          (or drop it onto the cell)
        </p>
        <p class="hint">Showing: ${cellLabel}${sim ? ` · ${sim.compartments} compartments` : ''}</p>
      </fieldset>
      <fieldset>
        <legend>A click on the cell places</legend>
        <label><input type="radio" name="place" value="stimulus" .checked=${clickPlaces === 'stimulus'}
          @change=${() => (clickPlaces = 'stimulus')} /> the stimulus</label>
        <label><input type="radio" name="place" value="electrode" .checked=${clickPlaces === 'electrode'}
          @change=${() => (clickPlaces = 'electrode')} /> an electrode (up to ${MAX_ELECTRODES})</label>
        <p><button class="small" type="button" @click=${() => {
          if (!sim) return;
          electrodes = defaultElectrodes(sim.tree);
          traces.clear();
          peaks.fill(-Infinity);
          renderPage();
        }}>Default electrodes</button>
        <button class="small" type="button" @click=${() => {
          if (!sim) return;
          spec.stim = { ...spec.stim, ...somaSite(sim.geometry) };
          void build();
        }}>Stimulus to the soma</button></p>
      </fieldset>
      <fieldset>
        <legend>Stimulus (current pulse)</legend>
        <cs-param label="Amplitude" unit="nA" min="0" max="10" step="0.1" .value=${spec.amp_nA} @change=${setStim('amp_nA')}></cs-param>
        <cs-param label="Start" unit="ms" min="0" max="20" step="0.5" .value=${spec.delay_ms} @change=${setStim('delay_ms')}></cs-param>
        <cs-param label="Duration" unit="ms" min="0.1" max="10" step="0.1" .value=${spec.dur_ms} @change=${setStim('dur_ms')}></cs-param>
      </fieldset>
      ${regions.map((r) => {
        const d = spec.densities[r] ?? REGION_DEFAULTS[r] ?? REGION_DEFAULTS.dend;
        return html`<fieldset>
          <legend>Channels in ${r}</legend>
          <cs-param label="ḡ_Na (${r})" unit="S/cm²" min="0" max="0.3" step="0.005" .value=${d.gnabar} @change=${setDensity(r, 'gnabar')}></cs-param>
          <cs-param label="ḡ_K (${r})" unit="S/cm²" min="0" max="0.1" step="0.001" .value=${d.gkbar} @change=${setDensity(r, 'gkbar')}></cs-param>
        </fieldset>`;
      })}
    `,
    html`
      <div class="card" @dragover=${(e: DragEvent) => e.preventDefault()}
        @drop=${(e: DragEvent) => {
          e.preventDefault();
          void loadFile(e.dataTransfer?.files?.[0]);
        }}>
        <cs-morphology label="${cellLabel}, coloured by membrane voltage" .markers=${markers()} @cs-pick=${onPick}
          style="--cs-morphology-height: min(70vh, 520px)"></cs-morphology>
      </div>
      <div class="card">
        <cs-trace-plot label="Voltage at the electrodes" y-label="V [mV]" .yMin=${-85} .yMax=${50} .window_ms=${spec.tstop_ms}
          .buffer=${traces}
          .series=${electrodes.map((_, k) => ({ column: k, label: `e${k + 1}`, color: ELECTRODE_COLOURS[k] }))}></cs-trace-plot>
        <div class="table-scroll">
          <table>
            <caption class="hint">Peak depolarization this run: the back-propagating spike shrinks with distance.</caption>
            <thead><tr><th>electrode</th><th>where</th><th class="num">from soma [µm]</th><th class="num">from stimulus [µm]</th>
              <th class="num">peak [mV]</th><th class="num">amplitude [mV]</th></tr></thead>
            <tbody>
              ${electrodes.map(
                (node, k) => html`<tr>
                  <td style="color:${ELECTRODE_COLOURS[k]}">e${k + 1}</td>
                  <td>${sim ? nodeName(sim.tree, node) : ''}</td>
                  <td class="num">${Math.abs(distances[node] - distances[soma]).toFixed(0)}</td>
                  <td class="num">${Math.abs(distances[node] - distances[stimNode]).toFixed(0)}</td>
                  <td class="num">${Number.isFinite(peaks[k]) ? peaks[k].toFixed(1) : '–'}</td>
                  <td class="num">${Number.isFinite(peaks[k]) ? (peaks[k] - rest).toFixed(1) : '–'}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </div>
    `,
  );
}

/** The middle of the first soma section of `g` (or of its root section). */
function somaSite(g: CellGeometry): { section: string; x: number } {
  const s = g.sections.find((x) => x.region === 'soma') ?? g.sections[0];
  return { section: s.name, x: 0.5 };
}

runner.onSample = onSample;
runner.onFrame = draw;
runner.onReset = () => {
  traces.clear();
  peaks.fill(-Infinity);
  if (sim) view()?.setVoltages(new Float64Array(sim.tree.n).fill(sim.vInit_mV));
  renderPage();
};
renderPage();
await loadRepoCell(CELLS[0][0]);
runner.play();
