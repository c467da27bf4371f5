/**
 * Loading the plain WGSL files of `shaders/`. In Node they are read with fs (from the source
 * tree, or from the package root when running from dist/); in a browser they are fetched
 * beside this module, or a bundler hands them over with `setShaderSources` (Vite:
 * `import population from '../shaders/population.wgsl?raw'`).
 */

export const SHADER_FILES = ['structs', 'bindings', 'blocks', 'population', 'workgroup', 'shared'] as const;
export type ShaderName = (typeof SHADER_FILES)[number];

const sources = new Map<string, string>();

/** Give the shader texts directly (bundlers); later loads use them. */
export function setShaderSources(texts: Partial<Record<ShaderName, string>>): void {
  for (const [k, v] of Object.entries(texts)) if (v !== undefined) sources.set(k, v);
}

const isNode = typeof process !== 'undefined' && !!process.versions?.node;

async function readInNode(name: string): Promise<string> {
  const fs = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  // src/engine/webgpu/ and dist/engine/webgpu/ → the package root; dist/src/engine/webgpu/ →
  // one more level; the CLI's bundle, dist/cli-bundle/ (package.json `build`) → two levels
  const candidates = [`../../../shaders/${name}.wgsl`, `../../../../shaders/${name}.wgsl`, `../../shaders/${name}.wgsl`];
  let lastError: unknown;
  for (const rel of candidates) {
    try {
      return await fs.readFile(fileURLToPath(new URL(rel, import.meta.url)), 'utf8');
    } catch (e) {
      lastError = e;
    }
  }
  throw new Error(`cannot find shaders/${name}.wgsl: ${(lastError as Error).message}`);
}

/** The text of `shaders/<name>.wgsl`. */
export async function loadShader(name: ShaderName): Promise<string> {
  let text = sources.get(name);
  if (text !== undefined) return text;
  if (isNode) text = await readInNode(name);
  else {
    const res = await fetch(new URL(`../../../shaders/${name}.wgsl`, import.meta.url));
    if (!res.ok) throw new Error(`cannot fetch shaders/${name}.wgsl: ${res.status} ${res.statusText}`);
    text = await res.text();
  }
  sources.set(name, text);
  return text;
}
