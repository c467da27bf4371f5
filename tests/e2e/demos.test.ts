// The demo pages in Chromium with WebGPU on (SwiftShader): each loads without console errors or
// warnings, simulates, draws; the axon's spike moves along it; the tree page takes dropped SWC
// files; with ?backend=webgpu every page runs on the WebGPU engine.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSwc } from '../../src/model/swc.js';
import { HAVE_CHROMIUM, canvasColours, simStatus, startSite, waitForSimTime, type DemoSite } from './support.js';

/** With CABLESIM_SCREENSHOTS=1 the screenshots go to docs/screenshots (committed), else to tests/.tmp. */
const SHOTS = resolve(import.meta.dirname, process.env.CABLESIM_SCREENSHOTS ? '../../docs/screenshots' : '../.tmp/screenshots');

/** A small cell: a soma and two dendrites (SWC, µm). */
const SMALL_CELL = [
  '# a test cell',
  '1 1 0 0 0 6 -1',
  ...Array.from({ length: 10 }, (_, i) => `${i + 2} 3 ${-(i + 1) * 20} ${(i + 1) * 15} 0 1 ${i + 1}`),
  `12 3 ${20} ${15} 0 1 1`,
  ...Array.from({ length: 9 }, (_, i) => `${i + 13} 3 ${(i + 2) * 20} ${(i + 2) * 15} 0 1 ${i + 12}`),
].join('\n');
const BROKEN_CELL = ['1 1 0 0 0 5 -1', '2 3 0 5 0 1 1', '3 3 0 9 0 1 17'].join('\n');

describe.skipIf(!HAVE_CHROMIUM)('demo pages (Chromium, WebGPU on SwiftShader)', () => {
  let site: DemoSite;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    site = await startSite(true);
  });

  afterAll(async () => {
    await site?.close();
  });

  const open = (path: string, width?: number, height?: number) => site.open(path, width, height);

  it('gallery: loads clean and links every demo', async () => {
    const { page, problems } = await open('');
    const links = await page.$$eval('main a.card', (as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(['./neuron/', './axon/', './tree/', './bench/']);
    const png = await page.screenshot({ path: `${SHOTS}/gallery.png` });
    expect(png.length).toBeGreaterThan(20_000);
    expect(problems).toEqual([]);
    await page.close();
  });

  // [page, a canvas that must not be blank, simulated time to wait for [ms], and for docs screenshots]
  // and the page's speed for them [ms/s]]
  for (const [path, host, minTime, docTime, docSpeed] of [
    ['neuron/', 'cs-trace-plot', 5, 75, 20],
    ['axon/', 'cs-morphology', 3, 13, 5],
    ['tree/', 'cs-morphology', 2, 3.4, 2],
  ] as const) {
    it(`${path}: simulates on the WebGPU engine, draws, and says which backend runs`, async () => {
      // `auto` prefers the CPU engine over a software adapter such as SwiftShader: ask for WebGPU.
      const query = process.env.CABLESIM_SCREENSHOTS ? `?backend=webgpu&speed=${docSpeed}` : '?backend=webgpu';
      const { page, problems } = await open(`${path}${query}`);
      await waitForSimTime(page, process.env.CABLESIM_SCREENSHOTS ? docTime : minTime);
      const a = await simStatus(page);
      await waitForSimTime(page, a.t_ms + 0.5);
      const b = await simStatus(page);
      expect(b.t_ms).toBeGreaterThan(a.t_ms);
      expect(b.backend).toBe('webgpu');
      const text = await page.$eval('cs-sim-controls', (el) => el.shadowRoot!.textContent ?? '');
      expect(text).toMatch(/backend: webgpu \(WebGPU/);
      expect(text).toMatch(/simulated per second/);
      expect(await canvasColours(page, host)).toBeGreaterThan(5);
      // The neuron page's phase plane and f–I curve are below the fold: take the whole page.
      const png = await page.screenshot({ path: `${SHOTS}/${path.replace('/', '')}.png`, fullPage: path === 'neuron/' });
      expect(png.length).toBeGreaterThan(30_000);
      expect(problems).toEqual([]);
      await page.close();
    });
  }

  it('bench/: measures every backend and fills the table', async () => {
    const { page, problems } = await open('bench/?ms=150');
    await waitForSimTime(page, 0.2);
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.startsWith('done'), { timeout: 60_000 });
    const rows = await page.$$eval('tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const r of rows) {
      expect(r[2]).toMatch(/\d(\.\d+)? ?[kMG]?\s*\d+ ms\/s simulated/); // CPU always runs
      expect(r[3]).toMatch(/ms\/s simulated|unavailable/);
    }
    await page.screenshot({ path: `${SHOTS}/bench.png` });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('axon/: the pixels along the axon turn spike-coloured in the order the spike travels', async () => {
    const { page, problems } = await open('axon/?speed=5&backend=cpu');
    await waitForSimTime(page, 0);
    // Time (page clock) at which each point along the axon first shows a spike colour (red).
    const firstHot = await page.evaluate(async () => {
      const view = document.querySelector('cs-morphology') as HTMLElement & { toScreen(x: number, y: number): [number, number] };
      const canvas = view.shadowRoot!.querySelector('canvas')!;
      const dpr = canvas.width / canvas.clientWidth;
      // Read through a 1-pixel copy made for reading (reading the view's canvas itself each frame
      // makes Chromium warn about readback without willReadFrequently).
      const probe = document.createElement('canvas');
      probe.width = probe.height = 1;
      const ctx = probe.getContext('2d', { willReadFrequently: true })!;
      const fractions = [0.15, 0.4, 0.65, 0.9];
      const seen: number[] = fractions.map(() => NaN);
      const t0 = performance.now();
      while (seen.some(Number.isNaN) && performance.now() - t0 < 20_000) {
        await new Promise((r) => requestAnimationFrame(r));
        fractions.forEach((f, k) => {
          if (!Number.isNaN(seen[k])) return;
          const [x, y] = view.toScreen(f * 10_000, 0);
          ctx.drawImage(canvas, Math.round(x * dpr), Math.round(y * dpr), 1, 1, 0, 0, 1, 1);
          const [r, , b] = ctx.getImageData(0, 0, 1, 1).data;
          if (r > 180 && b < 120) seen[k] = performance.now() - t0;
        });
      }
      return seen;
    });
    expect(firstHot.every(Number.isFinite)).toBe(true);
    for (let k = 1; k < firstHot.length; k++) expect(firstHot[k]).toBeGreaterThan(firstHot[k - 1]);
    await page.waitForFunction(() => /Conduction velocity: \d/.test(document.querySelector('#velocity')?.textContent ?? ''), {
      timeout: 20_000,
    });
    const v = await page.$eval('#velocity', (el) => Number(/([\d.]+) m\/s/.exec(el.textContent ?? '')?.[1]));
    expect(v).toBeGreaterThan(0.3); // 1 µm HH axon at 6.3 °C: about half a metre per second
    expect(v).toBeLessThan(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('tree/: clicks place the stimulus and electrodes; a dropped SWC file is drawn; a broken one gets the one-line message', async () => {
    const { page, problems } = await open('tree/');
    await waitForSimTime(page, 0);
    const cellText = (row: number, col: number) =>
      page.$eval('tbody', (tb, row, col) => tb.querySelectorAll('tr')[row]?.querySelectorAll('td')[col]?.textContent ?? '', row, col);
    /** Click the cell where node `node` is drawn. */
    const clickNode = async (node: number) => {
      const [x, y] = await page.$eval(
        'cs-morphology',
        (el, node) => {
          const view = el as HTMLElement & { nodeToScreen(n: number): [number, number] };
          const r = view.shadowRoot!.querySelector('canvas')!.getBoundingClientRect();
          const [x, y] = view.nodeToScreen(node);
          return [r.left + x, r.top + y];
        },
        node,
      );
      await page.mouse.click(x, y);
    };
    expect(await cellText(0, 3)).toBe('0'); // e1 sits on the stimulus (the soma)
    await page.click('input[value="stimulus"]');
    await clickNode(300);
    await page.waitForFunction(() => document.querySelector('tbody tr td:nth-child(4)')?.textContent !== '0', { timeout: 10_000 });
    await page.click('input[value="electrode"]');
    const before = await cellText(3, 1);
    await clickNode(200);
    await page.waitForFunction((b) => document.querySelectorAll('tbody tr')[3]?.querySelectorAll('td')[1]?.textContent !== b, {}, before);
    expect(await page.$$eval('tbody tr', (trs) => trs.length)).toBe(4);
    const drop = (text: string, name: string) =>
      page.evaluate(
        (text, name) => {
          const target = document.querySelector('cs-morphology')!.parentElement!;
          const dt = new DataTransfer();
          dt.items.add(new File([text], name, { type: 'text/plain' }));
          target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        },
        text,
        name,
      );
    await drop(SMALL_CELL, 'small.swc');
    await page.waitForFunction(() => document.body.textContent?.includes('Showing: your file small.swc'), { timeout: 10_000 });
    await waitForSimTime(page, 1);
    expect(await canvasColours(page, 'cs-morphology')).toBeGreaterThan(3);
    expect(await page.$eval('#error', (el) => (el as HTMLElement).hidden)).toBe(true);

    let expected = '';
    try {
      parseSwc(BROKEN_CELL, 'broken.swc');
    } catch (e) {
      expected = (e as Error).message;
    }
    expect(expected).toMatch(/^broken\.swc: line 3: parent 17/);
    await drop(BROKEN_CELL, 'broken.swc');
    await page.waitForFunction(() => !(document.querySelector('#error') as HTMLElement).hidden, { timeout: 10_000 });
    expect(await page.$eval('#error', (el) => el.textContent)).toBe(expected);
    expect(problems).toEqual([]);
    await page.close();
  });
});
