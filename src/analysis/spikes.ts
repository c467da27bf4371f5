/**
 * Spikes in a voltage trace: upward crossings of a threshold (0 mV by default), each timed by
 * linear interpolation between the two samples around it, as tools/compare_traces.py does.
 */

/**
 * Times [ms] of the upward crossings of `threshold_mV` in `v_mV` sampled at `t_ms`: sample
 * pairs with v[i−1] < threshold <= v[i], interpolated linearly.
 */
export function spikeTimes(t_ms: ArrayLike<number>, v_mV: ArrayLike<number>, threshold_mV = 0): number[] {
  const out: number[] = [];
  const n = Math.min(t_ms.length, v_mV.length);
  for (let i = 1; i < n; i++) {
    const a = v_mV[i - 1];
    const b = v_mV[i];
    if (a < threshold_mV && threshold_mV <= b) {
      out.push(t_ms[i - 1] + ((threshold_mV - a) / (b - a)) * (t_ms[i] - t_ms[i - 1]));
    }
  }
  return out;
}
