// The kymograph's image: where a time falls on the sweeps and how columns are painted along the path.
import { describe, expect, it } from 'vitest';
import { PALETTE_RGB, PALETTE_SIZE, colourIndex } from '../../src/ui/colormap.js';
import { paintColumns, sweepColumn } from '../../src/ui/kymograph.js';

describe('sweepColumn', () => {
  // A 20 ms sweep at 0.05 ms per column: 400 columns.
  const at = (t: number) => sweepColumn(t, 20, 0.05, 400);

  it('puts t = 0 at the left of the first sweep and steps one column per sample', () => {
    expect(at(0)).toEqual({ sweep: 0, col: 0 });
    expect(at(0.05)).toEqual({ sweep: 0, col: 1 });
    expect(at(10)).toEqual({ sweep: 0, col: 200 });
    expect(at(0.1 + 0.2)).toEqual({ sweep: 0, col: 6 }); // 0.30000000000000004 ms: still column 6
  });

  it('keeps a run that ends at exactly one window on its sweep, and starts the next sweep after it', () => {
    expect(at(20)).toEqual({ sweep: 0, col: 399 });
    expect(at(20.05)).toEqual({ sweep: 1, col: 1 });
    expect(at(40)).toEqual({ sweep: 1, col: 399 });
    expect(at(45)).toEqual({ sweep: 2, col: 100 });
  });
});

describe('paintColumns', () => {
  const cols = 100;
  // A path through nodes 5, 2 and 7 of a 9-node cell: node 5 resting, 2 half way up, 7 spiking.
  const path = Int32Array.from([5, 2, 7]);
  const v = new Float64Array(9).fill(0);
  v[5] = -80;
  v[2] = -20;
  v[7] = 40;
  const pixel = (data: Uint8ClampedArray, row: number, col: number) => Array.from(data.subarray((row * cols + col) * 4, (row * cols + col) * 4 + 4));
  const colour = (mV: number) => [...Array.from(PALETTE_RGB.subarray(3 * colourIndex(mV, -80, 40), 3 * colourIndex(mV, -80, 40) + 3)), 255];

  it('paints the path bottom-up: its first node in the bottom row', () => {
    const data = new Uint8ClampedArray(cols * 3 * 4);
    paintColumns(data, cols, path, v, 10, 12, -80, 40);
    for (const c of [10, 11, 12]) {
      expect(pixel(data, 2, c)).toEqual(colour(-80));
      expect(pixel(data, 1, c)).toEqual(colour(-20));
      expect(pixel(data, 0, c)).toEqual(colour(40));
    }
    expect(colourIndex(40, -80, 40)).toBe(PALETTE_SIZE - 1);
    expect(pixel(data, 1, 9)).toEqual([0, 0, 0, 0]); // before `from`: untouched
  });

  it('makes a gap of a fiftieth of the width after the last column transparent, and no more', () => {
    const data = new Uint8ClampedArray(cols * 3 * 4).fill(255);
    paintColumns(data, cols, path, v, 10, 12, -80, 40);
    for (let row = 0; row < 3; row++) {
      expect(pixel(data, row, 13)[3]).toBe(0);
      expect(pixel(data, row, 14)[3]).toBe(0);
      expect(pixel(data, row, 15)[3]).toBe(255);
    }
  });

  it('stops the gap at the right edge', () => {
    const data = new Uint8ClampedArray(cols * 3 * 4).fill(255);
    paintColumns(data, cols, path, v, 99, 99, -80, 40);
    expect(pixel(data, 0, 99)).toEqual(colour(40));
    expect(pixel(data, 1, 0)[3]).toBe(255); // nothing wrapped onto the next row
  });
});
