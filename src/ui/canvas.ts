/**
 * Small canvas helpers shared by the plots: sizing a canvas to its CSS box at the device pixel
 * ratio and clearing it, the plot area and its linear scales, "nice" axis ticks, and drawing a
 * pair of labelled axes.
 */

/** A drawing area inside a canvas, in CSS pixels. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Size `canvas`'s backing store to its CSS box times `devicePixelRatio` and return a context
 * scaled so that drawing uses CSS pixels. Returns the CSS size as well.
 */
export function fitCanvas(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; width: number; height: number } {
  const dpr = Math.min(3, globalThis.devicePixelRatio || 1);
  const width = Math.max(1, canvas.clientWidth);
  const height = Math.max(1, canvas.clientHeight);
  const w = Math.round(width * dpr), h = Math.round(height * dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return { ctx, width, height };
}

/**
 * Fit `canvas` to its CSS box (`fitCanvas`) and fill it with the theme's background colour
 * as read from `host`. Returns the context, the CSS size and the colours.
 */
export function clearCanvas(
  canvas: HTMLCanvasElement,
  host: Element,
): { ctx: CanvasRenderingContext2D; width: number; height: number; colours: ThemeColours } {
  const { ctx, width, height } = fitCanvas(canvas);
  const colours = themeColours(host);
  ctx.fillStyle = colours.background;
  ctx.fillRect(0, 0, width, height);
  return { ctx, width, height, colours };
}

/** The plot area of a canvas of `width` × `height` CSS px: room left for the tick labels, below for the time labels. */
export function plotBox(width: number, height: number): Box {
  return { left: 44, top: 6, width: Math.max(10, width - 62), height: Math.max(10, height - 24) };
}

/**
 * Maps from data to CSS px in `box`: x from `xr[0]` (left) to `xr[1]` (right), y from `yr[0]`
 * (bottom) to `yr[1]` (top). An empty range is taken as one unit wide.
 */
export function linearScale(
  box: Box,
  xr: readonly [number, number],
  yr: readonly [number, number],
): { X: (x: number) => number; Y: (y: number) => number } {
  const kx = box.width / (xr[1] - xr[0] || 1), ky = box.height / (yr[1] - yr[0] || 1);
  return {
    X: (x) => box.left + (x - xr[0]) * kx,
    Y: (y) => box.top + box.height - (y - yr[0]) * ky,
  };
}

/** `ctx.save()` and clip to `box` with a little room for line widths; the caller restores. */
export function clipToBox(ctx: CanvasRenderingContext2D, box: Box): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.left, box.top - 2, box.width + 2, box.height + 4);
  ctx.clip();
}

/** About `count` round tick values covering [min, max] (steps of 1, 2 or 5 × 10^k). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** A tick label: no more decimals than the tick step needs. */
export function tickLabel(v: number, ticks: number[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : 1;
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  return v.toFixed(decimals);
}

export interface AxesSpec {
  x: [number, number];
  y: [number, number];
  xLabel?: string;
  yLabel?: string;
  /** Draw a faint grid at the ticks. */
  grid?: boolean;
}

/** Colours of the plot furniture (CSS colours). */
export interface ThemeColours {
  axis: string;
  grid: string;
  text: string;
  background: string;
}

/** Colours of the plot furniture, read from CSS custom properties where a page sets them. */
export function themeColours(el: Element): ThemeColours {
  const cs = getComputedStyle(el);
  const get = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return {
    axis: get('--cs-axis', '#555'),
    grid: get('--cs-grid', 'rgba(0,0,0,0.08)'),
    text: get('--cs-text', '#222'),
    background: get('--cs-plot-bg', '#fff'),
  };
}

/** Draw axes, ticks, tick labels and axis labels around `box`. */
export function drawAxes(ctx: CanvasRenderingContext2D, box: Box, spec: AxesSpec, colours: ThemeColours): void {
  const { left, top, width, height } = box;
  const { X: sx, Y: sy } = linearScale(box, spec.x, spec.y);
  ctx.save();
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;
  const xt = niceTicks(spec.x[0], spec.x[1], Math.max(2, Math.floor(width / 70)));
  const yt = niceTicks(spec.y[0], spec.y[1], Math.max(2, Math.floor(height / 35)));
  if (spec.grid !== false) {
    ctx.strokeStyle = colours.grid;
    ctx.beginPath();
    for (const v of xt) {
      const x = Math.round(sx(v)) + 0.5;
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
    }
    for (const v of yt) {
      const y = Math.round(sy(v)) + 0.5;
      ctx.moveTo(left, y);
      ctx.lineTo(left + width, y);
    }
    ctx.stroke();
  }
  ctx.strokeStyle = colours.axis;
  ctx.fillStyle = colours.text;
  ctx.beginPath();
  ctx.moveTo(left + 0.5, top);
  ctx.lineTo(left + 0.5, top + height + 0.5);
  ctx.lineTo(left + width, top + height + 0.5);
  ctx.stroke();
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of xt) ctx.fillText(tickLabel(v, xt), sx(v), top + height + 4);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of yt) ctx.fillText(tickLabel(v, yt), left - 4, sy(v));
  if (spec.xLabel) {
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText(spec.xLabel, left + width, top + height - 3);
  }
  if (spec.yLabel) {
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(spec.yLabel, left + 4, top + 2);
  }
  ctx.restore();
}
