import { describe, expect, it } from 'vitest';
import { hinesSolve } from '../../src/engine/cpu/hines.js';

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be reproduced. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Shape = 'chain' | 'random' | 'binary' | 'star';

function tree(shape: Shape, n: number, rand: () => number): Int32Array {
  const parent = new Int32Array(n);
  parent[0] = -1;
  for (let i = 1; i < n; i++) {
    if (shape === 'chain') parent[i] = i - 1;
    else if (shape === 'binary') parent[i] = (i - 1) >> 1;
    else if (shape === 'star') parent[i] = 0;
    else parent[i] = Math.floor(rand() * i);
  }
  return parent;
}

/**
 * |A·x − r|∞ / |r|∞ for the full system the solver is asked to solve, built here independently:
 * A = own diagonal + axial coupling (g on both diagonals, −g off them), r = own right-hand side
 * + axial currents g·(v_parent − v_node).
 */
function residual(parent: Int32Array, g: Float64Array, v: Float64Array, d: Float64Array, b: Float64Array, x: Float64Array): number {
  const n = x.length;
  const ax = new Float64Array(n), r = b.slice();
  for (let i = 0; i < n; i++) ax[i] += d[i] * x[i];
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p < 0) continue;
    ax[i] += g[i] * (x[i] - x[p]);
    ax[p] += g[i] * (x[p] - x[i]);
    r[i] += g[i] * (v[p] - v[i]);
    r[p] -= g[i] * (v[p] - v[i]);
  }
  let worst = 0, scale = 0;
  for (let i = 0; i < n; i++) {
    worst = Math.max(worst, Math.abs(ax[i] - r[i]));
    scale = Math.max(scale, Math.abs(r[i]));
  }
  return worst / scale;
}

describe('Hines solver', () => {
  it('gives ΔV = 0 at rest: equal voltages, no current', () => {
    const parent = Int32Array.of(-1, 0, 1, 1), g = Float64Array.of(0, 1, 2, 3), v = new Float64Array(4).fill(-65);
    const x = new Float64Array(4);
    hinesSolve(parent, g, v, Float64Array.of(1, 1, 1, 1), x);
    expect(Array.from(x)).toEqual([0, 0, 0, 0]);
  });

  const sizes = [2, 3, 10, 100, 1000, 10_000];
  for (const shape of ['chain', 'random', 'binary', 'star'] as Shape[]) {
    for (const n of sizes) {
      it(`solves a ${shape} tree of ${n} nodes to a small residual`, () => {
        const rand = rng(n * 7 + shape.length);
        const parent = tree(shape, n, rand);
        // A cable step: axial conductances spread over six decades (thin and thick
        // neighbours), membrane terms on the diagonal, voltages over a spike's range.
        const g = Float64Array.from({ length: n }, (_, i) => (parent[i] < 0 ? 0 : Math.pow(10, 6 * rand() - 3)));
        const d = Float64Array.from({ length: n }, () => 1e-3 + rand());
        const b = Float64Array.from({ length: n }, () => rand() * 2 - 1);
        const v = Float64Array.from({ length: n }, () => -80 + 120 * rand());
        const x = b.slice();
        hinesSolve(parent, g, v, d.slice(), x);
        expect(residual(parent, g, v, d, b, x)).toBeLessThan(1e-9);
      });
    }
  }

  it('solves a forest (several roots) as independent trees', () => {
    const parent = Int32Array.of(-1, 0, 1, -1, 3, 3);
    const g = Float64Array.of(0, 2, 3, 0, 1, 5);
    const d = Float64Array.of(1, 1, 1, 1, 1, 1);
    const v = Float64Array.of(-65, -60, -70, -65, 0, -65);
    const b = Float64Array.of(1, -2, 3, 0.5, 1, -1);
    const x = b.slice();
    hinesSolve(parent, g, v, d.slice(), x);
    expect(residual(parent, g, v, d, b, x)).toBeLessThan(1e-14);
    // Changing the second tree's right-hand side leaves the first tree's solution alone.
    const b2 = b.slice();
    b2[4] = 10;
    const x2 = b2.slice();
    hinesSolve(parent, g, v, d.slice(), x2);
    expect(Array.from(x2.slice(0, 3))).toEqual(Array.from(x.slice(0, 3)));
    expect(x2[4]).not.toBeCloseTo(x[4], 6);
  });
});
