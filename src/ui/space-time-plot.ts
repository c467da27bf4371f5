/**
 * `<cs-space-time>`: a kymograph. Position along a path of nodes (vertical, µm) against time
 * (horizontal, ms), coloured by membrane voltage. A travelling spike is a slanted stripe whose
 * slope is its conduction velocity. The time axis is a sweep of `window_ms`: when time passes
 * its end the sweep starts again from the left, overwriting the oldest columns.
 */
import { LitElement, css, html } from 'lit';
import { clearCanvas, drawAxes, linearScale, plotBox } from './canvas.js';
import { DEFAULT_V_RANGE_MV, paletteGradient } from './colormap.js';
import { FrameDraw } from './frame-draw.js';
import { paintColumns, sweepColumn } from './kymograph.js';
import { plotChromeStyles, plotTitle } from './plot-chrome.js';

/** A straight guide drawn over the plot, e.g. a fitted spike front: (t [ms], position [µm]) pairs. */
export interface SpaceTimeGuide {
  t0_ms: number;
  x0_um: number;
  t1_ms: number;
  x1_um: number;
  label: string;
}

export class SpaceTimePlot extends LitElement {
  static override properties = {
    label: { type: String },
    window_ms: { type: Number, attribute: 'window-ms' },
    sample_ms: { type: Number, attribute: 'sample-ms' },
    vMin: { type: Number, attribute: 'v-min' },
    vMax: { type: Number, attribute: 'v-max' },
    guides: { attribute: false },
  };

  /** Accessible name and title. */
  declare label: string;
  /** Width of the time axis [ms]. */
  declare window_ms: number;
  /** Time per image column [ms]. */
  declare sample_ms: number;
  /** Ends of the colour scale [mV]. */
  declare vMin: number;
  declare vMax: number;
  declare guides: SpaceTimeGuide[];

  private nodes: Int32Array = new Int32Array(0);
  private positions_um: Float64Array = new Float64Array(0);
  private image: ImageData | null = null;
  private offscreen: HTMLCanvasElement | null = null;
  /** Index of the present sweep (time of its left edge = sweep · window). */
  private sweep = 0;
  private lastColumn = -1;
  private readonly frames = new FrameDraw(this, () => this.draw());

  constructor() {
    super();
    this.label = 'space–time plot of membrane voltage';
    this.window_ms = 20;
    this.sample_ms = 0.05;
    this.vMin = DEFAULT_V_RANGE_MV[0];
    this.vMax = DEFAULT_V_RANGE_MV[1];
    this.guides = [];
  }

  static override styles = [
    plotChromeStyles,
    css`
      canvas { display: block; width: 100%; height: var(--cs-plot-height, 220px); }
      .bar { height: 0.6rem; border-radius: 3px; margin: 0.2rem 0 0 44px; }
    `,
  ];

  override render() {
    return html`
      ${plotTitle(this.label)}
      <canvas role="img" aria-label=${this.label}></canvas>
      <div class="bar" style="background:${paletteGradient()}" aria-hidden="true"></div>
    `;
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('window_ms') || changed.has('sample_ms')) this.clear();
  }

  /**
   * The path the plot shows: node indices from one end to the other and each node's distance
   * along the path [µm]. Clears the plot.
   */
  setPath(nodes: Int32Array, positions_um: Float64Array): void {
    this.nodes = nodes;
    this.positions_um = positions_um;
    this.clear();
  }

  /** Forget every column (e.g. after a reset). */
  clear(): void {
    const cols = Math.max(1, Math.round(this.window_ms / this.sample_ms));
    const rows = Math.max(1, this.nodes.length);
    this.image = new ImageData(cols, rows);
    this.offscreen = null;
    this.sweep = 0;
    this.lastColumn = -1;
    this.requestDraw();
  }

  /** Add the voltages of every node [mV] at time `t_ms` (indexed as the tree). */
  push(t_ms: number, v_mV: ArrayLike<number>): void {
    const img = this.image;
    if (!img || this.nodes.length === 0) return;
    const { sweep, col } = sweepColumn(t_ms, this.window_ms, this.sample_ms, img.width);
    if (sweep !== this.sweep) {
      this.sweep = sweep;
      this.lastColumn = -1;
    }
    // Fill every column from the last one written up to this one (a frame may skip columns).
    const from = this.lastColumn < col ? this.lastColumn + 1 : col;
    paintColumns(img.data, img.width, this.nodes, v_mV, from, col, this.vMin, this.vMax);
    this.lastColumn = col;
    this.offscreen = null;
    this.requestDraw();
  }

  /** Schedule one redraw on the next animation frame. */
  requestDraw(): void {
    this.frames.request();
  }

  private draw(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    if (!canvas) return;
    const { ctx, width, height, colours } = clearCanvas(canvas, this);
    const box = plotBox(width, height);
    const t0 = this.sweep * this.window_ms, t1 = t0 + this.window_ms;
    const p = this.positions_um;
    const x0 = p.length ? p[0] : 0, x1 = p.length ? p[p.length - 1] : 1;
    if (this.image) {
      if (!this.offscreen) {
        this.offscreen = document.createElement('canvas');
        this.offscreen.width = this.image.width;
        this.offscreen.height = this.image.height;
        this.offscreen.getContext('2d')!.putImageData(this.image, 0, 0);
      }
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(this.offscreen, box.left, box.top, box.width, box.height);
    }
    drawAxes(ctx, box, { x: [t0, t1], y: [x0, x1], xLabel: 't [ms]', yLabel: 'position [µm]', grid: false }, colours);
    const { X, Y } = linearScale(box, [t0, t1], [x0, x1]);
    ctx.font = '12px system-ui, sans-serif';
    // Guides only over the columns drawn so far in this sweep.
    const drawnTo = this.lastColumn < 0 ? box.left : box.left + ((this.lastColumn + 1) / (this.image?.width ?? 1)) * box.width;
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.left, 0, drawnTo - box.left, height);
    ctx.clip();
    for (const g of this.guides) {
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 3;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(X(g.t0_ms), Y(g.x0_um));
      ctx.lineTo(X(g.t1_ms), Y(g.x1_um));
      ctx.stroke();
      ctx.strokeStyle = '#111';
      ctx.lineWidth = 1.5;
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#111';
    }
    ctx.restore();
    for (const g of this.guides) {
      const w = ctx.measureText(g.label).width;
      const x = box.left + box.width - w - 10, y = box.top + box.height - 42;
      ctx.fillStyle = 'rgba(255,255,255,0.9)';
      ctx.fillRect(x - 4, y - 2, w + 8, 18);
      ctx.fillStyle = '#111';
      ctx.textBaseline = 'top';
      ctx.fillText(g.label, x, y + 1);
    }
  }
}

if (!customElements.get('cs-space-time')) customElements.define('cs-space-time', SpaceTimePlot);

declare global {
  interface HTMLElementTagNameMap {
    'cs-space-time': SpaceTimePlot;
  }
}
