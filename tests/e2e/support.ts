/**
 * Browser end-to-end support: build the demos once per test file into a temporary folder,
 * serve them on 127.0.0.1 (a free port), and launch Debian's Chromium through puppeteer-core
 * (never a downloaded browser), with or without WebGPU (SwiftShader). `startSite` does all
 * three and opens pages on it.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { promisify } from 'node:util';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
const repo = resolve(import.meta.dirname, '../..');

/** Build the demos with Vite into a fresh temporary folder; returns the folder. */
export async function buildDemos(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'cablesim-demos-'));
  await promisify(execFile)(process.execPath, [join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: repo,
    env: { ...process.env, NODE_ENV: 'production', CABLESIM_DEMOS_OUT: out },
  });
  return out;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.swc': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wgsl': 'text/plain; charset=utf-8',
};

/** Serve `dir` statically on 127.0.0.1 at a free port. */
export async function serveStatic(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Launch Chromium headless; `webgpu` turns on WebGPU on SwiftShader, otherwise it is disabled. */
export async function launch(webgpu: boolean): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'cablesim-chromium-'));
  const args = [
    '--no-sandbox',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    `--user-data-dir=${profile}`,
    ...(webgpu ? ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'] : ['--disable-webgpu']),
  ];
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args, defaultViewport: { width: 1200, height: 900 } });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The demos built and served, and a browser to open them in: one per test file. */
export interface DemoSite {
  /** Where the site is served, e.g. `http://127.0.0.1:4321`. */
  url: string;
  browser: Browser;
  /**
   * Open `path` (relative to the site's root) in a new page of `width` × `height` CSS px,
   * after it loads; `problems` collects its console errors and warnings (`watchConsole`).
   */
  open(path: string, width?: number, height?: number): Promise<{ page: Page; problems: string[] }>;
  /** Stop the server, close the browser and delete the build. */
  close(): Promise<void>;
}

/** Build and serve the demos and launch Chromium (`webgpu` as in `launch`). */
export async function startSite(webgpu: boolean): Promise<DemoSite> {
  const [dir, launched] = await Promise.all([buildDemos(), launch(webgpu)]);
  const server = await serveStatic(dir);
  return {
    url: server.url,
    browser: launched.browser,
    async open(path, width = 1100, height = 850) {
      const page = await launched.browser.newPage();
      await page.setViewport({ width, height });
      const problems = watchConsole(page);
      await page.goto(`${server.url}/${path}`, { waitUntil: 'load' });
      return { page, problems };
    },
    async close() {
      await server.close();
      await launched.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Console errors and warnings (and page errors) a page produced. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${(e as Error).message}`));
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
  return problems;
}

/** The status element's simulated time [ms] and backend. */
export async function simStatus(page: Page): Promise<{ t_ms: number; backend: string }> {
  return page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('[data-sim-time-ms]');
    return { t_ms: Number(el?.dataset.simTimeMs ?? NaN), backend: el?.dataset.backend ?? '' };
  });
}

/** Wait until the simulated time passes `t_ms`. */
export async function waitForSimTime(page: Page, t_ms: number, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    (t) => Number(document.querySelector<HTMLElement>('[data-sim-time-ms]')?.dataset.simTimeMs ?? 0) > t,
    { timeout, polling: 100 },
    t_ms,
  );
}

/**
 * Number of distinct colours (quantized to 4 bits per channel) in the first canvas matching
 * `selector` inside the shadow root of `host`, sampled on a grid: 1 means blank.
 */
export async function canvasColours(page: Page, host: string, selector = 'canvas'): Promise<number> {
  return page.evaluate(
    (host, selector) => {
      const canvas = document.querySelector(host)?.shadowRoot?.querySelector<HTMLCanvasElement>(selector);
      if (!canvas || !canvas.width) return 0;
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const ctx = copy.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(canvas, 0, 0);
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      const seen = new Set<number>();
      const step = Math.max(1, Math.floor(canvas.width / 97));
      for (let y = 0; y < canvas.height; y += step) {
        for (let x = 0; x < canvas.width; x += step) {
          const o = (y * canvas.width + x) * 4;
          seen.add(((data[o] >> 4) << 8) | ((data[o + 1] >> 4) << 4) | (data[o + 2] >> 4));
        }
      }
      return seen.size;
    },
    host,
    selector,
  );
}
