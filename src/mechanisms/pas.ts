/** `pas`: a passive leak, i = g·(v − e), as NEURON's built-in `pas`. */
import type { MechanismData, MechanismDef } from './types.js';

const G = 0, E = 1;

export const pas: MechanismDef = {
  name: 'pas',
  doc: 'passive leak conductance',
  params: [
    { name: 'g', unit: 'S/cm2', default: 0.001, min: 0, doc: 'leak conductance' },
    { name: 'e', unit: 'mV', default: -70, min: -1000, max: 1000, doc: 'leak reversal potential' },
  ],
  states: [],
  cpu: {
    init(): void {},
    current(d: MechanismData, v: Float64Array, i: Float64Array, g: Float64Array): void {
      const gp = d.param[G], ep = d.param[E], node = d.node;
      for (let k = 0; k < d.count; k++) {
        const nd = node[k];
        i[nd] += gp[k] * (v[nd] - ep[k]);
        g[nd] += gp[k];
      }
    },
    advance(): void {},
  },
  wgsl: {
    relativeToRest: ['e'],
    code: /* wgsl */ `
// pas: p = g [S/cm²], e [mV, relative to rest].
fn pas_current(vr: f32, p: array<f32, 2>) -> vec2<f32> {
  return vec2<f32>(p[0] * (vr - p[1]), p[0]);
}
`,
  },
};
