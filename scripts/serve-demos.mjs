#!/usr/bin/env node
/**
 * Build the demo pages with Vite and serve the build on 127.0.0.1 (`npm start` runs this after
 * the CLI example). Prints the address; stops on Ctrl-C. Port: $PORT, default 5173 (the next
 * free one if taken).
 */
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const configFile = fileURLToPath(new URL('../vite.config.ts', import.meta.url));
const port = Number(process.env.PORT ?? 5173);

console.log('cablesim: building the demos…');
await build({ configFile, logLevel: 'warn' });
const server = await preview({ configFile, preview: { host: '127.0.0.1', port, strictPort: false, open: false } });
const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
console.log(`cablesim demos: ${url}  (pages: ${url}neuron/  ${url}axon/  ${url}tree/  ${url}bench/; Ctrl-C to stop)`);
