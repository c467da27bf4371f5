/**
 * cablesim's library API, the same in Node and in a browser. The CLI is a thin layer over it.
 *
 * ```ts
 * import { loadSimulation, createEngine, spikeTimes } from 'cablesim';
 * const sim = await loadSimulation('examples/hh-axon.json');
 * const engine = await createEngine(sim, { backend: 'cpu' });
 * const traces = await engine.run();
 * const v = traces.columns[traces.labels.indexOf('axon_end')];
 * console.log(spikeTimes(traces.t_ms, v));
 * ```
 */
export { CablesimError } from './model/errors.js';
export { MODEL_FORMAT } from './model/types.js';
export type * from './model/types.js';
export { parseModel, validateModel } from './model/validate.js';
export { parseSwc } from './model/swc.js';
export type { CellGeometry, SectionGeometry } from './model/geometry.js';
export { discretize, nodeAt, segmentCount } from './model/discretize.js';
export type { CableTree, SectionNodes } from './model/discretize.js';
export { prepareSimulation, stepCount, nodeName } from './model/simulation.js';
export type { Simulation, MechanismInstances, StimulusAt, RecordAt } from './model/simulation.js';
export { loadSimulation, buildSimulation, cellGeometry } from './model/load.js';
export type { LoadOptions, ReadText } from './model/load.js';
export { MECHANISMS } from './mechanisms/index.js';
export type { MechanismDef, ParamDef } from './mechanisms/types.js';
export { createEngine, BACKENDS, CpuEngine } from './engine/index.js';
export type { BackendChoice, CreateEngineOptions } from './engine/index.js';
export type { Engine, Traces, Frame, RunOptions, BackendName } from './engine/types.js';
export { tracesToCsv, readTracesCsv } from './io/csv.js';
export { spikeTimes } from './analysis/spikes.js';
