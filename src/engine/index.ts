/** Choosing and creating an engine for a prepared simulation. */
import { CablesimError } from '../model/errors.js';
import type { Simulation } from '../model/simulation.js';
import { CpuEngine } from './cpu/engine.js';
import type { BackendName, Engine } from './types.js';
import { findAdapter, isSoftwareAdapter, logicalCores } from './webgpu/device.js';
import { WebGpuEngine, fasterOnSoftwareAdapter, type PreparedWebGpu, type StrategyChoice } from './webgpu/engine.js';

export type BackendChoice = BackendName | 'auto';

export interface CreateEngineOptions {
  backend?: BackendChoice;
  /** Told why `auto` fell back to the CPU (one line). */
  onNotice?: (line: string) => void;
  /** How the WebGPU engine solves the tree (default `auto`: from the model's shape). */
  strategy?: StrategyChoice;
  /** For `webgpu`: the device and kernel started from the model file (`WebGpuEngine.prepare`). */
  prepared?: PreparedWebGpu;
}

export const BACKENDS: readonly BackendChoice[] = ['auto', 'cpu', 'webgpu'];

/**
 * Create the engine a simulation runs on. `auto` (default) takes WebGPU when a hardware adapter
 * exists; on a software adapter (SwiftShader) only for large populations on several cores
 * (`fasterOnSoftwareAdapter`: ≥ 128 copies, ≥ 100,000 compartments in all, ≥ 2 cores); else
 * the CPU engine with a one-line notice.
 */
export async function createEngine(sim: Simulation, opts: CreateEngineOptions = {}): Promise<Engine> {
  const backend = opts.backend ?? 'auto';
  switch (backend) {
    case 'cpu':
      return new CpuEngine(sim);
    case 'webgpu':
      return WebGpuEngine.create(sim, { strategy: opts.strategy, prepared: opts.prepared });
    case 'auto': {
      // A software adapter (SwiftShader) runs WGSL on the CPU, slower than the CPU engine itself
      // except for large populations, which it spreads over every core.
      const found = await findAdapter();
      if (found && isSoftwareAdapter(found.adapter) && !fasterOnSoftwareAdapter(sim, await logicalCores())) {
        opts.onNotice?.('cablesim: only a software WebGPU adapter (SwiftShader) found; running on the faster CPU engine');
        return new CpuEngine(sim);
      }
      if (found) {
        try {
          return await WebGpuEngine.create(sim, { strategy: opts.strategy });
        } catch (e) {
          if (!(e instanceof CablesimError)) throw e;
          opts.onNotice?.(`cablesim: ${e.message}; running on the CPU engine`);
          return new CpuEngine(sim);
        }
      }
      opts.onNotice?.('cablesim: no WebGPU adapter found; running on the CPU engine');
      return new CpuEngine(sim);
    }
    default:
      throw new CablesimError(`unknown backend "${String(backend)}" (expected one of ${BACKENDS.join(', ')})`);
  }
}

export { CpuEngine, WebGpuEngine };
export type { Engine, Traces, RunOptions, BackendName } from './types.js';
