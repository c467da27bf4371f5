/**
 * cablesim's lit elements, usable outside the demos. Importing this module defines them:
 * `<cs-morphology>`, `<cs-trace-plot>`, `<cs-space-time>`, `<cs-xy-plot>`, `<cs-sim-controls>`
 * and `<cs-param>`. `SimRunner` drives an engine from animation frames.
 */
export { MorphologyView } from './morphology-view.js';
export type { MorphologyMarker, PickDetail, Projection } from './morphology-view.js';
export { morphologyPieces } from './morphology-pieces.js';
export type { MorphologyPieces } from './morphology-pieces.js';
export { TracePlot, tracePath } from './trace-plot.js';
export type { TraceSeries, ReferenceLine } from './trace-plot.js';
export { TraceBuffer } from './trace-buffer.js';
export { SpaceTimePlot } from './space-time-plot.js';
export type { SpaceTimeGuide } from './space-time-plot.js';
export { XyPlot } from './xy-plot.js';
export type { XyCurve } from './xy-plot.js';
export { SimControls, SPEEDS, formatSpeed } from './sim-controls.js';
export { ParamField } from './param-field.js';
export { SimRunner } from './sim-runner.js';
export type { RunnerStatus } from './sim-runner.js';
export { PALETTE_SIZE, PALETTE_CSS, DEFAULT_V_RANGE_MV, colourIndex, paletteGradient } from './colormap.js';
