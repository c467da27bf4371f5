/**
 * The kymograph's image, as pure functions on RGBA bytes (no DOM): which sweep and column a
 * time falls on, and painting columns with the voltages along the path. `<cs-space-time>`
 * draws the image.
 *
 *   row 0            ┌──────────────────────────┐  the path's last node
 *   ...              │ painted ▒▒▒▒▒▒▒▒│gap│ old │
 *   row nodes−1      └──────────────────────────┘  the path's first node (position 0)
 *                     column 0 = start of the sweep, one column per `sample_ms`
 */
import { PALETTE_RGB, colourIndex } from './colormap.js';

/**
 * Sweep index and image column of time `t_ms` on a sweep `window_ms` wide with one column per
 * `sample_ms` and `cols` columns. Sweep k holds (k·window, (k+1)·window]: a run that ends at
 * exactly one window stays on one sweep; t = 0 is column 0 of sweep 0.
 */
export function sweepColumn(t_ms: number, window_ms: number, sample_ms: number, cols: number): { sweep: number; col: number } {
  const sweep = Math.max(0, Math.ceil(t_ms / window_ms - 1e-9) - 1);
  const col = Math.min(cols - 1, Math.floor((t_ms - sweep * window_ms) / sample_ms + 1e-9));
  return { sweep, col };
}

/**
 * Paint columns `from`..`to` (inclusive) of an RGBA image `cols` wide and `nodes.length` high:
 * row r from the bottom takes the colour of `v_mV[nodes[r]]` [mV] on the scale [vMin, vMax].
 * Then make a short gap after `to` transparent (a fiftieth of the width), so that the new sweep
 * and the old one are told apart.
 */
export function paintColumns(
  data: Uint8ClampedArray,
  cols: number,
  nodes: ArrayLike<number>,
  v_mV: ArrayLike<number>,
  from: number,
  to: number,
  vMin_mV: number,
  vMax_mV: number,
): void {
  const rows = nodes.length;
  for (let r = 0; r < rows; r++) {
    const k = colourIndex(v_mV[nodes[r]], vMin_mV, vMax_mV) * 3;
    const row = rows - 1 - r; // position 0 at the bottom
    for (let c = from; c <= to; c++) {
      const o = (row * cols + c) * 4;
      data[o] = PALETTE_RGB[k];
      data[o + 1] = PALETTE_RGB[k + 1];
      data[o + 2] = PALETTE_RGB[k + 2];
      data[o + 3] = 255;
    }
  }
  for (let c = to + 1; c < Math.min(cols, to + 1 + Math.ceil(cols / 50)); c++) {
    for (let row = 0; row < rows; row++) data[(row * cols + c) * 4 + 3] = 0;
  }
}
