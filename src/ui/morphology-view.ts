/**
 * `<cs-morphology>`: a cell drawn as a 2-D projection of its 3-D points, each segment coloured
 * by its membrane voltage, with a colour legend. Pan by dragging (or the arrow keys), zoom with
 * the wheel (or + and −, 0 to fit). A click on the cell fires `cs-pick` with the nearest node.
 *
 * Drawing is batched: pieces are sorted by (colour, line width) with a counting sort and each
 * batch is one path and one `stroke()`, so a cell of tens of thousands of pieces redraws at
 * 60 fps. No DOM per segment.
 */
import { LitElement, css, html } from 'lit';
import type { CableTree } from '../model/discretize.js';
import type { CellGeometry } from '../model/geometry.js';
import { clearCanvas } from './canvas.js';
import { DEFAULT_V_RANGE_MV, PALETTE_CSS, PALETTE_SIZE, colourIndex, paletteGradient } from './colormap.js';
import { FrameDraw } from './frame-draw.js';
import { morphologyPieces, type MorphologyPieces } from './morphology-pieces.js';

/** A marked node: a stimulus or a recording electrode. */
export interface MorphologyMarker {
  node: number;
  color: string;
  label: string;
  /** Where the label goes: above right (default) or below left, to keep two markers on one node apart. */
  labelSide?: 'right' | 'left';
  /** Radius of the dot [CSS px], default 6. */
  radius_px?: number;
}

/** Detail of the `cs-pick` event. */
export interface PickDetail {
  node: number;
  /** Section index and position along it (0..1). */
  section: number;
  x: number;
}

/** Which two coordinates are drawn (horizontal, vertical). */
export type Projection = 'xy' | 'xz' | 'zy';

/** Line widths are quantized to half pixels, up to this many classes. */
const WIDTH_CLASSES = 64;

export class MorphologyView extends LitElement {
  static override properties = {
    label: { type: String },
    vMin: { type: Number, attribute: 'v-min' },
    vMax: { type: Number, attribute: 'v-max' },
    minWidth: { type: Number, attribute: 'min-width' },
    projection: { type: String },
    markers: { attribute: false },
  };

  /** Accessible name. */
  declare label: string;
  /** Ends of the colour scale [mV]. */
  declare vMin: number;
  declare vMax: number;
  /** Thinnest line drawn [CSS px], whatever the zoom. */
  declare minWidth: number;
  declare projection: Projection;
  declare markers: MorphologyMarker[];

  private pieces: MorphologyPieces | null = null;
  private v: ArrayLike<number> | null = null;
  /** View: screen = offset + scale · (projected µm), y flipped. Scale in CSS px per µm. */
  private scale = 1;
  private offX = 0;
  private offY = 0;
  private autoFit = true;
  private readonly frames = new FrameDraw(this, () => this.draw());
  private drag: { x: number; y: number; moved: number; id: number } | null = null;
  private sx = new Float32Array(0);
  private order = new Int32Array(0);
  private keys = new Uint16Array(0);
  private counts = new Int32Array(PALETTE_SIZE * WIDTH_CLASSES + 1);

  constructor() {
    super();
    this.label = 'cell morphology coloured by membrane voltage';
    this.vMin = DEFAULT_V_RANGE_MV[0];
    this.vMax = DEFAULT_V_RANGE_MV[1];
    this.minWidth = 1;
    this.projection = 'xy';
    this.markers = [];
  }

  static override styles = css`
    :host { display: block; }
    .wrap { position: relative; }
    canvas { display: block; width: 100%; height: var(--cs-morphology-height, 360px); touch-action: none;
      border-radius: 4px; cursor: crosshair; }
    canvas:focus-visible { outline: 2px solid var(--cs-focus, #1a73e8); outline-offset: 2px; }
    .zoom { position: absolute; top: 6px; right: 6px; display: flex; gap: 4px; }
    .zoom button { min-width: 2rem; min-height: 2rem; font: inherit; border: 1px solid #999; border-radius: 4px;
      background: rgba(255,255,255,0.85); cursor: pointer; }
    .legend { display: grid; grid-template-columns: auto 1fr auto; align-items: center; gap: 0.5rem;
      font-size: 0.8rem; margin-top: 0.3rem; }
    .bar { height: 0.7rem; border-radius: 3px; }
    .caption { text-align: center; opacity: 0.85; }
  `;

  /** Give the element its cell: geometry (3-D points) and its discretization. Fits the view. */
  setCell(geometry: CellGeometry, tree: CableTree): void {
    this.pieces = morphologyPieces(geometry, tree);
    this.sx = new Float32Array(this.pieces.count * 4);
    this.order = new Int32Array(this.pieces.count);
    this.keys = new Uint16Array(this.pieces.count);
    this.v = null;
    this.autoFit = true;
    this.requestDraw();
  }

  /** Colour the cell by these node voltages [mV] (indexed as the tree); redraws next frame. */
  setVoltages(v_mV: ArrayLike<number>): void {
    this.v = v_mV;
    this.requestDraw();
  }

  override render() {
    const mid = (this.vMin + this.vMax) / 2;
    return html`
      <div class="wrap">
        <canvas tabindex="0" role="img"
          aria-label="${this.label}. Drag or arrow keys to pan, wheel or plus and minus to zoom, 0 to fit."
          @pointerdown=${this.onDown} @pointermove=${this.onMove} @pointerup=${this.onUp}
          @pointercancel=${() => (this.drag = null)} @keydown=${this.onKey}></canvas>
        <div class="zoom">
          <button type="button" aria-label="zoom in" @click=${() => this.zoomBy(1.4)}>+</button>
          <button type="button" aria-label="zoom out" @click=${() => this.zoomBy(1 / 1.4)}>−</button>
          <button type="button" aria-label="fit the cell in view" @click=${() => this.fit()}>fit</button>
        </div>
      </div>
      <div class="legend" aria-label="colour scale: membrane voltage from ${this.vMin} to ${this.vMax} mV">
        <span>${this.vMin} mV</span><div class="bar" style="background:${paletteGradient()}"></div><span>${this.vMax} mV</span>
        <span></span><span class="caption">membrane voltage (${mid} mV mid-scale)</span><span></span>
      </div>
    `;
  }

  override firstUpdated(): void {
    this.canvas.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
  }

  private get canvas(): HTMLCanvasElement {
    return this.renderRoot.querySelector('canvas')!;
  }

  /** Projected 2-D coordinates [µm] of a 3-D point. */
  private project(x: number, y: number, z: number): [number, number] {
    return this.projection === 'xz' ? [x, z] : this.projection === 'zy' ? [z, y] : [x, y];
  }

  /** Where a point [µm] is drawn, in CSS pixels from the canvas's top left. */
  toScreen(x_um: number, y_um: number, z_um = 0): [number, number] {
    const [u, w] = this.project(x_um, y_um, z_um);
    return [this.offX + this.scale * u, this.offY - this.scale * w];
  }

  /** Where node `node` is drawn [CSS px], or null before a cell is set. */
  nodeToScreen(node: number): [number, number] | null {
    const p = this.pieces?.nodeXyz_um;
    return p ? this.toScreen(p[3 * node], p[3 * node + 1], p[3 * node + 2]) : null;
  }

  /** Fit the whole cell into the canvas. */
  fit(): void {
    const p = this.pieces;
    const canvas = this.canvas;
    if (!p || !canvas || p.count === 0) return;
    const b = p.bounds;
    const [u0, w0] = this.project(b[0], b[1], b[2]);
    const [u1, w1] = this.project(b[3], b[4], b[5]);
    const W = canvas.clientWidth, H = canvas.clientHeight, m = 16;
    this.scale = Math.min((W - 2 * m) / Math.max(1e-3, u1 - u0), (H - 2 * m) / Math.max(1e-3, w1 - w0));
    this.offX = W / 2 - this.scale * (u0 + u1) / 2;
    this.offY = H / 2 + this.scale * (w0 + w1) / 2;
    this.autoFit = true;
    this.requestDraw();
  }

  /** Zoom by `factor` about a point [CSS px] (default: the centre). */
  zoomBy(factor: number, cx?: number, cy?: number): void {
    const c = this.canvas;
    const x = cx ?? c.clientWidth / 2, y = cy ?? c.clientHeight / 2;
    this.offX = x - (x - this.offX) * factor;
    this.offY = y - (y - this.offY) * factor;
    this.scale *= factor;
    this.autoFit = false;
    this.requestDraw();
  }

  private panBy(dx: number, dy: number): void {
    this.offX += dx;
    this.offY += dy;
    this.autoFit = false;
    this.requestDraw();
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const r = this.canvas.getBoundingClientRect();
    this.zoomBy(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
  }

  private onDown(e: PointerEvent): void {
    this.drag = { x: e.clientX, y: e.clientY, moved: 0, id: e.pointerId };
    this.canvas.setPointerCapture?.(e.pointerId);
  }

  private onMove(e: PointerEvent): void {
    const d = this.drag;
    if (!d || d.id !== e.pointerId) return;
    const dx = e.clientX - d.x, dy = e.clientY - d.y;
    d.moved += Math.abs(dx) + Math.abs(dy);
    d.x = e.clientX;
    d.y = e.clientY;
    if (d.moved > 4) this.panBy(dx, dy);
  }

  private onUp(e: PointerEvent): void {
    const d = this.drag;
    this.drag = null;
    if (!d || d.moved > 4) return;
    const r = this.canvas.getBoundingClientRect();
    const hit = this.pick(e.clientX - r.left, e.clientY - r.top);
    if (hit) this.dispatchEvent(new CustomEvent<PickDetail>('cs-pick', { detail: hit, bubbles: true, composed: true }));
  }

  private onKey(e: KeyboardEvent): void {
    const step = 40;
    const k = e.key;
    if (k === 'ArrowLeft') this.panBy(step, 0);
    else if (k === 'ArrowRight') this.panBy(-step, 0);
    else if (k === 'ArrowUp') this.panBy(0, step);
    else if (k === 'ArrowDown') this.panBy(0, -step);
    else if (k === '+' || k === '=') this.zoomBy(1.25);
    else if (k === '-' || k === '_') this.zoomBy(0.8);
    else if (k === '0') this.fit();
    else return;
    e.preventDefault();
  }

  /** The piece nearest to a canvas point [CSS px] within 12 px, as a node and section position. */
  pick(px: number, py: number): PickDetail | null {
    const p = this.pieces;
    if (!p) return null;
    this.projectAll();
    const s = this.sx;
    let best = -1, bestD = 144;
    for (let i = 0; i < p.count; i++) {
      const x0 = s[4 * i], y0 = s[4 * i + 1], x1 = s[4 * i + 2], y1 = s[4 * i + 3];
      const dx = x1 - x0, dy = y1 - y0;
      const len2 = dx * dx + dy * dy;
      const f = len2 > 0 ? Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len2)) : 0;
      const ex = x0 + f * dx - px, ey = y0 + f * dy - py;
      const d2 = ex * ex + ey * ey;
      if (d2 < bestD) (bestD = d2), (best = i);
    }
    return best < 0 ? null : { node: p.node[best], section: p.section[best], x: p.x[best] };
  }

  /** Schedule one redraw on the next animation frame. */
  requestDraw(): void {
    this.frames.request();
  }

  private projectAll(): void {
    const p = this.pieces!;
    const xyz = p.xyz_um, s = this.sx;
    for (let i = 0; i < 2 * p.count; i++) {
      const [u, w] = this.project(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
      s[2 * i] = this.offX + this.scale * u;
      s[2 * i + 1] = this.offY - this.scale * w;
    }
  }

  private draw(): void {
    const canvas = this.canvas;
    if (!canvas) return;
    if (this.autoFit) {
      this.autoFit = false;
      this.fit();
      this.autoFit = true;
    }
    const { ctx } = clearCanvas(canvas, this);
    const p = this.pieces;
    if (!p) return;
    this.projectAll();
    // Counting sort of the pieces by (line width class, colour): one path per batch.
    const { keys, order, counts, sx } = this;
    counts.fill(0);
    const v = this.v;
    for (let i = 0; i < p.count; i++) {
      const c = v ? colourIndex(v[p.node[i]], this.vMin, this.vMax) : 0;
      const w = Math.min(WIDTH_CLASSES - 1, Math.round(2 * Math.max(this.minWidth, p.diam_um[i] * this.scale)));
      const key = w * PALETTE_SIZE + c;
      keys[i] = key;
      counts[key + 1]++;
    }
    for (let k = 1; k < counts.length; k++) counts[k] += counts[k - 1];
    for (let i = 0; i < p.count; i++) order[counts[keys[i]]++] = i;
    ctx.lineCap = 'round';
    let start = 0;
    while (start < p.count) {
      const key = keys[order[start]];
      let end = start;
      ctx.beginPath();
      while (end < p.count && keys[order[end]] === key) {
        const i = order[end++];
        ctx.moveTo(sx[4 * i], sx[4 * i + 1]);
        ctx.lineTo(sx[4 * i + 2], sx[4 * i + 3]);
      }
      ctx.strokeStyle = PALETTE_CSS[key % PALETTE_SIZE];
      ctx.lineWidth = Math.max(0.5, Math.floor(key / PALETTE_SIZE) / 2);
      ctx.stroke();
      start = end;
    }
    ctx.font = 'bold 12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    for (const m of this.markers) {
      const at = this.nodeToScreen(m.node);
      if (!at) continue;
      ctx.beginPath();
      ctx.arc(at[0], at[1], m.radius_px ?? 6, 0, 2 * Math.PI);
      ctx.fillStyle = m.color;
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = '#fff';
      ctx.stroke();
      ctx.fillStyle = m.color;
      const left = m.labelSide === 'left';
      ctx.textAlign = left ? 'right' : 'left';
      ctx.fillText(m.label, at[0] + (left ? -9 : 9), at[1] + (left ? 10 : -9));
    }
  }
}

if (!customElements.get('cs-morphology')) customElements.define('cs-morphology', MorphologyView);

declare global {
  interface HTMLElementTagNameMap {
    'cs-morphology': MorphologyView;
  }
}
