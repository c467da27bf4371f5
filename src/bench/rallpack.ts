/**
 * The Rallpack models (Bhalla, Bilitch & Bower 1992) as cablesim model objects (without
 * `format`): Rm 4 Ω·m², Cm 1 µF/cm², Ra 100 Ω·cm, rest −65 mV, 0.1 nA injected at x = 0 from
 * t = 0 for 250 ms. One home for them: the benchmark suite and the tests both build them here.
 */
const MEMBRANE = { cm_uF_per_cm2: 1, Ra_ohm_cm: 100, vInit_mV: -65, celsius: 6.3 };
const PASSIVE = { name: 'pas', where: ['all'], params: { g: 1 / 40000, e: -65 } };
const INJECT = (section: string) => ({ type: 'iclamp', at: { section, x: 0 }, delay_ms: 0, dur_ms: 250, amp_nA: 0.1 });

/** Rallpack 1: a 1 mm × 1 µm passive cable; records at both ends. */
export function rallpack1(nseg: number, dt_ms: number, tstop_ms = 250): Record<string, unknown> {
  return {
    morphology: { sections: [{ name: 'cable', length_um: 1000, diam_um: 1, nseg }] },
    membrane: MEMBRANE,
    mechanisms: [PASSIVE],
    stimuli: [INJECT('cable')],
    record: [
      { label: 'x0', at: { section: 'cable', x: 0 }, var: 'v' },
      { label: 'x1', at: { section: 'cable', x: 1 }, var: 'v' },
    ],
    run: { tstop_ms, dt_ms },
  };
}

/**
 * Rallpack 2: a 10-level binary tree of 1023 cylinders, root 16 µm × 32 µm, each level's
 * diameter × 2^(−2/3) and length × 2^(−1/3); records at the root's 0 end and at the 1 end
 * of the last tip.
 */
export function rallpack2(nseg: number, dt_ms: number, tstop_ms = 250): Record<string, unknown> {
  const sections: object[] = [];
  let tip = '';
  const grow = (level: number, parent?: string): void => {
    const name = `b${sections.length}`;
    sections.push({
      name,
      ...(parent ? { parent } : {}),
      length_um: 32 * Math.pow(2, -level / 3),
      diam_um: 16 * Math.pow(2, (-2 * level) / 3),
      nseg,
    });
    tip = name;
    if (level < 9) {
      grow(level + 1, name);
      grow(level + 1, name);
    }
  };
  grow(0);
  return {
    morphology: { sections },
    membrane: MEMBRANE,
    mechanisms: [PASSIVE],
    stimuli: [INJECT('b0')],
    record: [
      { label: 'x0', at: { section: 'b0', x: 0 }, var: 'v' },
      { label: 'x1', at: { section: tip, x: 1 }, var: 'v' },
    ],
    run: { tstop_ms, dt_ms },
  };
}

/** Rallpack 3: Rallpack 1's cable with Hodgkin–Huxley channels (leak 2.5e−5 S/cm² at −65 mV). */
export function rallpack3(nseg: number, dt_ms: number, tstop_ms = 250): Record<string, unknown> {
  const m = rallpack1(nseg, dt_ms, tstop_ms);
  return { ...m, mechanisms: [{ name: 'hh', where: ['all'], params: { gnabar: 0.12, gkbar: 0.036, gl: 2.5e-5, el: -65 } }] };
}
