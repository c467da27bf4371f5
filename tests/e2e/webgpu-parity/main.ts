/// <reference types="vite/client" />
/**
 * The page of tests/e2e/webgpu-parity.test.ts (built by Vite as the demos are): exposes
 * `cablesimParity(modelJson, strategy, shaders)`, which runs a model on the library's own
 * WebGpuEngine over `navigator.gpu` and returns its traces as plain arrays. `shaders` picks how
 * the WGSL reaches the engine: `raw`, handed over at build time as the demos do (Vite's `?raw`,
 * loaded on demand here so that the other path stays testable); `fetch`, the engine's own
 * fetch of `shaders/*.wgsl` beside its module (a page load uses one or the other).
 */
import { WebGpuEngine } from '../../../src/engine/webgpu/engine.js';
import type { SolveStrategy } from '../../../src/engine/webgpu/kernels.js';
import { setShaderSources } from '../../../src/engine/webgpu/shaders.js';
import { buildSimulation } from '../../../src/model/load.js';
import { parseModel } from '../../../src/model/validate.js';

const raw = import.meta.glob<string>('../../../shaders/*.wgsl', { query: '?raw', import: 'default' });

export interface ParityResult {
  description: string;
  labels: string[];
  t_ms: number[];
  columns: number[][];
}

async function cablesimParity(modelJson: string, strategy: SolveStrategy, shaders: 'raw' | 'fetch'): Promise<ParityResult> {
  if (shaders === 'raw') {
    const texts = await Promise.all(Object.entries(raw).map(async ([path, load]) => [path.replace(/^.*\/(.*)\.wgsl$/, '$1'), await load()]));
    setShaderSources(Object.fromEntries(texts));
  }
  const sim = buildSimulation(parseModel(modelJson, 'parity-model.json'));
  const engine = await WebGpuEngine.create(sim, { strategy });
  try {
    const tr = await engine.run();
    return { description: engine.description, labels: tr.labels, t_ms: Array.from(tr.t_ms), columns: tr.columns.map((c) => Array.from(c)) };
  } finally {
    engine.dispose();
  }
}

(globalThis as { cablesimParity?: typeof cablesimParity }).cablesimParity = cablesimParity;
document.body.dataset.ready = '1';
