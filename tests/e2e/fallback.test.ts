// The demo pages in Chromium with WebGPU disabled: each falls back to the CPU engine and says
// so, and stays usable at phone width and from the keyboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, simStatus, startSite, waitForSimTime, type DemoSite } from './support.js';

/**
 * Chromium itself logs this warning when `navigator.gpu.requestAdapter()` finds no adapter,
 * which is exactly the case under test; every other console message fails the test.
 */
const CHROMIUM_NO_ADAPTER = 'warn: No available adapters.';

describe.skipIf(!HAVE_CHROMIUM)('demo pages without WebGPU (Chromium --disable-webgpu)', () => {
  let site: DemoSite;

  beforeAll(async () => {
    site = await startSite(false);
  });

  afterAll(async () => {
    await site?.close();
  });

  const open = (path: string, width: number) => site.open(path, width, 800);

  for (const path of ['neuron/', 'axon/', 'tree/']) {
    it(`${path} runs on the CPU engine, says why, and fits a phone screen`, async () => {
      const { page, problems } = await open(path, 390);
      await waitForSimTime(page, 0.5);
      const s = await simStatus(page);
      expect(s.backend).toBe('cpu');
      const text = await page.$eval('cs-sim-controls', (el) => el.shadowRoot!.textContent ?? '');
      expect(text).toMatch(/backend: cpu \(CPU reference engine/);
      expect(text).toMatch(/no WebGPU adapter found; running on the CPU engine/);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      expect(problems.filter((p) => p !== CHROMIUM_NO_ADAPTER)).toEqual([]);
      await page.close();
    });
  }

  it('bench/ shows WebGPU as unavailable and still measures the CPU engine', async () => {
    const { page, problems } = await open('bench/?ms=100', 1000);
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.startsWith('done'), { timeout: 60_000 });
    const cells = await page.$$eval('tbody tr', (trs) => trs.map((tr) => tr.querySelectorAll('td')[3]?.textContent ?? ''));
    for (const c of cells) expect(c).toMatch(/unavailable/);
    expect(problems.filter((p) => p !== CHROMIUM_NO_ADAPTER)).toEqual([]);
    await page.close();
  });

  it('the controls work from the keyboard: Tab to Run/Pause, Space pauses', async () => {
    const { page, problems } = await open('neuron/', 1000);
    await waitForSimTime(page, 0.5);
    expect(await page.$eval('cs-sim-controls', (el) => (el as HTMLElement).dataset.running)).toBe('true');
    // Tab from the top of the page: the navigation links, then the Run/Pause button.
    let onButton = false;
    for (let i = 0; i < 12 && !onButton; i++) {
      await page.keyboard.press('Tab');
      onButton = await page.evaluate(() => {
        const active = document.querySelector('cs-sim-controls')?.shadowRoot?.activeElement;
        return active?.tagName === 'BUTTON' && /Pause/.test(active.textContent ?? '');
      });
    }
    expect(onButton).toBe(true);
    await page.keyboard.press('Space');
    await page.waitForFunction(() => (document.querySelector('cs-sim-controls') as HTMLElement).dataset.running === 'false');
    const t = (await simStatus(page)).t_ms;
    await new Promise((r) => setTimeout(r, 300));
    expect((await simStatus(page)).t_ms).toBe(t);
    expect(problems.filter((p) => p !== CHROMIUM_NO_ADAPTER)).toEqual([]);
    await page.close();
  });
});
