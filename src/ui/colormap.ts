/**
 * Membrane voltage → colour. A fixed palette of `PALETTE_SIZE` colours, so that a drawing can
 * batch every piece of one colour into one path (one `stroke()` per colour, not per segment).
 */

/** Number of distinct colours a voltage maps to. */
export const PALETTE_SIZE = 48;

/** Default voltage range of the colour scale [mV]: below is the first colour, above the last. */
export const DEFAULT_V_RANGE_MV: readonly [number, number] = [-80, 40];

/** Control points of the scale (position 0..1, RGB 0..255): deep blue at rest, yellow-red in a spike. */
const STOPS: ReadonlyArray<readonly [number, number, number, number]> = [
  [0.0, 30, 40, 110],
  [0.15, 40, 90, 200],
  [0.35, 40, 170, 190],
  [0.55, 120, 200, 90],
  [0.72, 250, 210, 50],
  [0.86, 245, 120, 30],
  [1.0, 200, 30, 40],
];

function lerpStops(f: number): [number, number, number] {
  for (let i = 1; i < STOPS.length; i++) {
    const [p1, r1, g1, b1] = STOPS[i];
    if (f <= p1) {
      const [p0, r0, g0, b0] = STOPS[i - 1];
      const u = (f - p0) / (p1 - p0);
      return [Math.round(r0 + u * (r1 - r0)), Math.round(g0 + u * (g1 - g0)), Math.round(b0 + u * (b1 - b0))];
    }
  }
  const last = STOPS[STOPS.length - 1];
  return [last[1], last[2], last[3]];
}

/** The palette as RGB triples, `PALETTE_SIZE × 3` bytes. */
export const PALETTE_RGB: Uint8Array = (() => {
  const out = new Uint8Array(PALETTE_SIZE * 3);
  for (let i = 0; i < PALETTE_SIZE; i++) out.set(lerpStops(i / (PALETTE_SIZE - 1)), i * 3);
  return out;
})();

/** The palette as CSS colour strings. */
export const PALETTE_CSS: readonly string[] = Array.from(
  { length: PALETTE_SIZE },
  (_, i) => `rgb(${PALETTE_RGB[i * 3]},${PALETTE_RGB[i * 3 + 1]},${PALETTE_RGB[i * 3 + 2]})`,
);

/**
 * Palette index of voltage `v_mV` on the scale `[min_mV, max_mV]`, clamped to the ends.
 * NaN maps to the last colour (a blown-up simulation shows as alarm red).
 */
export function colourIndex(v_mV: number, min_mV: number, max_mV: number): number {
  const f = (v_mV - min_mV) / (max_mV - min_mV);
  if (!(f > 0)) return Number.isNaN(f) ? PALETTE_SIZE - 1 : 0;
  if (f >= 1) return PALETTE_SIZE - 1;
  return Math.floor(f * PALETTE_SIZE) | 0;
}

/** A CSS `linear-gradient` of the whole scale, left (min) to right (max), for legends. */
export function paletteGradient(direction = 'to right'): string {
  const stops = STOPS.map(([p, r, g, b]) => `rgb(${r},${g},${b}) ${(p * 100).toFixed(0)}%`);
  return `linear-gradient(${direction}, ${stops.join(', ')})`;
}
