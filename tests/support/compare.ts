/** Holding one set of traces against another, as tools/compare_traces.py does. */
import { spikeTimes } from '../../src/analysis/spikes.js';
import type { Traces } from '../../src/engine/types.js';

export interface ColumnComparison {
  label: string;
  /** rms difference over the reference's samples [mV]. */
  rms_mV: number;
  spikesOurs: number;
  spikesRef: number;
  /** Largest difference between matched spike times [ms] (0 without spikes). */
  maxSpikeShift_ms: number;
}

/** Linear interpolation of (t, v) at the times `tq` (both ascending). */
function interpolate(t: ArrayLike<number>, v: ArrayLike<number>, tq: ArrayLike<number>): Float64Array {
  const out = new Float64Array(tq.length);
  let j = 0;
  for (let q = 0; q < tq.length; q++) {
    const x = tq[q];
    while (j + 2 < t.length && t[j + 1] < x) j++;
    const a = t[j], b = t[j + 1];
    const w = b === a ? 0 : Math.min(Math.max((x - a) / (b - a), 0), 1);
    out[q] = v[j] * (1 - w) + v[j + 1] * w;
  }
  return out;
}

/** Compare every column of `ref` with the same label in `ours`. */
export function compareTraces(ours: Traces, ref: Traces): ColumnComparison[] {
  return ref.labels.map((label, k) => {
    const o = ours.labels.indexOf(label);
    if (o < 0) throw new Error(`column ${label} missing (have ${ours.labels.join(', ')})`);
    const vo = interpolate(ours.t_ms, ours.columns[o], ref.t_ms);
    const vr = ref.columns[k];
    let s = 0;
    for (let i = 0; i < vr.length; i++) s += (vo[i] - vr[i]) ** 2;
    const so = spikeTimes(ref.t_ms, vo), sr = spikeTimes(ref.t_ms, vr);
    const shifts = so.slice(0, sr.length).map((t, i) => Math.abs(t - sr[i]));
    return {
      label,
      rms_mV: Math.sqrt(s / vr.length),
      spikesOurs: so.length,
      spikesRef: sr.length,
      maxSpikeShift_ms: Math.max(0, ...shifts),
    };
  });
}
