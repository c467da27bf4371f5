// The plots' pure canvas arithmetic: ticks and their labels, the plot box and its scales.
import { describe, expect, it } from 'vitest';
import { linearScale, niceTicks, plotBox, tickLabel } from '../../src/ui/canvas.js';

describe('niceTicks', () => {
  it('picks round steps of 1, 2 or 5 × 10^k inside the range', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(-85, 50, 5)).toEqual([-50, 0, 50]); // a step of 27 rounds up to 50
    expect(niceTicks(-85, 50, 7)).toEqual([-80, -60, -40, -20, 0, 20, 40]);
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.5, 1]);
    const t = niceTicks(0.013, 0.087, 8);
    const step = t[1] - t[0];
    expect(step).toBeCloseTo(0.01, 12);
    expect(t[0]).toBeGreaterThanOrEqual(0.013);
    expect(t[t.length - 1]).toBeLessThanOrEqual(0.087);
  });

  it('writes 0 rather than a rounding residue, and survives an empty or broken range', () => {
    expect(niceTicks(-0.3, 0.3, 6)).toContain(0);
    expect(niceTicks(5, 5)).toEqual([5]);
    expect(niceTicks(0, NaN)).toEqual([0]);
    expect(niceTicks(3, 1)).toEqual([3]);
  });
});

describe('tickLabel', () => {
  it('uses as many decimals as the step needs', () => {
    expect(tickLabel(40, [0, 20, 40])).toBe('40');
    expect(tickLabel(0.5, [0, 0.5, 1])).toBe('0.5');
    expect(tickLabel(0.02, [0.01, 0.02])).toBe('0.02');
    expect(tickLabel(0.1 + 0.2, [0.1, 0.2, 0.3])).toBe('0.3');
  });
});

describe('plotBox and linearScale', () => {
  it('leaves room for the labels and never collapses', () => {
    expect(plotBox(600, 200)).toEqual({ left: 44, top: 6, width: 538, height: 176 });
    expect(plotBox(20, 10)).toEqual({ left: 44, top: 6, width: 10, height: 10 });
  });

  it('maps the x range left to right and the y range bottom to top', () => {
    const box = { left: 10, top: 20, width: 200, height: 100 };
    const { X, Y } = linearScale(box, [0, 50], [-80, 40]);
    expect(X(0)).toBe(10);
    expect(X(50)).toBe(210);
    expect(X(25)).toBe(110);
    expect(Y(-80)).toBe(120);
    expect(Y(40)).toBe(20);
    expect(Y(-20)).toBe(70);
  });

  it('takes an empty range as one unit wide instead of dividing by zero', () => {
    const { X, Y } = linearScale({ left: 0, top: 0, width: 100, height: 100 }, [3, 3], [0, 0]);
    expect(X(3)).toBe(0);
    expect(Number.isFinite(X(4))).toBe(true);
    expect(Y(0)).toBe(100);
  });
});
