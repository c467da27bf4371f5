/**
 * Loading a model: the file, its SWC morphology if it has one, validation, geometry and the
 * prepared `Simulation`. Works in Node (files) and in a browser (URLs fetched relative to the
 * page), or with any `readText` a caller gives.
 */
import { CablesimError } from './errors.js';
import type { CellGeometry } from './geometry.js';
import { sectionsToGeometry } from './sections.js';
import { prepareSimulation, type Simulation } from './simulation.js';
import { parseSwc } from './swc.js';
import type { Model } from './types.js';
import { parseModel } from './validate.js';

/** Reads a text file or URL; rejects with an Error whose `code` is ENOENT when it is missing. */
export type ReadText = (path: string) => Promise<string>;

export interface LoadOptions {
  /** How to read files; default: Node's fs in Node, fetch() in a browser. */
  readText?: ReadText;
  /**
   * Called with the validated model file before its morphology is read, and awaited: to start
   * what needs only the file (the CLI starts compiling the WebGPU kernel there).
   */
  beforeMorphology?: (model: Model) => Promise<void>;
}

const isNode = typeof process !== 'undefined' && !!process.versions?.node;

async function defaultReadText(path: string): Promise<string> {
  if (isNode) {
    const fs = await import('node:fs/promises');
    return fs.readFile(path, 'utf8');
  }
  const res = await fetch(path);
  if (!res.ok) throw Object.assign(new Error(`${res.status} ${res.statusText}`), { code: res.status === 404 ? 'ENOENT' : 'EIO' });
  return res.text();
}

/** `rel` resolved against the folder of `from` (a file path in Node, a URL in a browser). */
async function resolveBeside(from: string, rel: string): Promise<string> {
  if (isNode && !/^[a-z]+:\/\//i.test(from)) {
    const path = await import('node:path');
    return path.resolve(path.dirname(from), rel);
  }
  const base = typeof location !== 'undefined' ? location.href : 'file:///';
  return new URL(rel, new URL(from, base)).href;
}

async function readOrExplain(read: ReadText, path: string, what: string, where?: string): Promise<string> {
  try {
    return await read(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : (e as Error).message;
    throw new CablesimError(`cannot read ${what} ${path}: ${why}`, where ? { where } : {});
  }
}

/** The model's geometry: its sections, or its SWC file imported as NEURON's Import3d would. */
export function cellGeometry(model: Model, swcText?: string, swcFile?: string): CellGeometry {
  if ('sections' in model.morphology) return sectionsToGeometry(model.morphology.sections, model.sourcePath);
  if (swcText === undefined) throw new CablesimError('the SWC morphology was not loaded', { file: model.sourcePath });
  return parseSwc(swcText, swcFile ?? model.morphology.swc);
}

/** Build the simulation of a model whose SWC text (if any) the caller has already read. */
export function buildSimulation(model: Model, swcText?: string, swcFile?: string): Simulation {
  return prepareSimulation(model, cellGeometry(model, swcText, swcFile));
}

/** Read a model file (and its SWC), validate it and prepare its simulation. */
export async function loadSimulation(modelPath: string, opts: LoadOptions = {}): Promise<Simulation> {
  const read = opts.readText ?? defaultReadText;
  const text = await readOrExplain(read, modelPath, 'the model file');
  const model = parseModel(text, modelPath);
  await opts.beforeMorphology?.(model);
  let swcText: string | undefined, swcPath: string | undefined;
  if ('swc' in model.morphology) {
    swcPath = await resolveBeside(modelPath, model.morphology.swc);
    swcText = await readOrExplain(read, swcPath, 'the SWC file', `${modelPath}: morphology.swc`);
  }
  return buildSimulation(model, swcText, swcPath);
}
