#!/usr/bin/env node
// The `cablesim` command: runs the compiled CLI in dist/ (made by `npm run build`), bundled into
// one file (dist/cli-bundle/main.js): Node loads it in about half the time it takes
// for the ~60 modules of dist/cli (22 against 46 ms), and start-up is what a short run costs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli-bundle/main.js', import.meta.url);
if (!existsSync(entry)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(`cablesim: not built yet; run \`npm run build\` in ${root}\n`);
  process.exit(1);
}
const { main } = await import(entry.href);
const code = await main(process.argv.slice(2));
// Leave as soon as the output is out: left to wind down by itself, the WebGPU runtime (Dawn and
// its driver threads) keeps the process alive ~0.1 s longer after the work is done. Files are
// closed by now; stdout and stderr are flushed first.
const flushed = (stream) => new Promise((done) => (stream.writableLength === 0 ? done() : stream.write('', done)));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
