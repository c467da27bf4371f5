/**
 * A one-line progress bar on stderr, drawn only on a terminal and only once a run has lasted
 * longer than `delay_ms`, so short runs and redirected output stay clean.
 */

export interface Progress {
  /** Report the simulated time reached [ms] of `tstop_ms`. */
  update(t_ms: number, tstop_ms: number): void;
  /** Erase the bar, if one was drawn. */
  done(): void;
}

/** A progress bar on `stream` (drawn only when `stream.isTTY`). */
export function progressBar(stream: NodeJS.WriteStream, delay_ms = 1000, width = 30): Progress {
  const start = Date.now();
  let drawnAt = 0;
  let drawn = false;
  const enabled = stream.isTTY === true;
  return {
    update(t_ms, tstop_ms) {
      if (!enabled) return;
      const now = Date.now();
      if (now - start < delay_ms || now - drawnAt < 100) return;
      drawnAt = now;
      const f = tstop_ms > 0 ? Math.min(1, Math.max(0, t_ms / tstop_ms)) : 1;
      const full = Math.round(f * width);
      const elapsed = (now - start) / 1000;
      const eta = f > 0 ? (elapsed * (1 - f)) / f : 0;
      const bar = `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(f * 100).toFixed(0).padStart(3)}%  ${t_ms.toFixed(1)} / ${tstop_ms} ms  ${elapsed.toFixed(0)} s, ~${eta.toFixed(0)} s left`;
      stream.write(`\r${bar}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
