/**
 * The axon page's measurements, as pure functions (no DOM): the path of nodes along the axon,
 * the time each node first spikes, and the conduction velocity fitted to those times.
 */
import type { CableTree } from '../../src/model/discretize.js';

/** The centre nodes of section `section` in order from its 0 end, and their positions along it [µm]. */
export function sectionPath(tree: CableTree, section = 0): { nodes: Int32Array; positions_um: Float64Array } {
  const sec = tree.sections[section];
  return {
    nodes: Int32Array.from({ length: sec.nseg }, (_, i) => sec.firstNode + i),
    positions_um: Float64Array.from({ length: sec.nseg }, (_, i) => ((i + 0.5) * sec.length_um) / sec.nseg),
  };
}

/**
 * Upward crossings of a threshold at a list of nodes: per node, the time of its first crossing
 * [ms] (linearly interpolated between samples; NaN before any) and the number of crossings.
 */
export class SpikeTimes {
  /** Time of each node's first crossing [ms], NaN while it has none. */
  readonly first_ms: Float64Array;
  /** Crossings per node. */
  readonly count: Int32Array;
  private readonly prev_mV: Float64Array;
  private prevT_ms = 0;

  /**
   * @param nodes the nodes watched (indices into the voltage arrays given to `sample`)
   * @param threshold_mV a spike is an upward crossing of this voltage
   * @param vInit_mV every node's voltage at t = 0
   */
  constructor(
    readonly nodes: Int32Array,
    readonly threshold_mV: number,
    vInit_mV: number,
  ) {
    this.first_ms = new Float64Array(nodes.length).fill(NaN);
    this.count = new Int32Array(nodes.length);
    this.prev_mV = new Float64Array(nodes.length).fill(vInit_mV);
  }

  /** Take the voltages of every node [mV] at time `t_ms` (after the previous sample's). */
  sample(t_ms: number, v_mV: ArrayLike<number>): void {
    const th = this.threshold_mV;
    for (let i = 0; i < this.nodes.length; i++) {
      const a = this.prev_mV[i], b = v_mV[this.nodes[i]];
      if (a < th && b >= th) {
        this.count[i]++;
        if (Number.isNaN(this.first_ms[i])) this.first_ms[i] = this.prevT_ms + ((th - a) / (b - a)) * (t_ms - this.prevT_ms);
      }
      this.prev_mV[i] = b;
    }
    this.prevT_ms = t_ms;
  }
}

/**
 * Least-squares line of position against first-spike time over the entries [i0, i1) that have a
 * time (NaN ones are skipped): its slope, the velocity [µm/ms = mm/s], and the mean time [ms] and
 * position [µm] it passes through. Null with fewer than 5 times or when all times are equal.
 */
export function fitVelocity(
  times_ms: ArrayLike<number>,
  positions_um: ArrayLike<number>,
  i0: number,
  i1: number,
): { v: number; t0: number; x0: number } | null {
  let n = 0, st = 0, sx = 0, stt = 0, stx = 0;
  for (let i = i0; i < i1; i++) {
    const t = times_ms[i];
    if (Number.isNaN(t)) continue;
    n++;
    st += t;
    sx += positions_um[i];
    stt += t * t;
    stx += t * positions_um[i];
  }
  if (n < 5) return null;
  const den = n * stt - st * st;
  if (den <= 0) return null;
  const slope = (n * stx - st * sx) / den;
  return { v: slope, t0: st / n, x0: sx / n };
}
