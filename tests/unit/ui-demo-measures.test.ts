// What the demo pages compute besides drawing: the neuron page's Nernst potentials, and the axon
// page's path, spike times and conduction velocity (also on a real simulated axon).
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/engine/cpu/engine.js';
import { SpikeTimes, fitVelocity, sectionPath } from '../../demos/axon/measure.js';
import { AXON_DEFAULTS, POINT_DEFAULTS, axon, type AxonSpec } from '../../demos/lib/models.js';
import { F, ION_DEFAULTS_MM, R, nernst_mV } from '../../demos/neuron/ions.js';

describe('Nernst potentials (neuron page)', () => {
  const { nao, nai, ko, ki } = ION_DEFAULTS_MM;
  const celsius = POINT_DEFAULTS.celsius;

  it('uses R = N_A·k_B and F = N_A·e (SI 2019 exact values)', () => {
    const NA = 6.02214076e23, kB = 1.380649e-23, e = 1.602176634e-19;
    expect(R / (NA * kB)).toBeCloseTo(1, 9);
    expect(F / (NA * e)).toBeCloseTo(1, 9);
  });

  it("gives HH's E_Na ≈ 50 mV and E_K ≈ −77 mV at the page's defaults (6.3 °C)", () => {
    expect(celsius).toBe(6.3);
    const rtf_mV = (1000 * R * (celsius + 273.15)) / F; // 24.08 mV
    expect(nernst_mV(nao, nai, celsius)).toBeCloseTo(rtf_mV * Math.log(440 / 55), 10);
    expect(nernst_mV(nao, nai, celsius)).toBeCloseTo(50, 0);
    expect(nernst_mV(ko, ki, celsius)).toBeCloseTo(-77, 0);
    // The defaults of the page agree with the model's fixed reversal potentials.
    expect(Math.abs(nernst_mV(nao, nai, celsius) - POINT_DEFAULTS.ena_mV)).toBeLessThan(0.5);
    expect(Math.abs(nernst_mV(ko, ki, celsius) - POINT_DEFAULTS.ek_mV)).toBeLessThan(0.5);
  });

  it('scales with temperature and valence and flips sign with the gradient', () => {
    // 61.5 mV per tenfold gradient at body temperature: the textbook figure.
    expect(nernst_mV(10, 1, 37)).toBeCloseTo(61.54, 1);
    expect(nernst_mV(10, 1, 37, 2)).toBeCloseTo(61.54 / 2, 1);
    expect(nernst_mV(55, 440, celsius)).toBeCloseTo(-nernst_mV(440, 55, celsius), 12);
    expect(nernst_mV(100, 100, celsius)).toBe(0);
    expect(nernst_mV(nao, nai, 30)).toBeGreaterThan(nernst_mV(nao, nai, celsius));
  });
});

describe('fitVelocity (axon page)', () => {
  const positions = Float64Array.from({ length: 20 }, (_, i) => 25 + 50 * i); // µm

  it('recovers the slope of an exact front, skipping nodes that have not spiked', () => {
    const v = 500; // µm/ms = 0.5 m/s
    const times = Float64Array.from(positions, (x) => 1 + x / v);
    times[3] = NaN;
    times[17] = NaN;
    const fit = fitVelocity(times, positions, 2, 18)!;
    expect(fit.v).toBeCloseTo(v, 9);
    // The line passes through (t0, x0).
    expect(fit.t0).toBeCloseTo(1 + fit.x0 / v, 12);
  });

  it('is a least-squares fit: symmetric noise leaves the slope', () => {
    const times = Float64Array.from(positions, (x, i) => x / 400 + (i % 2 ? 0.01 : -0.01));
    expect(fitVelocity(times, positions, 0, 20)!.v).toBeCloseTo(400, -1);
  });

  it('needs five spike times that differ', () => {
    const times = new Float64Array(20).fill(NaN);
    for (let i = 0; i < 4; i++) times[i] = i;
    expect(fitVelocity(times, positions, 0, 20)).toBeNull();
    times.fill(2);
    expect(fitVelocity(times, positions, 0, 20)).toBeNull();
  });
});

describe('SpikeTimes (axon page)', () => {
  it('times the first upward crossing by linear interpolation and counts every crossing', () => {
    const s = new SpikeTimes(Int32Array.from([1, 0]), -20, -65);
    const v = new Float64Array(2);
    const step = (t: number, v1: number, v0: number) => {
      v[1] = v1;
      v[0] = v0;
      s.sample(t, v);
    };
    step(1, -60, -65);
    step(2, 20, -65); // node 1 crosses −20 half way through (1, 2]
    step(3, -70, -30);
    step(4, 0, -10); // node 1 crosses again; node 0 a quarter of the way through (3, 4]
    expect(s.first_ms[0]).toBeCloseTo(1.5, 12);
    expect(s.count[0]).toBe(2);
    expect(s.first_ms[1]).toBeCloseTo(3.5, 12);
    expect(s.count[1]).toBe(1);
    expect(s.nodes[0]).toBe(1); // entries follow the order of `nodes`
  });

  it('does not count staying above threshold or crossing downwards', () => {
    const s = new SpikeTimes(Int32Array.from([0]), -20, 10);
    s.sample(1, [20]);
    s.sample(2, [-60]);
    expect(s.count[0]).toBe(0);
    expect(s.first_ms[0]).toBeNaN();
  });
});

describe('the axon page on a simulated axon (CPU engine)', () => {
  /** Conduction velocity [m/s] the page would show for this axon. */
  async function velocity(over: Partial<AxonSpec>): Promise<number> {
    const sim = axon({ ...AXON_DEFAULTS, length_um: 4000, tstop_ms: 12, ...over });
    const { nodes, positions_um } = sectionPath(sim.tree);
    const spikes = new SpikeTimes(nodes, -20, sim.vInit_mV);
    const engine = new CpuEngine(sim);
    await engine.reset();
    for (let k = 0; k < sim.nsteps; k += 2) {
      const frame = await engine.advance(2);
      spikes.sample(frame.t_ms, frame.v_mV);
    }
    const N = nodes.length;
    const fit = fitVelocity(spikes.first_ms, positions_um, Math.floor(0.1 * N), Math.floor(0.9 * N));
    expect(fit).not.toBeNull();
    return fit!.v / 1000;
  }

  it('walks the axon centre by centre', () => {
    const sim = axon(AXON_DEFAULTS);
    const sec = sim.tree.sections[0];
    const { nodes, positions_um } = sectionPath(sim.tree);
    const L = AXON_DEFAULTS.length_um, n = sec.nseg;
    expect(nodes.length).toBe(n);
    expect(L / n).toBeLessThanOrEqual(AXON_DEFAULTS.segment_um);
    nodes.forEach((node, i) => {
      expect(node).toBe(sec.firstNode + i);
      expect(positions_um[i]).toBeCloseTo(((i + 0.5) * L) / n, 9);
    });
  });

  it('measures about half a metre per second for 1 µm at 6.3 °C, and faster (≈ √d) for 4 µm', async () => {
    const thin = await velocity({});
    expect(thin).toBeGreaterThan(0.3);
    expect(thin).toBeLessThan(1);
    const thick = await velocity({ diam_um: 4, amp_nA: 2 }); // a thicker axon needs more current to fire
    expect(thick / thin).toBeGreaterThan(1.6);
    expect(thick / thin).toBeLessThan(2.4);
  });
});
