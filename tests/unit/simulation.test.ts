import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/model/load.js';
import { firstStepAtOrAfter } from '../../src/model/simulation.js';
import { parseModel } from '../../src/model/validate.js';

// soma (one point), a dendrite of three samples
const SWC = ['1 1 0 0 0 5 -1', '2 3 0 10 0 1 1', '3 3 0 30 0 1 2', '4 3 0 60 0 0.8 3'].join('\n');

function swcModel(where: string[]) {
  return parseModel(
    JSON.stringify({
      format: 'cablesim-model/1',
      morphology: { swc: 'cell.swc' },
      mechanisms: [{ name: 'hh', where }],
      record: [{ label: 'd', at: { swcId: 3 }, var: 'v' }],
      run: { tstop_ms: 1, dt_ms: 0.025 },
    }),
    'case.json',
  );
}

describe('prepareSimulation: where a mechanism goes', () => {
  it('inserts into the regions named, and into every segment of them', () => {
    const sim = buildSimulation(swcModel(['dend']), SWC, 'cell.swc');
    const dend = sim.tree.sections.filter((s) => s.region === 'dend');
    expect(sim.mechanisms[0].data.count).toBe(dend.reduce((a, s) => a + s.nseg, 0));
    expect(sim.warnings).toEqual([]);
  });

  it('warns, and inserts nothing, for a region this cell lacks (as NEURON does)', () => {
    const sim = buildSimulation(swcModel(['apic']), SWC, 'cell.swc');
    expect(sim.mechanisms[0].data.count).toBe(0);
    expect(sim.warnings).toEqual([
      'case.json: mechanisms[0].where[0]: no section or region is named "apic" (have: soma, dend), so hh is not inserted there',
    ]);
  });

  it('refuses a name that is no SWC region and no section (a typo)', () => {
    expect(() => buildSimulation(swcModel(['dendrite']), SWC, 'cell.swc')).toThrow(
      /^case\.json: mechanisms\[0\]\.where\[0\]: "dendrite" is no region of an SWC cell/,
    );
  });

  it('takes NEURON section names too', () => {
    const sim = buildSimulation(swcModel(['soma[0]']), SWC, 'cell.swc');
    expect(sim.mechanisms[0].data.count).toBe(1);
  });
});

describe('stimulus steps', () => {
  it('a stimulus is on in the steps whose midpoint lies in [delay, delay + dur), as NEURON evaluates it', () => {
    expect(firstStepAtOrAfter(5, 0.025)).toBe(200); // midpoint 5.0125; step 199's is 4.9875
    expect(firstStepAtOrAfter(0, 0.025)).toBe(0);
    for (const dt of [0.025, 0.01, 0.03, 0.1, 1 / 3]) {
      for (const t of [0, 0.0125, 0.05, 1, 2.5, 4.9875, 5, 7.77, 40.015, 1234.5]) {
        const s = firstStepAtOrAfter(t, dt);
        expect((s + 0.5) * dt, `dt ${dt}, t ${t}`).toBeGreaterThanOrEqual(t);
        if (s > 0) expect((s - 0.5) * dt, `dt ${dt}, t ${t}`).toBeLessThan(t);
      }
    }
  });
});
