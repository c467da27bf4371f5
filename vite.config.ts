/**
 * Vite builds the demo pages in `demos/` into static files (default `out/demos/`, or
 * `$CABLESIM_DEMOS_OUT`). The SWC reconstructions in `data/morphologies/` are served as
 * static assets at `morphologies/`, in the dev server and in the build alike.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, 'demos');
const morphologyDir = resolve(here, 'data/morphologies');
/** The pages: one folder each under demos/, plus the gallery at the root. */
export const PAGES = ['neuron', 'axon', 'tree', 'bench'] as const;

function morphologies(): Plugin {
  const files = () => readdirSync(morphologyDir).filter((f) => f.endsWith('.swc'));
  return {
    name: 'cablesim-morphologies',
    configureServer(server) {
      server.middlewares.use('/morphologies', (req, res, next) => {
        const name = decodeURIComponent((req.url ?? '').replace(/^\//, '').split('?')[0]);
        if (!files().includes(name)) return next();
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end(readFileSync(resolve(morphologyDir, name)));
      });
    },
    generateBundle() {
      for (const f of files()) {
        this.emitFile({ type: 'asset', fileName: `morphologies/${f}`, source: readFileSync(resolve(morphologyDir, f)) });
      }
    },
  };
}

export default defineConfig({
  root,
  base: './',
  publicDir: false,
  plugins: [morphologies()],
  build: {
    outDir: process.env.CABLESIM_DEMOS_OUT ? resolve(process.env.CABLESIM_DEMOS_OUT) : resolve(here, 'out/demos'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      // The library loads Node modules (fs, Dawn's `webgpu`) only behind a Node check, with
      // dynamic imports: in the browser they are never reached, so their notices are noise.
      onLog(level, log, handler) {
        if (log.message?.includes('externalized for browser compatibility')) return;
        handler(level, log);
      },
      input: Object.fromEntries([
        ['index', resolve(root, 'index.html')],
        ...PAGES.map((p) => [p, resolve(root, p, 'index.html')]),
      ]),
    },
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
