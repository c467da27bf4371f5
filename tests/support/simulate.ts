/** Test helpers: build and run models written as plain objects, through the real validator. */
import { readFileSync } from 'node:fs';
import { CpuEngine } from '../../src/engine/cpu/engine.js';
import type { Traces } from '../../src/engine/types.js';
import { buildSimulation } from '../../src/model/load.js';
import type { Simulation } from '../../src/model/simulation.js';
import { parseModel } from '../../src/model/validate.js';

/** Validate a model object (as a file would hold it, `format` added) and prepare its simulation. */
export function simulationOf(model: object, file = 'test-model.json'): Simulation {
  return buildSimulation(parseModel(JSON.stringify({ format: 'cablesim-model/1', ...model }), file));
}

export async function runCpu(model: object): Promise<Traces> {
  return new CpuEngine(simulationOf(model)).run();
}

/** Column of a trace by label. */
export function column(tr: Traces, label: string): ArrayLike<number> {
  const k = tr.labels.indexOf(label);
  if (k < 0) throw new Error(`no column ${label} in ${tr.labels.join(',')}`);
  return tr.columns[k];
}

/** A Rallpack reference trace: time [ms] and voltage [mV] (the files hold s and V). */
export function rallpackReference(name: string): { t_ms: Float64Array; v_mV: Float64Array } {
  const rows = readFileSync(new URL(`../../data/rallpack/${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
  return { t_ms: Float64Array.from(rows, (r) => r[0] * 1e3), v_mV: Float64Array.from(rows, (r) => r[1] * 1e3) };
}

/** rms(ours − ref) / (max − min of ref), ours sampled at the reference's times (a multiple of dt). */
export function relativeRms(t_ms: ArrayLike<number>, ours: ArrayLike<number>, ref: { t_ms: Float64Array; v_mV: Float64Array }): number {
  const dt = t_ms[1] - t_ms[0];
  let s = 0, lo = Infinity, hi = -Infinity;
  for (let i = 0; i < ref.t_ms.length; i++) {
    const j = Math.round(ref.t_ms[i] / dt);
    const d = ours[j] - ref.v_mV[i];
    s += d * d;
    lo = Math.min(lo, ref.v_mV[i]);
    hi = Math.max(hi, ref.v_mV[i]);
  }
  return Math.sqrt(s / ref.t_ms.length) / (hi - lo);
}
