/**
 * `<cs-xy-plot>`: curves of y against x on fixed or data-fitted axes, with an optional marker.
 * Used for the phase plane (V, n) with its nullclines and trajectory, and for f–I curves.
 * Curves are plain arrays (views into a `TraceBuffer` work: no copies); `requestDraw()`
 * after changing their contents.
 */
import { LitElement, css, html } from 'lit';
import { clearCanvas, clipToBox, drawAxes, linearScale, plotBox } from './canvas.js';
import { FrameDraw } from './frame-draw.js';
import { plotChromeStyles, plotLegend, plotTitle } from './plot-chrome.js';

/** One curve: x and y arrays of the same length (or `length` of them) and its style. */
export interface XyCurve {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Points used (default: all of `x`). */
  length?: number;
  label: string;
  color: string;
  dash?: boolean;
  /** Line width [CSS px], default 1.5. */
  width?: number;
  /** Draw a dot at each point as well. */
  dots?: boolean;
  /** A NaN in x or y breaks the line instead of being drawn. */
}

export class XyPlot extends LitElement {
  static override properties = {
    label: { type: String },
    xLabel: { type: String, attribute: 'x-label' },
    yLabel: { type: String, attribute: 'y-label' },
    xRange: { attribute: false },
    yRange: { attribute: false },
    curves: { attribute: false },
    marker: { attribute: false },
  };

  /** Accessible name and title. */
  declare label: string;
  /** Axis labels with units. */
  declare xLabel: string;
  declare yLabel: string;
  /** Fixed axis ranges; null fits the data. */
  declare xRange: [number, number] | null;
  declare yRange: [number, number] | null;
  declare curves: XyCurve[];
  /** A highlighted point (e.g. the present state), or null. */
  declare marker: { x: number; y: number; color: string } | null;

  private readonly frames = new FrameDraw(this, () => this.draw());

  constructor() {
    super();
    this.label = '';
    this.xLabel = '';
    this.yLabel = '';
    this.xRange = null;
    this.yRange = null;
    this.curves = [];
    this.marker = null;
  }

  static override styles = [
    plotChromeStyles,
    css`
      canvas { display: block; width: 100%; height: var(--cs-plot-height, 220px); }
    `,
  ];

  override render() {
    return html`
      ${plotTitle(this.label)}
      ${plotLegend(this.curves)}
      <canvas role="img" aria-label=${this.label || 'plot'}></canvas>
    `;
  }

  /** Schedule one redraw on the next animation frame. */
  requestDraw(): void {
    this.frames.request();
  }

  private fitted(axis: 'x' | 'y'): [number, number] {
    const fixed = axis === 'x' ? this.xRange : this.yRange;
    if (fixed) return fixed;
    let lo = Infinity, hi = -Infinity;
    for (const c of this.curves) {
      const a = c[axis], n = c.length ?? a.length;
      for (let i = 0; i < n; i++) {
        const v = a[i];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (!(hi >= lo)) return [0, 1];
    const pad = (hi - lo) * 0.05 || 1;
    return [lo - pad, hi + pad];
  }

  private draw(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    if (!canvas) return;
    const { ctx, width, height, colours } = clearCanvas(canvas, this);
    const box = plotBox(width, height);
    const xr = this.fitted('x'), yr = this.fitted('y');
    drawAxes(ctx, box, { x: xr, y: yr, xLabel: this.xLabel, yLabel: this.yLabel }, colours);
    const { X, Y } = linearScale(box, xr, yr);
    clipToBox(ctx, box);
    for (const c of this.curves) {
      const n = c.length ?? c.x.length;
      ctx.strokeStyle = ctx.fillStyle = c.color;
      ctx.lineWidth = c.width ?? 1.5;
      ctx.setLineDash(c.dash ? [5, 3] : []);
      ctx.beginPath();
      let pen = false;
      for (let i = 0; i < n; i++) {
        const x = c.x[i], y = c.y[i];
        if (Number.isNaN(x) || Number.isNaN(y)) {
          pen = false;
          continue;
        }
        if (pen) ctx.lineTo(X(x), Y(y));
        else ctx.moveTo(X(x), Y(y));
        pen = true;
      }
      ctx.stroke();
      if (c.dots) {
        for (let i = 0; i < n; i++) {
          if (Number.isNaN(c.x[i]) || Number.isNaN(c.y[i])) continue;
          ctx.beginPath();
          ctx.arc(X(c.x[i]), Y(c.y[i]), 2.5, 0, 2 * Math.PI);
          ctx.fill();
        }
      }
    }
    if (this.marker) {
      ctx.setLineDash([]);
      ctx.fillStyle = this.marker.color;
      ctx.strokeStyle = colours.background;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(X(this.marker.x), Y(this.marker.y), 5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
    ctx.restore();
  }
}

if (!customElements.get('cs-xy-plot')) customElements.define('cs-xy-plot', XyPlot);

declare global {
  interface HTMLElementTagNameMap {
    'cs-xy-plot': XyPlot;
  }
}
