import { describe, expect, it } from 'vitest';
import { spikeTimes } from '../src/analysis/spikes.js';
import { column, rallpackReference, relativeRms, runCpu } from './support/simulate.js';
import { rallpack1, rallpack2, rallpack3 } from '../src/bench/rallpack.js';

// Published pass mark: relative rms error (rms difference over the reference's range) < 0.1%.
const PASS = 1e-3;

describe('Rallpacks on the CPU engine', () => {
  it('Rallpack 1 (passive cable) is within 0.1% of the analytic solution at both ends', async () => {
    const tr = await runCpu(rallpack1(100, 0.025));
    const e0 = relativeRms(tr.t_ms, column(tr, 'x0'), rallpackReference('ref_cable.0'));
    const e1 = relativeRms(tr.t_ms, column(tr, 'x1'), rallpackReference('ref_cable.x'));
    expect(e0).toBeLessThan(PASS);
    expect(e1).toBeLessThan(PASS);
  });

  it('Rallpack 2 (binary tree of 1023 cylinders) is within 0.1% at the root and at a tip', async () => {
    const tr = await runCpu(rallpack2(3, 0.05));
    expect(relativeRms(tr.t_ms, column(tr, 'x0'), rallpackReference('ref_branch.0'))).toBeLessThan(PASS);
    expect(relativeRms(tr.t_ms, column(tr, 'x1'), rallpackReference('ref_branch.x'))).toBeLessThan(PASS);
  });

  it('Rallpack 3 (HH axon) fires the same spikes as NEURON, each within 0.5 ms, at dt = 0.01 ms', async () => {
    const tr = await runCpu(rallpack3(1000, 0.01));
    for (const [label, file] of [['x0', 'ref_axon.0.neuron'], ['x1', 'ref_axon.x.neuron']]) {
      const ref = rallpackReference(file);
      // ours on the reference's 50 µs grid, as tools/compare_traces.py compares them
      const v = column(tr, label);
      const ours = Float64Array.from(ref.t_ms, (t) => v[Math.round(t / 0.01)]);
      const a = spikeTimes(ref.t_ms, ours), b = spikeTimes(ref.t_ms, ref.v_mV);
      expect(b.length).toBeGreaterThan(10);
      expect(a.length).toBe(b.length);
      const worst = Math.max(...a.map((t, i) => Math.abs(t - b[i])));
      expect(worst).toBeLessThan(0.5);
    }
  });
});
