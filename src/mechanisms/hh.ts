/**
 * `hh`: the Hodgkin–Huxley (1952) squid-axon channels, exactly as NEURON's built-in `hh.mod`:
 * the same rate functions (with its `vtrap` guard at the 0/0 points), the same Q10 = 3 about
 * 6.3 °C, the same TABLE of steady states and time constants (−100…100 mV in 1 mV steps,
 * linearly interpolated, clamped outside), and the same exponential (cnexp) gate update.
 * NEURON uses the table by default (`usetable_hh = 1`); spike times differ from the exact
 * rates by up to ~0.1 ms after 100 ms of firing, so matching NEURON means using it.
 *
 *   gna = gnabar·m³·h   ina = gna·(v − ena)
 *   gk  = gkbar·n⁴      ik  = gk·(v − ek)
 *                        il  = gl·(v − el)
 */
import type { MechanismData, MechanismDef, MechanismEnv } from './types.js';

/** Temperature at which the rate functions are written [°C]. */
export const HH_BASE_CELSIUS = 6.3;
/** Lower and upper end of NEURON's rate table [mV], and its number of intervals. */
export const HH_TABLE_VMIN = -100;
export const HH_TABLE_VMAX = 100;
export const HH_TABLE_INTERVALS = 200;
/** Values per table row, in this order. */
export const HH_TABLE_COLUMNS = ['minf', 'mtau', 'hinf', 'htau', 'ninf', 'ntau'] as const;

/** Rate multiplier at `celsius` [°C]: 3^((celsius − 6.3)/10). */
export function hhQ10(celsius: number): number {
  return Math.pow(3, (celsius - HH_BASE_CELSIUS) / 10);
}

/** x/(exp(x/y) − 1), with its limit y·(1 − x/y/2) where |x/y| < 1e-6 (NEURON's `vtrap`). */
export function vtrap(x: number, y: number): number {
  return Math.abs(x / y) < 1e-6 ? y * (1 - x / y / 2) : x / (Math.exp(x / y) - 1);
}

/** Opening and closing rates [1/ms] of the three gates at `v` [mV], at 6.3 °C. */
export function hhRates(v: number): { am: number; bm: number; ah: number; bh: number; an: number; bn: number } {
  return {
    am: 0.1 * vtrap(-(v + 40), 10),
    bm: 4 * Math.exp(-(v + 65) / 18),
    ah: 0.07 * Math.exp(-(v + 65) / 20),
    bh: 1 / (Math.exp(-(v + 35) / 10) + 1),
    an: 0.01 * vtrap(-(v + 55), 10),
    bn: 0.125 * Math.exp(-(v + 65) / 80),
  };
}

/**
 * Steady states and time constants [ms] at `v` [mV] and `celsius`, computed exactly (no table),
 * written into `out` at `offset` in the order of `HH_TABLE_COLUMNS`.
 */
export function hhSteadyStates(v: number, celsius: number, out: Float64Array, offset = 0): void {
  const q10 = hhQ10(celsius);
  const r = hhRates(v);
  let sum = r.am + r.bm;
  out[offset] = r.am / sum;
  out[offset + 1] = 1 / (q10 * sum);
  sum = r.ah + r.bh;
  out[offset + 2] = r.ah / sum;
  out[offset + 3] = 1 / (q10 * sum);
  sum = r.an + r.bn;
  out[offset + 4] = r.an / sum;
  out[offset + 5] = 1 / (q10 * sum);
}

/**
 * NEURON's table for `celsius`: row i holds `HH_TABLE_COLUMNS` at v = −100 + i mV, i = 0…200.
 * The WebGPU engine uploads the same table, so both engines interpolate the same numbers.
 */
export function hhTable(celsius: number): Float64Array {
  const ncol = HH_TABLE_COLUMNS.length;
  const t = new Float64Array((HH_TABLE_INTERVALS + 1) * ncol);
  const dx = (HH_TABLE_VMAX - HH_TABLE_VMIN) / HH_TABLE_INTERVALS;
  // NEURON steps x by adding dx (exact here: dx = 1).
  for (let i = 0, x = HH_TABLE_VMIN; i <= HH_TABLE_INTERVALS; i++, x += dx) hhSteadyStates(x, celsius, t, i * ncol);
  return t;
}

/** Rows per mV of the table of gate update factors (see `hhFactorTable`). */
export const HH_FACTOR_ROWS_PER_MV = 50;

const factorTables = new Map<string, Float64Array>();

/**
 * The cnexp update factors 1 − exp(−dt/τ) of m, h and n, tabulated every 1/50 mV from −100 to
 * 100 mV for one `dt_ms` and `celsius`, with τ from NEURON's table as `hhLookup` interpolates it.
 * Interpolating these factors linearly gives NEURON's own factors to within 5e-7 relative (a test
 * checks 1e-6) without three exp() per node and step, which were a quarter of the CPU engine's
 * time; traces stay within 3e-5 mV of NEURON's on the reference models.
 */
export function hhFactorTable(dt_ms: number, celsius: number): Float64Array {
  const key = `${dt_ms}:${celsius}`;
  let f = factorTables.get(key);
  if (f) return f;
  const r = fineLookups(celsius);
  const rows = r.length / 6;
  f = new Float64Array(rows * 3);
  for (let j = 0, o = 0; j < rows; j++, o += 6) {
    f[3 * j] = 1 - Math.exp(dt_ms * (-1.0 / r[o + 1]));
    f[3 * j + 1] = 1 - Math.exp(dt_ms * (-1.0 / r[o + 3]));
    f[3 * j + 2] = 1 - Math.exp(dt_ms * (-1.0 / r[o + 5]));
  }
  factorTables.set(key, f);
  return f;
}

const fineTables = new Map<number, Float64Array>();

/** `hhLookup` of NEURON's table at v = −100 + j/50 mV for every row j of the factor table, six values a row. */
function fineLookups(celsius: number): Float64Array {
  let out = fineTables.get(celsius);
  if (out) return out;
  const t = tableFor(celsius);
  const rows = (HH_TABLE_VMAX - HH_TABLE_VMIN) * HH_FACTOR_ROWS_PER_MV + 1;
  out = new Float64Array(rows * 6);
  for (let j = 0; j < rows; j++) hhLookup(t, HH_TABLE_VMIN + j / HH_FACTOR_ROWS_PER_MV, out, 6 * j);
  fineTables.set(celsius, out);
  return out;
}

const tables = new Map<number, Float64Array>();
function tableFor(celsius: number): Float64Array {
  let t = tables.get(celsius);
  if (!t) {
    t = hhTable(celsius);
    tables.set(celsius, t);
  }
  return t;
}

/** Words per row of `gpuTable`: three vec4s. */
export const HH_GPU_ROW_WORDS = 12;

/**
 * What the WGSL's `hh_table` holds: per row of `hhFactorTable`, three vec4s
 *
 *     (minf, hinf, ninf, fm)   (fh, fn, Δminf, Δhinf)   (Δninf, Δfm, Δfh, Δfn)
 *
 * minf, hinf, ninf as `hhLookup` interpolates NEURON's table at that voltage, the factors
 * fm, fh, fn, and Δ the step of each to the next row (0 on the last), taken between the f32
 * values the GPU gets: `a + θ·Δ` is then the `a + θ·(b − a)` of an interpolation between
 * neighbouring f32 rows. NEURON's rows lie on this finer grid, so interpolating it linearly gives
 * the same steady states (to f32 rounding) from the one row index the factors need: one
 * f32 → int conversion per node and step instead of two, and three vec4 loads instead of
 * twelve f32 loads.
 */
export function gpuTable(dt_ms: number, celsius: number): Float64Array {
  const r = fineLookups(celsius), f = hhFactorTable(dt_ms, celsius);
  const rows = f.length / 3;
  // the six values of row j, rounded to f32 as uploaded
  const val = new Float32Array(6 * rows);
  for (let j = 0, o = 0; j < rows; j++, o += 6) {
    val[o] = r[o];
    val[o + 1] = r[o + 2];
    val[o + 2] = r[o + 4];
    val[o + 3] = f[3 * j];
    val[o + 4] = f[3 * j + 1];
    val[o + 5] = f[3 * j + 2];
  }
  const out = new Float64Array(HH_GPU_ROW_WORDS * rows);
  for (let j = 0; j < rows; j++) {
    const o = HH_GPU_ROW_WORDS * j;
    for (let c = 0; c < 6; c++) {
      out[o + c] = val[6 * j + c];
      out[o + 6 + c] = j + 1 < rows ? val[6 * j + 6 + c] - val[6 * j + c] : 0;
    }
  }
  return out;
}

/**
 * Interpolate the table at `v` [mV] into `out[at…at + 5]` as NEURON does: linear between rows,
 * the end rows outside −100…100 mV.
 */
export function hhLookup(table: Float64Array, v: number, out: Float64Array, at = 0): void {
  const ncol = 6;
  const xi = ((v - HH_TABLE_VMIN) * HH_TABLE_INTERVALS) / (HH_TABLE_VMAX - HH_TABLE_VMIN);
  if (!(xi > 0)) {
    // also NaN: NEURON fills NaN; here the row 0 values with the NaN propagated by v itself
    for (let c = 0; c < ncol; c++) out[at + c] = Number.isNaN(xi) ? NaN : table[c];
    return;
  }
  if (xi >= HH_TABLE_INTERVALS) {
    const o = HH_TABLE_INTERVALS * ncol;
    for (let c = 0; c < ncol; c++) out[at + c] = table[o + c];
    return;
  }
  const i = Math.floor(xi);
  const theta = xi - i;
  const o = i * ncol;
  for (let c = 0; c < ncol; c++) out[at + c] = table[o + c] + theta * (table[o + ncol + c] - table[o + c]);
}

/**
 * The WGSL twin. The engine uses the table (as NEURON and the CPU engine do); `hh_rates` is
 * the exact rate functions in f32, for a table-free variant and for the tests. Its `vtrap`
 * guard is wider than f64's: with f32 (and a GPU's `exp`, good to a few ulp) e^r − 1 loses
 * accuracy as r → 0, so |r| < 1 takes the Bernoulli series of r/(e^r − 1) (error < 1e-9).
 */
const HH_WGSL = /* wgsl */ `
// hh: p = gnabar, gkbar, gl [S/cm²], el, ena, ek [mV, relative to rest]; s = m, h, n.
fn hh_current(vr: f32, p: array<f32, 6>, s: array<f32, 3>) -> vec2<f32> {
  let gna = p[0] * s[0] * s[0] * s[0] * s[1];
  let n2 = s[2] * s[2];
  let gk = p[1] * n2 * n2;
  return vec2<f32>(gna * (vr - p[4]) + gk * (vr - p[5]) + p[2] * (vr - p[3]), gna + gk + p[2]);
}

// The gate update at v [mV], as the CPU engine takes it: minf, hinf, ninf and the factors
// 1 − exp(−dt/τ) (dt is in them) from hh_table (see gpuTable: per row three vec4s, the six
// values and their steps to the next row, 50 rows per mV from -100 mV, linear between rows,
// the end rows outside -100..100 mV): no exp() or division per node and step. Written without
// branches or loops: on a CPU adapter (SwiftShader) every lane of a SIMD group takes every
// branch and loop trip. The row goes through i32: an f32 → u32 conversion costs SwiftShader
// about twice f32 → i32.
fn hh_advance(v: f32, p: array<f32, 6>, s: array<f32, 3>, dt: f32) -> array<f32, 3> {
  let xf = clamp(v + 100.0, 0.0, 200.0) * 50.0;
  let row = min(i32(xf), 9999);
  let th = xf - f32(row);
  let q = u32(row) * 3u;
  let a = hh_table(q);       // minf, hinf, ninf, fm
  let b = hh_table(q + 1u);  // fh, fn, Δminf, Δhinf
  let d = hh_table(q + 2u);  // Δninf, Δfm, Δfh, Δfn
  return array<f32, 3>(
    s[0] + (a.w + th * d.y) * (a.x + th * b.z - s[0]),
    s[1] + (b.x + th * d.z) * (a.y + th * b.w - s[1]),
    s[2] + (b.y + th * d.w) * (a.z + th * d.x - s[2]));
}

// x/(exp(x/y) - 1), NEURON's vtrap, with a guard wide enough for f32.
fn hh_vtrap(x: f32, y: f32) -> f32 {
  let r = x / y;
  if (abs(r) < 1.0) {
    let r2 = r * r;
    // 1 - r/2 + r²/12 - r⁴/720 + r⁶/30240 - r⁸/1209600 + r¹⁰/47900160
    let even = 1.0 + r2 * (1.0 / 12.0 + r2 * (-1.0 / 720.0 + r2 * (1.0 / 30240.0
      + r2 * (-1.0 / 1209600.0 + r2 * (1.0 / 47900160.0)))));
    return y * (even - 0.5 * r);
  }
  return x / (exp(r) - 1.0);
}

// Rates [1/ms] at v [mV], 6.3 °C: am, bm, ah, bh, an, bn.
fn hh_rates(v: f32) -> array<f32, 6> {
  return array<f32, 6>(
    0.1 * hh_vtrap(-(v + 40.0), 10.0),
    4.0 * exp(-(v + 65.0) / 18.0),
    0.07 * exp(-(v + 65.0) / 20.0),
    1.0 / (exp(-(v + 35.0) / 10.0) + 1.0),
    0.01 * hh_vtrap(-(v + 55.0), 10.0),
    0.125 * exp(-(v + 65.0) / 80.0));
}
`;

// Parameter and state indices, in the order of `params` and `states` below.
const GNABAR = 0, GKBAR = 1, GL = 2, EL = 3, ENA = 4, EK = 5;
const M = 0, H = 1, N = 2;

export const hh: MechanismDef = {
  name: 'hh',
  doc: 'Hodgkin–Huxley sodium, potassium and leak channels (NEURON hh.mod)',
  params: [
    { name: 'gnabar', unit: 'S/cm2', default: 0.12, min: 0, doc: 'maximal Na⁺ conductance' },
    { name: 'gkbar', unit: 'S/cm2', default: 0.036, min: 0, doc: 'maximal K⁺ conductance' },
    { name: 'gl', unit: 'S/cm2', default: 0.0003, min: 0, doc: 'leak conductance' },
    { name: 'el', unit: 'mV', default: -54.3, min: -1000, max: 1000, doc: 'leak reversal potential' },
    { name: 'ena', unit: 'mV', default: 50, min: -1000, max: 1000, doc: 'Na⁺ reversal potential' },
    { name: 'ek', unit: 'mV', default: -77, min: -1000, max: 1000, doc: 'K⁺ reversal potential' },
  ],
  states: ['m', 'h', 'n'],
  cpu: {
    init(d: MechanismData, v: Float64Array, env: MechanismEnv): void {
      const table = tableFor(env.celsius);
      const r = new Float64Array(6);
      const [m, h, n] = d.state;
      for (let k = 0; k < d.count; k++) {
        hhLookup(table, v[d.node[k]], r);
        m[k] = r[0];
        h[k] = r[2];
        n[k] = r[4];
      }
    },
    current(d: MechanismData, v: Float64Array, i: Float64Array, g: Float64Array): void {
      const gnabar = d.param[GNABAR], gkbar = d.param[GKBAR], gl = d.param[GL];
      const el = d.param[EL], ena = d.param[ENA], ek = d.param[EK];
      const m = d.state[M], h = d.state[H], n = d.state[N];
      const node = d.node;
      for (let k = 0; k < d.count; k++) {
        const nd = node[k];
        const vk = v[nd];
        const mk = m[k], nk = n[k];
        const gna = gnabar[k] * mk * mk * mk * h[k];
        const n2 = nk * nk;
        const gk = gkbar[k] * n2 * n2;
        i[nd] += gna * (vk - ena[k]) + gk * (vk - ek[k]) + gl[k] * (vk - el[k]);
        g[nd] += gna + gk + gl[k];
      }
    },
    advance(d: MechanismData, v: Float64Array, env: MechanismEnv): void {
      const table = tableFor(env.celsius);
      const factor = hhFactorTable(env.dt_ms, env.celsius);
      const m = d.state[M], h = d.state[H], n = d.state[N];
      const node = d.node;
      const lastRow = HH_TABLE_INTERVALS * HH_FACTOR_ROWS_PER_MV;
      for (let k = 0; k < d.count; k++) {
        // Table lookups inlined: this loop is the CPU engine's hot spot.
        const vk = v[node[k]];
        const xi = vk - HH_TABLE_VMIN; // NEURON's table: one row per mV
        const xf = xi * HH_FACTOR_ROWS_PER_MV; // the factor table: 50 rows per mV
        let o: number, theta: number, of: number, thf: number;
        if (xi > 0 && xi < HH_TABLE_INTERVALS) {
          const row = Math.floor(xi);
          theta = xi - row;
          o = row * 6;
          const rf = Math.min(Math.floor(xf), lastRow - 1);
          thf = xf - rf;
          of = rf * 3;
        } else if (xi >= HH_TABLE_INTERVALS) {
          o = HH_TABLE_INTERVALS * 6 - 6;
          theta = 1;
          of = lastRow * 3 - 3;
          thf = 1;
        } else {
          o = 0;
          theta = Number.isNaN(xi) ? NaN : 0;
          of = 0;
          thf = theta;
        }
        const minf = table[o] + theta * (table[o + 6] - table[o]);
        const hinf = table[o + 2] + theta * (table[o + 8] - table[o + 2]);
        const ninf = table[o + 4] + theta * (table[o + 10] - table[o + 4]);
        m[k] += (factor[of] + thf * (factor[of + 3] - factor[of])) * (minf - m[k]);
        h[k] += (factor[of + 1] + thf * (factor[of + 4] - factor[of + 1])) * (hinf - h[k]);
        n[k] += (factor[of + 2] + thf * (factor[of + 5] - factor[of + 2])) * (ninf - n[k]);
      }
    },
  },
  wgsl: {
    relativeToRest: ['el', 'ena', 'ek'],
    // the fine table of minf, hinf, ninf and the update factors (gpuTable)
    table: (env: MechanismEnv) => gpuTable(env.dt_ms, env.celsius),
    code: HH_WGSL,
  },
};
