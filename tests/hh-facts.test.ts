/**
 * Facts of NEURON's `hh` that any faithful implementation shows, measured on the CPU engine.
 * The single compartment has 1e5 µm² of membrane, so 1 nA is 1 µA/cm².
 */
import { describe, expect, it } from 'vitest';
import { spikeTimes } from '../src/analysis/spikes.js';
import { column, runCpu } from './support/simulate.js';

const SOMA_DIAM_UM = Math.sqrt(1e5 / Math.PI); // L = diam: area π·d² = 1e5 µm²

/** A single HH compartment with a step of `density` µA/cm² from 10 ms for `dur` ms. */
function pointNeuron(density: number, dur: number, tstop: number): object {
  return {
    morphology: { sections: [{ name: 'soma', length_um: SOMA_DIAM_UM, diam_um: SOMA_DIAM_UM }] },
    mechanisms: [{ name: 'hh', where: ['soma'] }],
    stimuli: [{ type: 'iclamp', at: { section: 'soma', x: 0.5 }, delay_ms: 10, dur_ms: dur, amp_nA: density }],
    record: [{ label: 'v', at: { section: 'soma', x: 0.5 }, var: 'v' }],
    run: { tstop_ms: tstop, dt_ms: 0.025 },
  };
}

async function spikesAt(density: number): Promise<number[]> {
  const tr = await runCpu(pointNeuron(density, 200, 215));
  return spikeTimes(tr.t_ms, column(tr, 'v'));
}

/** Smallest density in [lo, hi] where `fires` holds (assumed monotone), to `tol` µA/cm². */
async function threshold(lo: number, hi: number, tol: number, fires: (d: number) => Promise<boolean>): Promise<number> {
  expect(await fires(lo)).toBe(false);
  expect(await fires(hi)).toBe(true);
  while (hi - lo > tol) {
    const mid = (lo + hi) / 2;
    if (await fires(mid)) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

describe("Hodgkin–Huxley facts of NEURON's hh at 6.3 °C", () => {
  it('rests at −65.0 mV', async () => {
    const tr = await runCpu(pointNeuron(0, 0, 200));
    const v = column(tr, 'v');
    const last = v[v.length - 1];
    expect(Math.abs(last + 65)).toBeLessThan(0.05); // −65.0 to one decimal (NEURON: −64.974)
    expect(Math.abs(v[v.length - 4001] - last)).toBeLessThan(1e-6); // settled over the last 100 ms
    for (const x of Array.from(v)) expect(Math.abs(x + 65)).toBeLessThan(0.1); // and never strayed
  });

  it('has a rheobase of 2.24 µA/cm² (±2%) for a 200 ms step', async () => {
    const rheobase = await threshold(0.5, 10, 1e-3, async (d) => (await spikesAt(d)).length > 0);
    expect(rheobase).toBeGreaterThan(2.24 * 0.98);
    expect(rheobase).toBeLessThan(2.24 * 1.02);
  });

  it('fires repetitively through a 200 ms step from about 6.2 µA/cm²', async () => {
    // sustained: still firing in the last 50 ms of the step
    const sustained = async (d: number) => (await spikesAt(d)).some((t) => t > 160);
    const onset = await threshold(3, 12, 1e-3, sustained);
    expect(onset).toBeGreaterThan(6.2 * 0.97);
    expect(onset).toBeLessThan(6.2 * 1.03);
    // and below it, a single spike, or a few, then silence
    const below = await spikesAt(onset - 0.2);
    expect(below.length).toBeGreaterThan(0);
    expect(below.every((t) => t < 160)).toBe(true);
  });

  it('conducts at 18.7 m/s (±2%) in a 476 µm squid axon at 18.5 °C (Ra 35.4 Ω·cm)', async () => {
    const L = 60_000, nseg = 1200; // 6 cm in 50 µm segments
    const tr = await runCpu({
      morphology: { sections: [{ name: 'axon', length_um: L, diam_um: 476, nseg }] },
      membrane: { Ra_ohm_cm: 35.4, celsius: 18.5 },
      mechanisms: [{ name: 'hh', where: ['all'] }],
      stimuli: [{ type: 'iclamp', at: { section: 'axon', x: 0 }, delay_ms: 0.5, dur_ms: 0.5, amp_nA: 20_000 }],
      record: [
        { label: 'a', at: { section: 'axon', x: 0.25 }, var: 'v' },
        { label: 'b', at: { section: 'axon', x: 0.75 }, var: 'v' },
      ],
      run: { tstop_ms: 6, dt_ms: 0.005 },
    });
    const [ta] = spikeTimes(tr.t_ms, column(tr, 'a'));
    const [tb] = spikeTimes(tr.t_ms, column(tr, 'b'));
    // the recording nodes are the centres of the segments holding x = 0.25 and 0.75
    const centre = (x: number) => ((Math.floor(x * nseg) + 0.5) / nseg) * L;
    const velocity_m_per_s = (centre(0.75) - centre(0.25)) / 1000 / (tb - ta); // mm/ms = m/s
    expect(velocity_m_per_s).toBeGreaterThan(18.7 * 0.98);
    expect(velocity_m_per_s).toBeLessThan(18.7 * 1.02);
  });
});
