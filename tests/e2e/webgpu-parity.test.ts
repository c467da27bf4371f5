// The WebGPU engine in Chromium (navigator.gpu on SwiftShader), built by Vite from the library's
// own sources (tests/e2e/webgpu-parity/), against the same engine in Node (Dawn on SwiftShader)
// and the f64 CPU engine: the same traces, to the tolerances measured below, with the shaders
// reaching the browser both ways the library supports (Vite's ?raw, and the engine's fetch).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/engine/cpu/engine.js';
import type { Traces } from '../../src/engine/types.js';
import { WebGpuEngine } from '../../src/engine/webgpu/engine.js';
import type { SolveStrategy } from '../../src/engine/webgpu/kernels.js';
import { buildSimulation } from '../../src/model/load.js';
import { parseModel } from '../../src/model/validate.js';
import { compareTraces } from '../support/compare.js';
import { gpu, hasGpu } from '../gpu/gpu.js';
import type { ParityResult } from './webgpu-parity/main.js';
import { HAVE_CHROMIUM, launch, serveStatic, watchConsole } from './support.js';

const repo = resolve(import.meta.dirname, '../..');
const fixture = resolve(import.meta.dirname, 'webgpu-parity');

/** The cases: a model file, an edit, and the strategies to run it with. */
const CASES: Array<{ name: string; file: string; edit?: (m: Record<string, unknown>) => void; strategies: SolveStrategy[] }> = [
  {
    name: 'HH soma + axon, spike train',
    file: 'examples/hh-axon.json',
    edit: (m) => ((m.stimuli as Array<Record<string, unknown>>)[0].amp_nA = 0.4),
    strategies: ['workgroup', 'population', 'shared'],
  },
  { name: 'branched reference cell', file: 'tests/reference/models/branched.json', strategies: ['workgroup', 'population'] },
];

function modelText(c: (typeof CASES)[number]): string {
  const json = JSON.parse(readFileSync(join(repo, c.file), 'utf8')) as Record<string, unknown>;
  c.edit?.(json);
  return JSON.stringify(json);
}

const asTraces = (r: ParityResult): Traces => ({ t_ms: Float64Array.from(r.t_ms), labels: r.labels, columns: r.columns.map((c) => Float64Array.from(c)) });

/** Worst rms [mV] and spike shift [ms] over all columns; every column must have the same spikes. */
function worst(ours: Traces, ref: Traces, what: string): { rms_mV: number; shift_ms: number; spikes: number } {
  let rms_mV = 0, shift_ms = 0, spikes = 0;
  for (const c of compareTraces(ours, ref)) {
    expect(c.spikesOurs, `${what}, ${c.label}: spike count`).toBe(c.spikesRef);
    rms_mV = Math.max(rms_mV, c.rms_mV);
    shift_ms = Math.max(shift_ms, c.maxSpikeShift_ms);
    spikes += c.spikesRef;
  }
  return { rms_mV, shift_ms, spikes };
}

describe.skipIf(!HAVE_CHROMIUM || !hasGpu)('WebGPU engine in Chromium (SwiftShader) against Node WebGPU and the CPU engine', () => {
  let out: string;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Awaited<ReturnType<typeof launch>>;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'cablesim-parity-'));
    const built = build({
      root: fixture,
      configFile: false,
      base: './',
      publicDir: false,
      logLevel: 'warn',
      build: {
        outDir: out,
        emptyOutDir: true,
        target: 'es2022',
        rolldownOptions: {
          // the library's Node-only imports are behind a Node check (as in vite.config.ts)
          onLog(level, log, handler) {
            if (log.message?.includes('externalized for browser compatibility')) return;
            handler(level, log);
          },
        },
      },
    });
    [, browser] = await Promise.all([built, launch(true)]);
    server = await serveStatic(out);
  });

  afterAll(async () => {
    await server?.close();
    await browser?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  async function openFixture(): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.browser.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/index.html`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.ready === '1', { timeout: 20_000 });
    return { page, problems };
  }

  const inBrowser = (page: Page, model: string, strategy: SolveStrategy, shaders: 'raw' | 'fetch') =>
    page.evaluate(
      (model, strategy, shaders) =>
        (globalThis as unknown as { cablesimParity: (m: string, s: string, h: string) => Promise<ParityResult> }).cablesimParity(model, strategy, shaders),
      model,
      strategy,
      shaders,
    );

  for (const c of CASES) {
    it(`${c.name}: ${c.strategies.join(' and ')} in the browser match Node and the CPU engine`, async () => {
      const text = modelText(c);
      const sim = buildSimulation(parseModel(text, c.file));
      const cpu = await new CpuEngine(sim).run();
      const { page, problems } = await openFixture();
      for (const strategy of c.strategies) {
        const node = await WebGpuEngine.create(sim, { strategy, gpu: await gpu() });
        const nodeTraces = await node.run().finally(() => node.dispose());
        const browserRun = await inBrowser(page, text, strategy, 'raw');
        expect(browserRun.description).toMatch(new RegExp(`WebGPU f32, ${strategy} strategy, on .*swiftshader`, 'i'));
        const ours = asTraces(browserRun);
        expect(ours.labels).toEqual(cpu.labels);
        expect(ours.t_ms.length).toBe(cpu.t_ms.length);
        const vsNode = worst(ours, nodeTraces, `${strategy}, browser vs Node`);
        const vsCpu = worst(ours, cpu, `${strategy}, browser vs CPU`);
        console.log(`${c.name}, ${strategy}: browser vs Node rms ${vsNode.rms_mV.toExponential(2)} mV, spike shift ${vsNode.shift_ms.toExponential(2)} ms; vs CPU rms ${vsCpu.rms_mV.toExponential(2)} mV, shift ${vsCpu.shift_ms.toExponential(2)} ms (${vsCpu.spikes} spikes)`);
        expect(vsCpu.spikes).toBeGreaterThan(0);
        // measured on SwiftShader: browser and Node identical to the bit (same WGSL, same driver);
        // against the f64 CPU engine rms 1.7e-4…2.0e-4 mV, spikes 7.0e-6…7.6e-6 ms apart
        expect(vsNode.rms_mV).toBeLessThan(1e-4);
        expect(vsNode.shift_ms).toBeLessThan(1e-4);
        expect(vsCpu.rms_mV).toBeLessThan(2e-3);
        expect(vsCpu.shift_ms).toBeLessThan(1e-3);
      }
      expect(problems).toEqual([]);
      await page.close();
    });
  }

  it('the engine fetches its shaders itself when the page hands over none (Vite build)', async () => {
    const c = CASES[0];
    const text = modelText(c);
    const { page, problems } = await openFixture();
    const fetched: string[] = [];
    page.on('requestfinished', (r) => {
      if (/\.wgsl(\?|$)/.test(r.url()) && r.response()?.ok()) fetched.push(r.url());
    });
    const a = asTraces(await inBrowser(page, text, 'workgroup', 'fetch'));
    // Vite turns the engine's fetch(new URL(`…/${name}.wgsl`, import.meta.url)) into a table of
    // asset URLs: files over 4 KiB are served beside the bundle, smaller ones inlined as data: URLs
    expect(fetched.length, 'shader files fetched over HTTP').toBeGreaterThanOrEqual(1);
    const { page: page2 } = await openFixture();
    const b = asTraces(await inBrowser(page2, text, 'workgroup', 'raw'));
    // the same shader text either way: the same float32 results to the bit
    expect(a.columns).toEqual(b.columns);
    expect(problems).toEqual([]);
    await Promise.all([page.close(), page2.close()]);
  });
});
