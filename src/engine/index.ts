/** Choosing and creating an engine for a prepared simulation. */
import { CablesimError } from '../model/errors.js';
import type { Simulation } from '../model/simulation.js';
import { CpuEngine } from './cpu/engine.js';
import type { BackendName, Engine } from './types.js';

export type BackendChoice = BackendName | 'auto';

export interface CreateEngineOptions {
  backend?: BackendChoice;
  /** Told why `auto` fell back to the CPU (one line). */
  onNotice?: (line: string) => void;
}

export const BACKENDS: readonly BackendChoice[] = ['auto', 'cpu', 'webgpu'];

/** Create the engine a simulation runs on. `auto` (default) takes WebGPU when an adapter exists. */
export async function createEngine(sim: Simulation, opts: CreateEngineOptions = {}): Promise<Engine> {
  const backend = opts.backend ?? 'auto';
  switch (backend) {
    case 'cpu':
      return new CpuEngine(sim);
    case 'webgpu':
      throw new CablesimError('the WebGPU engine is not available in this version of cablesim; use --backend cpu');
    case 'auto':
      opts.onNotice?.('cablesim: WebGPU engine not available in this version; running on the CPU engine');
      return new CpuEngine(sim);
    default:
      throw new CablesimError(`unknown backend "${String(backend)}" (expected one of ${BACKENDS.join(', ')})`);
  }
}

export { CpuEngine };
export type { Engine, Traces, RunOptions, BackendName } from './types.js';
