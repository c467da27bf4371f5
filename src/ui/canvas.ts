/**
 * Small canvas helpers shared by the plots: sizing a canvas to its CSS box at the device pixel
 * ratio, "nice" axis ticks, and drawing a pair of labelled axes.
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

/** Colours of the plot furniture, read from CSS custom properties where a page sets them. */
export function themeColours(el: Element): { axis: string; grid: string; text: string; background: string } {
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
export function drawAxes(ctx: CanvasRenderingContext2D, box: Box, spec: AxesSpec, colours: ReturnType<typeof themeColours>): void {
  const { left, top, width, height } = box;
  const sx = (v: number) => left + ((v - spec.x[0]) / (spec.x[1] - spec.x[0])) * width;
  const sy = (v: number) => top + height - ((v - spec.y[0]) / (spec.y[1] - spec.y[0])) * height;
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
