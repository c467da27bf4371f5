/**
 * `<cs-xy-plot>`: curves of y against x on fixed or data-fitted axes, with an optional marker.
 * Used for the phase plane (V, n) with its nullclines and trajectory, and for f–I curves.
 * Curves are plain arrays (views into a `TraceBuffer` work: no copies); `requestDraw()`
 * after changing their contents.
 */
import { LitElement, css, html } from 'lit';
import { drawAxes, fitCanvas, themeColours, type Box } from './canvas.js';

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

  private pending = 0;
  private resize?: ResizeObserver;

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

  static override styles = css`
    :host { display: block; }
    .legend { display: flex; flex-wrap: wrap; gap: 0.2rem 0.9rem; font-size: 0.8rem; margin: 0 0 0.2rem 2.5rem; }
    .legend span::before { content: ''; display: inline-block; width: 1.1em; height: 0.25em; margin-right: 0.3em;
      vertical-align: middle; background: var(--c); }
    .legend .dash::before { background: repeating-linear-gradient(90deg, var(--c) 0 3px, transparent 3px 5px); }
    .title { font-size: 0.85rem; font-weight: 600; margin: 0 0 0.1rem; }
    canvas { display: block; width: 100%; height: var(--cs-plot-height, 220px); }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize = new ResizeObserver(() => this.requestDraw());
    this.resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
    if (this.pending) cancelAnimationFrame(this.pending);
    this.pending = 0;
  }

  override render() {
    return html`
      ${this.label ? html`<p class="title">${this.label}</p>` : ''}
      <div class="legend">
        ${this.curves.map((c) => html`<span class=${c.dash ? 'dash' : ''} style="--c:${c.color}">${c.label}</span>`)}
      </div>
      <canvas role="img" aria-label=${this.label || 'plot'}></canvas>
    `;
  }

  override updated(): void {
    this.requestDraw();
  }

  /** Schedule one redraw on the next animation frame. */
  requestDraw(): void {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.draw();
    });
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
    const { ctx, width, height } = fitCanvas(canvas);
    const colours = themeColours(this);
    ctx.fillStyle = colours.background;
    ctx.fillRect(0, 0, width, height);
    const box: Box = { left: 44, top: 6, width: Math.max(10, width - 62), height: Math.max(10, height - 24) };
    const xr = this.fitted('x'), yr = this.fitted('y');
    drawAxes(ctx, box, { x: xr, y: yr, xLabel: this.xLabel, yLabel: this.yLabel }, colours);
    const X = (v: number) => box.left + ((v - xr[0]) / (xr[1] - xr[0])) * box.width;
    const Y = (v: number) => box.top + box.height - ((v - yr[0]) / (yr[1] - yr[0])) * box.height;
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.left, box.top - 2, box.width + 2, box.height + 4);
    ctx.clip();
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
