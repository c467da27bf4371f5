/**
 * The few lines `cablesim run` prints about a finished run: what ran where, how big, how long,
 * and per record its spikes (0 mV upward crossings) and the first spike's time.
 */
import { spikeTimes } from '../analysis/spikes.js';
import type { Traces } from '../engine/types.js';

export interface RunFacts {
  modelPath: string;
  backend: string;
  /** The engine's own description. */
  description: string;
  /** Segments per cell, and copies of the cell. */
  compartments: number;
  copies: number;
  nsteps: number;
  dt_ms: number;
  tstop_ms: number;
  /** Wall time of the run itself [s]. */
  wall_s: number;
  /** Where the CSV went: a file, or undefined for stdout. */
  outPath: string | undefined;
  /** What each record asked for: its label, variable and whether every copy is recorded. */
  records: ReadonlyArray<{ label: string; var: string; allCopies: boolean }>;
  traces: Traces;
}

/** A number in at most 4 significant digits, without exponent for everyday sizes. */
function short(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Spikes of one column: `4 spikes, first at 5.71 ms` or `no spikes`. */
function spikeText(t: Float64Array, v: ArrayLike<number>): { n: number; text: string } {
  const s = spikeTimes(t, v);
  return { n: s.length, text: s.length === 0 ? 'no spikes' : `${plural(s.length, 'spike')}, first at ${s[0].toFixed(3)} ms` };
}

/** The summary, one string per line (no line breaks inside). */
export function summaryLines(f: RunFacts): string[] {
  const simulated = f.nsteps * f.dt_ms;
  const speed = f.wall_s > 0 ? `, ${short(simulated / f.wall_s)} ms simulated per s` : '';
  const lines = [
    `model:    ${f.modelPath}`,
    `backend:  ${f.backend}, ${f.description}`,
    `size:     ${plural(f.compartments, 'compartment')} × ${plural(f.copies, 'copy').replace('copys', 'copies')}`,
    `run:      ${f.nsteps} steps of ${short(f.dt_ms)} ms = ${short(simulated)} ms simulated in ${f.wall_s.toFixed(3)} s wall${speed}`,
    `output:   ${f.outPath ?? 'stdout'} (${plural(f.traces.labels.length, 'column')} + t_ms, ${f.traces.t_ms.length} rows)`,
  ];
  const index = new Map(f.traces.labels.map((l, i) => [l, i]));
  for (const r of f.records) {
    const c0 = index.get(r.label);
    if (c0 === undefined) continue;
    if (r.var !== 'v') {
      lines.push(`record:   ${r.label} (${r.var}): not a voltage, no spikes counted`);
      continue;
    }
    const first = spikeText(f.traces.t_ms, f.traces.columns[c0]);
    let text = `record:   ${r.label}: ${first.text}`;
    if (r.allCopies && f.copies > 1) {
      let lo = first.n;
      let hi = first.n;
      for (let c = 1; c < f.copies; c++) {
        const k = index.get(`${r.label}@${c}`);
        if (k === undefined) continue;
        const n = spikeTimes(f.traces.t_ms, f.traces.columns[k]).length;
        lo = Math.min(lo, n);
        hi = Math.max(hi, n);
      }
      text += ` (copy 0; ${f.copies} copies: ${lo === hi ? plural(lo, 'spike') : `${lo} to ${hi} spikes`} each)`;
    }
    lines.push(text);
  }
  return lines;
}
