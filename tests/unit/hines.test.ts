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

/** |A·x − b|∞ / |b|∞ for the tree matrix the solver is given. */
function residual(parent: Int32Array, g: Float64Array, d: Float64Array, x: Float64Array, b: Float64Array): number {
  const ax = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    ax[i] += d[i] * x[i];
    const p = parent[i];
    if (p >= 0) {
      ax[i] -= g[i] * x[p];
      ax[p] -= g[i] * x[i];
    }
  }
  let r = 0, s = 0;
  for (let i = 0; i < x.length; i++) {
    r = Math.max(r, Math.abs(ax[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return r / s;
}

describe('Hines solver', () => {
  const sizes = [2, 3, 10, 100, 1000, 10_000];
  for (const shape of ['chain', 'random', 'binary', 'star'] as Shape[]) {
    for (const n of sizes) {
      it(`solves a ${shape} tree of ${n} nodes to a small residual`, () => {
        const rand = rng(n * 7 + shape.length);
        const parent = tree(shape, n, rand);
        // A cable matrix: axial conductances spread over six decades (thin and thick
        // neighbours), membrane terms on the diagonal, diagonally dominant as in a real step.
        const g = Float64Array.from({ length: n }, (_, i) => (parent[i] < 0 ? 0 : Math.pow(10, 6 * rand() - 3)));
        const d = Float64Array.from({ length: n }, () => 1e-3 + rand());
        for (let i = 0; i < n; i++) {
          if (parent[i] >= 0) {
            d[i] += g[i];
            d[parent[i]] += g[i];
          }
        }
        const b = Float64Array.from({ length: n }, () => rand() * 2 - 1);
        const dWork = d.slice(), x = b.slice();
        hinesSolve(parent, g, dWork, x);
        expect(residual(parent, g, d, x, b)).toBeLessThan(1e-9);
      });
    }
  }

  it('solves a forest (several roots) as independent trees', () => {
    const parent = Int32Array.of(-1, 0, 1, -1, 3, 3);
    const g = Float64Array.of(0, 2, 3, 0, 1, 5);
    const d = Float64Array.of(3, 6, 4, 7, 2, 6);
    const b = Float64Array.of(1, -2, 3, 0.5, 1, -1);
    const x = b.slice();
    hinesSolve(parent, g, d.slice(), x);
    expect(residual(parent, g, d, x, b)).toBeLessThan(1e-14);
    // Changing the second tree's right-hand side leaves the first tree's solution alone.
    const b2 = b.slice();
    b2[4] = 10;
    const x2 = b2.slice();
    hinesSolve(parent, g, d.slice(), x2);
    expect(Array.from(x2.slice(0, 3))).toEqual(Array.from(x.slice(0, 3)));
    expect(x2[4]).not.toBeCloseTo(x[4], 6);
  });
});
