/**
 * The CPU engine against NEURON 8.2 on every reference model (tests/reference: models, NEURON's
 * traces, and the script that made them): every spike within 0.05 ms, rms under 0.5 mV, at
 * every recorded site.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../src/engine/cpu/engine.js';
import { readTracesCsv } from '../src/io/csv.js';
import { loadSimulation } from '../src/model/load.js';
import { compareTraces } from './support/compare.js';

const dir = fileURLToPath(new URL('./reference/', import.meta.url));
const models = readdirSync(`${dir}models`).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));

describe('CPU engine against NEURON 8.2', () => {
  it('has reference models to check', () => expect(models.length).toBeGreaterThanOrEqual(16));

  for (const name of models) {
    it(`${name}: every spike within 0.05 ms and rms under 0.5 mV at every site`, async () => {
      const sim = await loadSimulation(`${dir}models/${name}.json`);
      const ours = await new CpuEngine(sim).run();
      const ref = readTracesCsv(readFileSync(`${dir}neuron/${name}.csv`, 'utf8'));
      expect(ours.t_ms.length).toBe(ref.t_ms.length);
      for (const c of compareTraces(ours, ref)) {
        expect(c.spikesOurs, `${c.label}: spike count`).toBe(c.spikesRef);
        expect(c.maxSpikeShift_ms, `${c.label}: spike shift`).toBeLessThanOrEqual(0.05);
        expect(c.rms_mV, `${c.label}: rms`).toBeLessThan(0.5);
      }
    });
  }
});
