/**
 * Drives an `Engine` from animation frames for interactive pages: each frame it advances the
 * simulation by as much simulated time as the chosen speed asks for (within a wall-clock
 * budget, so the page stays responsive), hands every chunk to `onSample` and the last one to
 * `onFrame`, and reports status (simulated time, achieved speed, backend) as `status` events.
 */
import type { Engine, Frame } from '../engine/types.js';

/** What the status line shows. */
export interface RunnerStatus {
  /** Simulated time reached [ms]. */
  t_ms: number;
  /** Achieved speed [simulated ms per wall-clock second], averaged over the last second or so. */
  speed_ms_per_s: number;
  /** `cpu`, `webgpu`, or `none` before an engine is set. */
  backend: string;
  /** The engine's own description (adapter name, precision). */
  description: string;
  running: boolean;
  /** True when the run reached its end time and stopped. */
  ended: boolean;
  /** A one-line notice: why `auto` fell back to the CPU, or an error that stopped the run. */
  notice: string;
}

export class SimRunner extends EventTarget {
  engine: Engine | null = null;
  /** Target speed [simulated ms per wall-clock second]; `Infinity` runs as fast as possible. */
  speed_ms_per_s = 1000;
  /** Simulated time per chunk handed to `onSample` [ms]; 0 lets the runner choose (one per frame at most speeds). */
  sample_ms = 0;
  /** Wall-clock time the runner may spend simulating per animation frame [ms]. */
  budget_ms = 14;
  /** Stop (or, with `loop`, start over) at this simulated time [ms]; `setEngine` sets the model's tstop. */
  end_ms = Infinity;
  /** Start over at t = 0 when `end_ms` is reached, instead of stopping. */
  loop = false;
  /** Called with every chunk of simulation advanced (records and node voltages). */
  onSample: ((frame: Frame) => void) | null = null;
  /** Called once per animation frame that advanced, with the latest chunk. */
  onFrame: ((frame: Frame) => void) | null = null;
  /** Called after the engine was reset to t = 0 (clear plots here). */
  onReset: (() => void) | null = null;

  private running = false;
  private ended = false;
  private busy = false;
  private raf = 0;
  private lastWall = 0;
  private backlog_ms = 0;
  private speedEstimate = 0;
  private stepsPerWallMs = 50;
  /** Wall time of one `advance` call [ms], averaged. */
  private callWall_ms = 0.5;
  private notice = '';

  /** The present status. */
  get status(): RunnerStatus {
    const e = this.engine;
    return {
      t_ms: e ? e.t_ms : 0,
      speed_ms_per_s: this.speedEstimate,
      backend: e ? e.backend : 'none',
      description: e ? e.description : '',
      running: this.running,
      ended: this.ended,
      notice: this.notice,
    };
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Use `engine` from now on (the previous one is disposed), at t = 0; `notice` explains the backend. */
  async setEngine(engine: Engine, notice = ''): Promise<void> {
    const was = this.running;
    this.pause();
    while (this.busy) await new Promise((r) => setTimeout(r, 5));
    if (this.engine && this.engine !== engine) this.engine.dispose();
    this.engine = engine;
    this.notice = notice;
    this.end_ms = engine.simulation.tstop_ms;
    await this.reset();
    if (was) this.play();
  }

  /** Start or continue. After the end, starts over. */
  play(): void {
    if (!this.engine || this.running) return;
    if (this.ended) {
      void this.reset().then(() => this.play());
      return;
    }
    this.running = true;
    this.lastWall = performance.now();
    this.backlog_ms = 0;
    this.raf = requestAnimationFrame((now) => void this.tick(now));
    this.emit();
  }

  pause(): void {
    this.running = false;
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.speedEstimate = 0;
    this.emit();
  }

  /** Back to t = 0 (keeps running if it was). */
  async reset(): Promise<void> {
    while (this.busy) await new Promise((r) => setTimeout(r, 5));
    this.ended = false;
    if (this.engine) await this.engine.reset();
    this.onReset?.();
    this.emit();
  }

  private emit(): void {
    this.dispatchEvent(new CustomEvent<RunnerStatus>('status', { detail: this.status }));
  }

  private async tick(now: number): Promise<void> {
    this.raf = 0;
    const engine = this.engine;
    if (!this.running || !engine) return;
    this.busy = true;
    const wallStep = Math.min(100, Math.max(0, now - this.lastWall));
    this.lastWall = now;
    const dt = engine.simulation.dt_ms;
    const t0 = engine.t_ms;
    const fast = !Number.isFinite(this.speed_ms_per_s);
    let want = fast ? Infinity : this.backlog_ms + (this.speed_ms_per_s * wallStep) / 1000;
    const start = performance.now();
    let last: Frame | null = null;
    try {
      for (;;) {
        const toEnd = Math.round((this.end_ms - engine.t_ms) / dt);
        const wanted = fast ? Infinity : Math.floor(want / dt + 1e-6);
        const left = this.budget_ms - (performance.now() - start);
        const affordable = Math.max(1, Math.floor(this.stepsPerWallMs * left));
        // With a sample interval, chunks are that long unless calls are so costly (a GPU's readback)
        // that the speed could not be kept: then fewer, longer chunks.
        let chunk = affordable;
        if (this.sample_ms > 0) {
          const callsLeft = Math.max(1, Math.floor(left / Math.max(0.05, this.callWall_ms)));
          chunk = Math.max(Math.round(this.sample_ms / dt), Math.ceil(Math.min(wanted, affordable) / callsLeft), 1);
        }
        const n = Math.min(chunk, wanted, toEnd);
        if (n <= 0 || left <= 0) break;
        const t = performance.now();
        last = await engine.advance(n);
        const took = performance.now() - t;
        if (took > 0.5) this.stepsPerWallMs = 0.7 * this.stepsPerWallMs + (0.3 * n) / took;
        this.callWall_ms = 0.8 * this.callWall_ms + 0.2 * took;
        want -= n * dt;
        this.onSample?.(last);
        if (!this.running) break;
      }
    } catch (e) {
      this.notice = `stopped: ${(e as Error).message}`;
      this.busy = false;
      this.pause();
      return;
    }
    this.busy = false;
    // A slow machine does not build up a debt it can never pay back.
    this.backlog_ms = fast ? 0 : Math.min(Math.max(0, want), this.speed_ms_per_s * 0.05);
    if (wallStep > 0) {
      const speed = ((engine.t_ms - t0) / wallStep) * 1000;
      this.speedEstimate = this.speedEstimate ? 0.85 * this.speedEstimate + 0.15 * speed : speed;
    }
    if (last) this.onFrame?.(last);
    if (engine.t_ms >= this.end_ms - dt / 2) {
      if (this.loop) await this.reset();
      else {
        this.ended = true;
        this.pause();
        return;
      }
    }
    this.emit();
    if (this.running) this.raf = requestAnimationFrame((n) => void this.tick(n));
  }
}
