/**
 * `<cs-trace-plot>`: several traces against time from a `TraceBuffer`, drawn on a canvas.
 * Long runs are decimated to min/max per pixel column, so a trace of a million samples costs
 * as much to draw as one of a thousand. Call `requestDraw()` after appending; several calls
 * in one animation frame make one draw.
 */
import { LitElement, css, html } from 'lit';
import { clearCanvas, clipToBox, drawAxes, linearScale, plotBox } from './canvas.js';
import { FrameDraw } from './frame-draw.js';
import { plotChromeStyles, plotLegend, plotTitle } from './plot-chrome.js';
import type { TraceBuffer } from './trace-buffer.js';

/** One trace: a column of the buffer and how to draw it. */
export interface TraceSeries {
  /** Column index in the buffer. */
  column: number;
  label: string;
  /** CSS colour. */
  color: string;
  /** Dashed line. */
  dash?: boolean;
}

/** A horizontal reference line (e.g. an equilibrium potential) at `y` in the plot's units. */
export interface ReferenceLine {
  y: number;
  label: string;
  color: string;
}

export class TracePlot extends LitElement {
  static override properties = {
    label: { type: String },
    yLabel: { type: String, attribute: 'y-label' },
    yMin: { type: Number, attribute: 'y-min' },
    yMax: { type: Number, attribute: 'y-max' },
    window_ms: { type: Number, attribute: 'window-ms' },
    series: { attribute: false },
    references: { attribute: false },
    buffer: { attribute: false },
  };

  /** Accessible name of the plot (also its title). */
  declare label: string;
  /** Y-axis label with its unit, e.g. `V [mV]`. */
  declare yLabel: string;
  /** Fixed y range; when either is NaN the range follows the data shown. */
  declare yMin: number;
  declare yMax: number;
  /** Width of the time axis [ms]; the plot shows the last `window_ms` of data (0: all of it). */
  declare window_ms: number;
  declare series: TraceSeries[];
  declare references: ReferenceLine[];
  declare buffer: TraceBuffer | null;

  private readonly frames = new FrameDraw(this, () => this.draw());

  constructor() {
    super();
    this.label = '';
    this.yLabel = '';
    this.yMin = NaN;
    this.yMax = NaN;
    this.window_ms = 0;
    this.series = [];
    this.references = [];
    this.buffer = null;
  }

  static override styles = [
    plotChromeStyles,
    css`
      canvas { display: block; width: 100%; height: var(--cs-plot-height, 160px); }
    `,
  ];

  override render() {
    return html`
      ${plotTitle(this.label)}
      ${plotLegend([...this.series, ...this.references.map((r) => ({ ...r, dash: true }))])}
      <canvas role="img" aria-label=${this.label || 'trace plot'}></canvas>
    `;
  }

  /** Schedule one redraw on the next animation frame. */
  requestDraw(): void {
    this.frames.request();
  }

  /** The time range shown [ms]. */
  timeRange(): [number, number] {
    const b = this.buffer;
    const end = b && b.length ? b.lastTime_ms : 0;
    if (this.window_ms > 0) return [Math.max(0, end - this.window_ms), Math.max(this.window_ms, end)];
    const start = b && b.length ? b.t_ms[0] : 0;
    return [start, Math.max(end, start + 1)];
  }

  private draw(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    if (!canvas) return;
    const { ctx, width, height, colours } = clearCanvas(canvas, this);
    const box = plotBox(width, height);
    const [t0, t1] = this.timeRange();
    const b = this.buffer;
    const i0 = b ? Math.max(0, b.lowerBound(t0) - 1) : 0;
    const i1 = b ? b.length : 0;
    let [y0, y1] = [this.yMin, this.yMax];
    if (Number.isNaN(y0) || Number.isNaN(y1)) {
      let lo = Infinity, hi = -Infinity;
      for (const s of this.series) {
        const col = b?.columns[s.column];
        if (!col) continue;
        for (let i = i0; i < i1; i++) {
          const v = col[i];
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      for (const r of this.references) (lo = Math.min(lo, r.y)), (hi = Math.max(hi, r.y));
      if (!(hi >= lo)) (lo = 0), (hi = 1);
      const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.1 || 1;
      if (Number.isNaN(y0)) y0 = lo - pad;
      if (Number.isNaN(y1)) y1 = hi + pad;
    }
    drawAxes(ctx, box, { x: [t0, t1], y: [y0, y1], xLabel: 't [ms]', yLabel: this.yLabel }, colours);
    const { X, Y } = linearScale(box, [t0, t1], [y0, y1]);
    clipToBox(ctx, box);
    ctx.lineWidth = 1;
    for (const r of this.references) {
      ctx.strokeStyle = r.color;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(box.left, Y(r.y));
      ctx.lineTo(box.left + box.width, Y(r.y));
      ctx.stroke();
    }
    ctx.lineWidth = 1.5;
    if (b) {
      for (const s of this.series) {
        const col = b.columns[s.column];
        if (!col) continue;
        ctx.strokeStyle = s.color;
        ctx.setLineDash(s.dash ? [5, 3] : []);
        ctx.beginPath();
        tracePath(ctx, b.t_ms, col, i0, i1, X, Y, box.width);
        ctx.stroke();
      }
    }
    ctx.restore();
  }
}

/**
 * Add the trace rows [i0, i1) to the current path. Where there are more than two samples per
 * pixel column, each column is drawn as the vertical span from its minimum to its maximum.
 */
export function tracePath(
  ctx: CanvasRenderingContext2D,
  t: Float64Array,
  v: Float64Array,
  i0: number,
  i1: number,
  X: (t: number) => number,
  Y: (v: number) => number,
  pixels: number,
): void {
  if (i1 <= i0) return;
  if (i1 - i0 <= 2 * pixels) {
    ctx.moveTo(X(t[i0]), Y(v[i0]));
    for (let i = i0 + 1; i < i1; i++) ctx.lineTo(X(t[i]), Y(v[i]));
    return;
  }
  let col = Math.floor(X(t[i0]));
  let lo = v[i0], hi = v[i0];
  ctx.moveTo(col, Y(v[i0]));
  for (let i = i0 + 1; i < i1; i++) {
    const c = Math.floor(X(t[i]));
    const x = v[i];
    if (c !== col) {
      ctx.lineTo(col + 0.5, Y(lo));
      ctx.lineTo(col + 0.5, Y(hi));
      col = c;
      lo = hi = x;
    } else {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  ctx.lineTo(col + 0.5, Y(lo));
  ctx.lineTo(col + 0.5, Y(hi));
}

if (!customElements.get('cs-trace-plot')) customElements.define('cs-trace-plot', TracePlot);

declare global {
  interface HTMLElementTagNameMap {
    'cs-trace-plot': TracePlot;
  }
}
