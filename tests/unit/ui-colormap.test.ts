// The voltage colour scale: clamping, order, and the palette's forms agreeing with each other.
import { describe, expect, it } from 'vitest';
import { DEFAULT_V_RANGE_MV, PALETTE_CSS, PALETTE_RGB, PALETTE_SIZE, colourIndex, paletteGradient } from '../../src/ui/colormap.js';

const [MIN, MAX] = DEFAULT_V_RANGE_MV;
const rgb = (i: number) => Array.from(PALETTE_RGB.subarray(3 * i, 3 * i + 3));

describe('colourIndex', () => {
  it('clamps voltages outside the scale to its end colours', () => {
    expect(colourIndex(MIN, MIN, MAX)).toBe(0);
    expect(colourIndex(-200, MIN, MAX)).toBe(0);
    expect(colourIndex(MAX, MIN, MAX)).toBe(PALETTE_SIZE - 1);
    expect(colourIndex(1e6, MIN, MAX)).toBe(PALETTE_SIZE - 1);
    expect(colourIndex(-Infinity, MIN, MAX)).toBe(0);
    expect(colourIndex(Infinity, MIN, MAX)).toBe(PALETTE_SIZE - 1);
  });

  it('shows NaN (a blown-up simulation) as the alarm colour at the top of the scale', () => {
    expect(colourIndex(NaN, MIN, MAX)).toBe(PALETTE_SIZE - 1);
  });

  it('is an integer index that never decreases with voltage and splits the range into equal bins', () => {
    let prev = 0;
    for (let v = MIN; v <= MAX; v += 0.37) {
      const i = colourIndex(v, MIN, MAX);
      expect(Number.isInteger(i)).toBe(true);
      expect(i).toBeGreaterThanOrEqual(prev);
      prev = i;
    }
    const bin = (MAX - MIN) / PALETTE_SIZE;
    expect(colourIndex(MIN + 0.5 * bin, MIN, MAX)).toBe(0);
    expect(colourIndex(MIN + 1.5 * bin, MIN, MAX)).toBe(1);
    expect(colourIndex((MIN + MAX) / 2 + 1e-9, MIN, MAX)).toBe(PALETTE_SIZE / 2);
    // Another scale: the same fraction gives the same colour.
    expect(colourIndex(0.25, 0, 1)).toBe(colourIndex(MIN + 0.25 * (MAX - MIN), MIN, MAX));
  });
});

describe('the palette', () => {
  it('runs from deep blue at rest to red in a spike', () => {
    const [r0, g0, b0] = rgb(0), [r1, g1, b1] = rgb(PALETTE_SIZE - 1);
    expect([r0, g0, b0]).toEqual([30, 40, 110]);
    expect([r1, g1, b1]).toEqual([200, 30, 40]);
    expect(b0).toBeGreaterThan(r0);
    expect(r1).toBeGreaterThan(b1);
    // -65 mV (rest) is bluish, +30 mV (spike peak) reddish.
    const rest = rgb(colourIndex(-65, MIN, MAX)), peak = rgb(colourIndex(30, MIN, MAX));
    expect(rest[2]).toBeGreaterThan(rest[0]);
    expect(peak[0]).toBeGreaterThan(peak[2]);
  });

  it('has PALETTE_SIZE distinct neighbours, in RGB bytes and in CSS strings alike', () => {
    expect(PALETTE_RGB.length).toBe(3 * PALETTE_SIZE);
    expect(PALETTE_CSS.length).toBe(PALETTE_SIZE);
    for (let i = 0; i < PALETTE_SIZE; i++) {
      expect(PALETTE_CSS[i]).toBe(`rgb(${rgb(i).join(',')})`);
      if (i > 0) expect(rgb(i)).not.toEqual(rgb(i - 1));
    }
  });

  it('as a CSS gradient starts and ends with the end colours', () => {
    const g = paletteGradient();
    expect(g).toMatch(/^linear-gradient\(to right, rgb\(30,40,110\) 0%, /);
    expect(g).toMatch(/rgb\(200,30,40\) 100%\)$/);
    expect(paletteGradient('to top')).toMatch(/^linear-gradient\(to top, /);
  });
});
