/** Statistics of repeated runs and the figures derived from them. Browser-safe. */
import type { BackendResult, KernelTime, Measured } from './report.js';

/** Median (the mean of the middle two for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The size and length of one run, for rates. */
export interface RunSize {
  /** Compartments × copies. */
  compartments: number;
  steps: number;
  dt_ms: number;
}

/** A result with nothing measured: `unavailable` or `failed`, saying why. */
export function emptyResult(backend: Measured, status: 'unavailable' | 'failed', note: string, description = ''): BackendResult {
  return {
    backend,
    status,
    note,
    description,
    setup_s: null,
    runs_s: [],
    median_s: null,
    min_s: null,
    max_s: null,
    spread_pct: null,
    compartment_steps_per_s: null,
    realtime_factor: null,
    us_per_step: null,
    kernels: null,
    kernels_note: 'n/a: not measured',
    vs_neuron: null,
  };
}

/** A measured result from its runs' wall times [s]. */
export function measuredResult(
  backend: Measured,
  description: string,
  size: RunSize,
  runs_s: number[],
  setup_s: number | null,
  kernels: KernelTime[] | null,
  kernels_note: string,
): BackendResult {
  const med = median(runs_s);
  const lo = Math.min(...runs_s);
  const hi = Math.max(...runs_s);
  const positive = med > 0;
  return {
    backend,
    status: 'ok',
    note: '',
    description,
    setup_s,
    runs_s,
    median_s: med,
    min_s: lo,
    max_s: hi,
    spread_pct: positive ? ((hi - lo) / med) * 100 : 0,
    compartment_steps_per_s: positive ? (size.compartments * size.steps) / med : null,
    realtime_factor: positive ? (size.steps * size.dt_ms) / 1000 / med : null,
    us_per_step: size.steps > 0 ? (med / size.steps) * 1e6 : null,
    kernels,
    kernels_note,
    vs_neuron: null,
  };
}

/** Fill in every result's `vs_neuron` from the NEURON result beside it (when it ran). */
export function compareWithNeuron(results: BackendResult[]): void {
  const n = results.find((r) => r.backend === 'neuron' && r.status === 'ok');
  for (const r of results) {
    r.vs_neuron = n && r !== n && r.status === 'ok' && r.median_s && n.median_s ? n.median_s / r.median_s : null;
  }
}
