// TraceBuffer (columnar trace store) and tracePath (its decimation to min/max per pixel column).
import { describe, expect, it } from 'vitest';
import { TraceBuffer } from '../../src/ui/trace-buffer.js';
import { tracePath } from '../../src/ui/trace-plot.js';

describe('TraceBuffer', () => {
  it('stores rows column by column on one time axis, growing past its first capacity', () => {
    const b = new TraceBuffer(2, 4);
    for (let i = 0; i < 10; i++) b.append(i * 0.5, [i, 100 - i]);
    b.appendBlock([5, 5.5], [[10, 11], [90, 89]]);
    expect(b.length).toBe(12);
    expect(Array.from(b.t_ms.subarray(0, b.length))).toEqual(Array.from({ length: 12 }, (_, i) => i * 0.5));
    expect(Array.from(b.columns[0].subarray(0, 12))).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(Array.from(b.columns[1].subarray(0, 12))).toEqual(Array.from({ length: 12 }, (_, i) => 100 - i));
    expect(b.lastTime_ms).toBe(5.5);
  });

  it('changes its version on every write, and clear empties it', () => {
    const b = new TraceBuffer(1, 4);
    const v0 = b.version;
    b.append(0, [1]);
    const v1 = b.version;
    b.appendBlock([1, 2], [[2, 3]]);
    const v2 = b.version;
    expect(v1).toBeGreaterThan(v0);
    expect(v2).toBeGreaterThan(v1);
    b.clear();
    expect(b.length).toBe(0);
    expect(b.version).toBeGreaterThan(v2);
    expect(b.lastTime_ms).toBeNaN();
  });

  it('finds the first row at or after a time', () => {
    const b = new TraceBuffer(1, 8);
    b.appendBlock([0, 1, 2, 2, 3], [[0, 0, 0, 0, 0]]);
    expect(b.lowerBound(-1)).toBe(0);
    expect(b.lowerBound(2)).toBe(2);
    expect(b.lowerBound(2.5)).toBe(4);
    expect(b.lowerBound(9)).toBe(5);
  });

  it('beyond maxRows drops the oldest rows and keeps the newest in order', () => {
    const b = new TraceBuffer(1, 4, 100);
    for (let i = 0; i < 250; i++) b.append(i, [10 * i]);
    expect(b.length).toBeLessThanOrEqual(100);
    expect(b.length).toBeGreaterThanOrEqual(50);
    const n = b.length;
    expect(b.lastTime_ms).toBe(249);
    for (let r = 0; r < n; r++) {
      expect(b.t_ms[r]).toBe(250 - n + r);
      expect(b.columns[0][r]).toBe(10 * (250 - n + r));
    }
  });
});

/** A stand-in for a canvas context that keeps the path's points. */
function recorder() {
  const points: Array<[number, number]> = [];
  const ctx = {
    moveTo: (x: number, y: number) => points.push([x, y]),
    lineTo: (x: number, y: number) => points.push([x, y]),
  } as unknown as CanvasRenderingContext2D;
  return { ctx, points };
}

describe('tracePath', () => {
  const X = (t: number) => t; // 1 ms per pixel
  const Y = (v: number) => -v; // screen y grows downwards

  it('draws every sample when there are few per pixel', () => {
    const t = Float64Array.from([0, 1, 2, 3]), v = Float64Array.from([5, 7, 6, 8]);
    const { ctx, points } = recorder();
    tracePath(ctx, t, v, 0, 4, X, Y, 100);
    expect(points).toEqual([[0, -5], [1, -7], [2, -6], [3, -8]]);
  });

  it('decimates a long trace to a min/max span per pixel column and keeps one-sample extremes', () => {
    // 100 pixels, 10 000 samples (100 per pixel) of a slow sine with two one-sample spikes.
    const n = 10_000;
    const t = Float64Array.from({ length: n }, (_, i) => i / 100);
    const v = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 1000));
    v[1234] = 40;
    v[7777] = -90;
    const { ctx, points } = recorder();
    tracePath(ctx, t, v, 0, n, X, Y, 100);
    expect(points.length).toBeLessThanOrEqual(2 * 100 + 3);
    const ys = points.map((p) => -p[1]);
    expect(Math.max(...ys)).toBe(40);
    expect(Math.min(...ys)).toBe(-90);
    // The spikes stand in their own pixel columns (t = 12.34 ms → column 12, 77.77 → 77).
    expect(points.filter((p) => p[1] === -40).map((p) => Math.floor(p[0]))).toEqual([12]);
    expect(points.filter((p) => p[1] === 90).map((p) => Math.floor(p[0]))).toEqual([77]);
    // Every column's span covers the samples in it.
    for (let c = 0; c < 100; c++) {
      const col = points.filter((p) => p[0] === c + 0.5).map((p) => -p[1]);
      const inCol = Array.from(v.subarray(c * 100, c * 100 + 100));
      expect(Math.min(...col)).toBe(Math.min(...inCol));
      expect(Math.max(...col)).toBe(Math.max(...inCol));
    }
  });

  it('draws only rows [i0, i1)', () => {
    const t = Float64Array.from([0, 1, 2, 3, 4]), v = Float64Array.from([1, 2, 3, 4, 5]);
    const { ctx, points } = recorder();
    tracePath(ctx, t, v, 1, 3, X, Y, 100);
    expect(points).toEqual([[1, -2], [2, -3]]);
    const empty = recorder();
    tracePath(empty.ctx, t, v, 3, 3, X, Y, 100);
    expect(empty.points).toEqual([]);
  });
});
