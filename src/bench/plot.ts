/**
 * The scaling plot: throughput (compartment-steps per second) against model size (compartments
 * of all copies), log–log, one colour per backend (and per report, when several are drawn),
 * one marker per workload family, the points of a sweep (population, axon) joined. Plain SVG text, so that the
 * page shows it and a script writes it to a file alike. Browser-safe.
 */
import type { BenchReport, Measured } from './report.js';
import type { WorkloadGroup } from './suite.js';

export interface PlotPoint {
  /** Compartments × copies. */
  size: number;
  /** Compartment-steps per second. */
  rate: number;
  group: WorkloadGroup;
  id: string;
}

export interface PlotSeries {
  label: string;
  colour: string;
  points: PlotPoint[];
}

const COLOURS: Record<Measured, string[]> = {
  cpu: ['#1f77b4', '#6baed6', '#08519c'],
  webgpu: ['#d62728', '#fc9272', '#a50f15'],
  neuron: ['#2ca02c', '#a1d99b', '#006d2c'],
};

/** One series per backend of a report; `tag` (e.g. the machine) goes into the labels. */
export function seriesOf(rep: BenchReport, tag = '', shade = 0): PlotSeries[] {
  const out: PlotSeries[] = [];
  for (const b of ['cpu', 'webgpu', 'neuron'] as const) {
    const points: PlotPoint[] = [];
    let desc = '';
    for (const w of rep.workloads) {
      const r = w.results.find((x) => x.backend === b && x.status === 'ok');
      if (!r || !r.compartment_steps_per_s) continue;
      desc ||= r.description;
      points.push({ size: w.compartments * w.copies, rate: r.compartment_steps_per_s, group: w.group, id: w.id });
    }
    if (!points.length) continue;
    const what = b === 'webgpu' ? `webgpu${/swiftshader/i.test(desc) ? ' (SwiftShader)' : ''}` : b === 'neuron' ? 'NEURON' : 'cpu';
    out.push({ label: tag ? `${what}, ${tag}` : what, colour: COLOURS[b][shade % 3], points });
  }
  return out;
}

const GROUP_NAMES: Record<WorkloadGroup, string> = {
  'large-cell': 'L5 pyramidal cell',
  population: 'CA1 population sweep',
  axon: 'axon length sweep',
  rallpack: 'Rallpacks 1–3',
};

function marker(group: WorkloadGroup, x: number, y: number, colour: string): string {
  const c = `fill="${colour}" stroke="${colour}"`;
  switch (group) {
    case 'population':
      return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="4" ${c}/>`;
    case 'axon':
      return `<rect x="${(x - 3.5).toFixed(1)}" y="${(y - 3.5).toFixed(1)}" width="7" height="7" ${c}/>`;
    case 'rallpack':
      return `<path d="M${x.toFixed(1)},${(y - 5).toFixed(1)} l4.5,8 h-9 z" ${c}/>`;
    case 'large-cell':
      return `<path d="M${x.toFixed(1)},${(y - 5).toFixed(1)} l5,5 l-5,5 l-5,-5 z" ${c}/>`;
  }
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `1e3` → `10³`. */
function power(e: number): string {
  const sup = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return `10${String(e).replace('-', '⁻').replace(/\d/g, (d) => sup[Number(d)])}`;
}

/** The plot as an SVG document (width × height px). */
export function scalingSvg(series: PlotSeries[], opts: { title?: string; width?: number; height?: number } = {}): string {
  const W = opts.width ?? 760;
  const H = opts.height ?? 460;
  const legendRows = series.length + 4;
  const L = 70, R = 20, T = opts.title ? 34 : 14, B = 46 + 16 * Math.ceil(legendRows / 2);
  const all = series.flatMap((s) => s.points);
  const xs = all.map((p) => Math.log10(p.size));
  const ys = all.map((p) => Math.log10(p.rate));
  const x0 = Math.floor(Math.min(...(xs.length ? xs : [0]))), x1 = Math.ceil(Math.max(x0 + 1, ...xs));
  const y0 = Math.floor(Math.min(...(ys.length ? ys : [4]))), y1 = Math.ceil(Math.max(y0 + 1, ...(ys.length ? ys : [8])));
  const px = (v: number): number => L + ((Math.log10(v) - x0) / (x1 - x0)) * (W - L - R);
  const py = (v: number): number => H - B - ((Math.log10(v) - y0) / (y1 - y0)) * (H - B - T);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  if (opts.title) parts.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600">${esc(opts.title)}</text>`);
  for (let e = x0; e <= x1; e++) {
    const x = px(10 ** e);
    parts.push(`<line x1="${x}" y1="${T}" x2="${x}" y2="${H - B}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${x}" y="${H - B + 16}" text-anchor="middle">${power(e)}</text>`);
  }
  for (let e = y0; e <= y1; e++) {
    const y = py(10 ** e);
    parts.push(`<line x1="${L}" y1="${y}" x2="${W - R}" y2="${y}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${L - 6}" y="${y + 4}" text-anchor="end">${power(e)}</text>`);
  }
  parts.push(`<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - B - T}" fill="none" stroke="#888"/>`);
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - B + 34}" text-anchor="middle">model size: compartments (all copies)</text>`);
  parts.push(`<text transform="translate(16 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">compartment-steps per second</text>`);
  for (const s of series) {
    const groups = new Map<WorkloadGroup, PlotPoint[]>();
    for (const p of s.points) groups.set(p.group, [...(groups.get(p.group) ?? []), p]);
    for (const [group, pts] of groups) {
      // only the sweeps are lines: the other families are separate models of one size
      if (pts.length < 2 || (group !== 'population' && group !== 'axon')) continue;
      const d = [...pts].sort((a, b) => a.size - b.size).map((p, i) => `${i ? 'L' : 'M'}${px(p.size).toFixed(1)},${py(p.rate).toFixed(1)}`).join(' ');
      parts.push(`<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="1.5"/>`);
    }
    for (const p of s.points) parts.push(`<g><title>${esc(`${s.label}: ${p.id}, ${p.size} compartments, ${p.rate.toPrecision(3)} compartment-steps/s`)}</title>${marker(p.group, px(p.size), py(p.rate), s.colour)}</g>`);
  }
  // legend: the series (colours), then the workload families (markers)
  const items: Array<{ text: string; draw: (x: number, y: number) => string }> = [
    ...series.map((s) => ({ text: s.label, draw: (x: number, y: number) => `<line x1="${x - 8}" y1="${y}" x2="${x + 8}" y2="${y}" stroke="${s.colour}" stroke-width="3"/>` })),
    ...(Object.keys(GROUP_NAMES) as WorkloadGroup[]).map((g) => ({ text: GROUP_NAMES[g], draw: (x: number, y: number) => marker(g, x, y, '#555') })),
  ];
  const colW = (W - L - R) / 2;
  items.forEach((it, i) => {
    const x = L + 10 + (i % 2) * colW;
    const y = H - B + 52 + 16 * Math.floor(i / 2);
    parts.push(it.draw(x, y - 4), `<text x="${x + 14}" y="${y}">${esc(it.text)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
