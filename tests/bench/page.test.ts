// The /bench/ page runs the quick benchmark suite in headless Chromium (WebGPU on SwiftShader),
// tiny (?steps=10&repeats=1): the table fills for both engines, the scaling plot is drawn, and
// the JSON it offers matches the report schema. No timing is asserted.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchReport } from '../../src/bench/report.js';
import { REPORT_SCHEMA, checkSchema } from '../../src/bench/schema.js';
import { HAVE_CHROMIUM, startSite, type DemoSite } from '../e2e/support.js';

const SHOTS = resolve(import.meta.dirname, '../.tmp/screenshots');

describe.skipIf(!HAVE_CHROMIUM)('/bench/: the benchmark suite in the browser', () => {
  let site: DemoSite | undefined;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    site = await startSite(true);
  }, 300_000);

  afterAll(async () => {
    await site?.close();
  });

  it('runs the quick suite on the CPU engine and WebGPU, shows the table and the plot, offers JSON', async () => {
    // the quick look of the page's first card runs after the suite: keep it short (?ms=)
    const { page, problems } = await site!.open('bench/?suite=quick&steps=10&repeats=1&ms=50', 1100, 900);
    await page.waitForFunction(() => document.querySelector('.bench-suite')?.getAttribute('data-phase') !== 'running' && document.querySelector('#bench-compact'), {
      timeout: 240_000,
      polling: 250,
    });
    expect(await page.$eval('.bench-suite', (el) => el.getAttribute('data-phase'))).toBe('done');
    const rows = await page.$$eval('#bench-suite-table tbody tr', (trs) =>
      trs.map((tr) => ({ id: tr.getAttribute('data-workload') ?? '', cells: Array.from(tr.querySelectorAll('td'), (td) => td.textContent?.trim() ?? '') })),
    );
    expect(rows.map((r) => r.id)).toEqual(['l5pc-quick', 'ca1-pop-1', 'ca1-pop-10', 'ca1-pop-100', 'axon-100', 'axon-1000', 'axon-10000', 'rallpack1-quick', 'rallpack2-quick', 'rallpack3-quick']);
    for (const r of rows) {
      expect(r.cells[2]).toBe('10'); // steps, capped
      expect(r.cells[3], r.id).toMatch(/^\d[\d.]* ?[kMG]?\s*±\d+ %, 1 run$/); // CPU
      expect(r.cells[6], r.id).toMatch(/^\d[\d.]* ?[kMG]?\s*±\d+ %, 1 run$/); // WebGPU (SwiftShader)
    }
    // the plot: one line per sweep and engine, a marker per point
    const plot = await page.$eval('.bench-plot svg', (svg) => ({ paths: svg.querySelectorAll('path[fill="none"]').length, titles: svg.querySelectorAll('g > title').length }));
    expect(plot.paths).toBeGreaterThanOrEqual(4);
    expect(plot.titles).toBe(20);
    // the compact string and the JSON behind the download button
    const compact = await page.$eval('#bench-compact', (t) => (t as HTMLTextAreaElement).value);
    expect(compact).toMatch(/^\*\*cablesim-bench\/1 quick\*\*/);
    expect(compact).toContain('| workload | size | steps | cpu | webgpu |');
    const json = await page.evaluate(async () => {
      let text = '';
      const orig = URL.createObjectURL;
      URL.createObjectURL = (b: Blob | MediaSource) => {
        void (b as Blob).text().then((t) => (text = t));
        return orig(b as Blob);
      };
      (document.querySelector('#bench-suite-download') as HTMLButtonElement).click();
      while (!text) await new Promise((r) => setTimeout(r, 20));
      URL.createObjectURL = orig;
      return text;
    });
    const rep = JSON.parse(json) as BenchReport;
    expect(checkSchema(rep, REPORT_SCHEMA)).toEqual([]);
    expect(rep.adapter?.architecture).toBe('swiftshader');
    expect(rep.machine.runtime).toMatch(/Chrome/);
    expect(rep.workloads.every((w) => w.results.map((r) => `${r.backend} ${r.status}`).join() === 'cpu ok,webgpu ok')).toBe(true);
    await page.screenshot({ path: `${SHOTS}/bench-suite.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);
});

describe.skipIf(!HAVE_CHROMIUM)('/bench/ without WebGPU: the suite still runs on the CPU engine', () => {
  let site: DemoSite | undefined;

  beforeAll(async () => {
    site = await startSite(false);
  }, 300_000);

  afterAll(async () => {
    await site?.close();
  });

  it('says WebGPU is unavailable on every row and why, and reports no adapter', async () => {
    const { page, problems } = await site!.open('bench/?suite=quick&steps=5&repeats=1&ms=50', 1000, 900);
    await page.waitForFunction(() => document.querySelector('.bench-suite')?.getAttribute('data-phase') === 'done' && document.querySelector('#bench-compact'), {
      timeout: 240_000,
      polling: 250,
    });
    const rows = await page.$$eval('#bench-suite-table tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent?.trim() ?? '')));
    expect(rows).toHaveLength(10);
    for (const r of rows) {
      expect(r[3]).toMatch(/1 run$/);
      expect(r[6]).toMatch(/^unavailable: .*WebGPU/);
    }
    const compact = await page.$eval('#bench-compact', (t) => (t as HTMLTextAreaElement).value);
    expect(compact).toMatch(/GPU: no WebGPU adapter/);
    expect(compact).toMatch(/\| unavailable \|$/m);
    expect(problems.filter((p) => p !== 'warn: No available adapters.')).toEqual([]);
    await page.close();
  }, 300_000);
});
