/**
 * The (V, n) phase plane of the HH model reduced to two variables (Rinzel's reduction as in
 * Izhikevich, "Dynamical Systems in Neuroscience", ch. 5): m at its steady state m∞(V) and
 * h ≈ 0.89 − 1.1·n. Nullclines are drawn as curves; NaN separates pieces of a curve.
 */
import { hhRates } from '../../src/mechanisms/hh.js';

/** Steady states m∞(V), n∞(V) (independent of temperature: Q10 scales α and β alike). */
export function mInf(v: number): number {
  const r = hhRates(v);
  return r.am / (r.am + r.bm);
}
export function nInf(v: number): number {
  const r = hhRates(v);
  return r.an / (r.an + r.bn);
}

export interface PlaneParams {
  /** Injected current density [µA/cm²]. */
  i_uA_cm2: number;
  /** [S/cm²] */
  gnabar: number;
  gkbar: number;
  gl: number;
  /** [mV] */
  ena: number;
  ek: number;
  el: number;
}

/** Net inward current density [µA/cm²] of the reduced model at (v, n): dV/dt = this / Cm. */
export function reducedDvdt(v: number, n: number, p: PlaneParams): number {
  const m = mInf(v);
  const h = Math.min(1, Math.max(0, 0.89 - 1.1 * n));
  const n2 = n * n;
  const iion = 1000 * (p.gnabar * m * m * m * h * (v - p.ena) + p.gkbar * n2 * n2 * (v - p.ek) + p.gl * (v - p.el));
  return p.i_uA_cm2 - iion;
}

/** Voltage axis of the phase plane [mV] and n axis. */
export const V_RANGE: [number, number] = [-90, 60];
export const N_RANGE: [number, number] = [0, 1];

/** The V-nullcline (dV/dt = 0) as line pieces, by marching squares on a grid. */
export function vNullcline(p: PlaneParams, nv = 150, nn = 100): { x: Float64Array; y: Float64Array } {
  const xs: number[] = [], ys: number[] = [];
  const dv = (V_RANGE[1] - V_RANGE[0]) / nv, dn = (N_RANGE[1] - N_RANGE[0]) / nn;
  const f = new Float64Array((nv + 1) * (nn + 1));
  for (let i = 0; i <= nv; i++) {
    for (let j = 0; j <= nn; j++) f[i * (nn + 1) + j] = reducedDvdt(V_RANGE[0] + i * dv, N_RANGE[0] + j * dn, p);
  }
  const at = (i: number, j: number) => f[i * (nn + 1) + j];
  for (let i = 0; i < nv; i++) {
    for (let j = 0; j < nn; j++) {
      const c = [at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)];
      const corners: Array<[number, number]> = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]];
      const hits: Array<[number, number]> = [];
      for (let e = 0; e < 4; e++) {
        const a = c[e], b = c[(e + 1) % 4];
        if ((a < 0) !== (b < 0)) {
          const t = a / (a - b);
          const [i0, j0] = corners[e], [i1, j1] = corners[(e + 1) % 4];
          hits.push([V_RANGE[0] + (i0 + t * (i1 - i0)) * dv, N_RANGE[0] + (j0 + t * (j1 - j0)) * dn]);
        }
      }
      for (let k = 0; k + 1 < hits.length; k += 2) {
        xs.push(hits[k][0], hits[k + 1][0], NaN);
        ys.push(hits[k][1], hits[k + 1][1], NaN);
      }
    }
  }
  return { x: Float64Array.from(xs), y: Float64Array.from(ys) };
}

/** The n-nullcline n = n∞(V). */
export function nNullcline(points = 200): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(points), y = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    x[i] = V_RANGE[0] + ((V_RANGE[1] - V_RANGE[0]) * i) / (points - 1);
    y[i] = nInf(x[i]);
  }
  return { x, y };
}
