/**
 * Columnar, growable store of traces: one shared time axis and one Float64Array per column,
 * appended row by row or block by block as a simulation advances. Plots read the arrays as
 * they are (no copies); `version` changes on every write so a plot knows when to redraw.
 */
export class TraceBuffer {
  /** Time of each row [ms]; valid up to `length`. */
  t_ms: Float64Array;
  /** One array per column (units as the caller's), valid up to `length`. */
  columns: Float64Array[];
  /** Number of rows held. */
  length = 0;
  /** Increases on every change. */
  version = 0;
  /** Most rows kept; older rows are dropped (in halves) beyond it. */
  readonly maxRows: number;

  /**
   * @param columnCount number of columns
   * @param capacity initial rows allocated (grows by doubling)
   * @param maxRows rows kept at most (the oldest half is dropped when full)
   */
  constructor(columnCount: number, capacity = 4096, maxRows = 2_000_000) {
    this.t_ms = new Float64Array(capacity);
    this.columns = Array.from({ length: columnCount }, () => new Float64Array(capacity));
    this.maxRows = maxRows;
  }

  /** Forget every row. */
  clear(): void {
    this.length = 0;
    this.version++;
  }

  /** Time of the last row [ms], or NaN when empty. */
  get lastTime_ms(): number {
    return this.length ? this.t_ms[this.length - 1] : NaN;
  }

  private reserve(extra: number): void {
    const need = this.length + extra;
    if (need > this.maxRows) {
      const drop = Math.max(need - this.maxRows, this.length >> 1);
      this.t_ms.copyWithin(0, drop, this.length);
      for (const c of this.columns) c.copyWithin(0, drop, this.length);
      this.length -= drop;
    }
    if (this.length + extra <= this.t_ms.length) return;
    let cap = this.t_ms.length;
    while (cap < this.length + extra) cap *= 2;
    const grow = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.t_ms = grow(this.t_ms);
    this.columns = this.columns.map(grow);
  }

  /** Append one row: time [ms] and one value per column. */
  append(t_ms: number, values: ArrayLike<number>): void {
    this.reserve(1);
    const r = this.length++;
    this.t_ms[r] = t_ms;
    for (let c = 0; c < this.columns.length; c++) this.columns[c][r] = values[c];
    this.version++;
  }

  /** Append a block of rows: a time array [ms] and one array per column, all the same length. */
  appendBlock(t_ms: ArrayLike<number>, columns: ArrayLike<number>[]): void {
    const n = t_ms.length;
    if (n === 0) return;
    this.reserve(n);
    const r = this.length;
    for (let i = 0; i < n; i++) this.t_ms[r + i] = t_ms[i];
    for (let c = 0; c < this.columns.length; c++) {
      const src = columns[c], dst = this.columns[c];
      for (let i = 0; i < n; i++) dst[r + i] = src[i];
    }
    this.length += n;
    this.version++;
  }

  /** Index of the first row with t ≥ `t_ms` (binary search; `length` when none). */
  lowerBound(t_ms: number): number {
    let lo = 0, hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.t_ms[mid] < t_ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
