/**
 * Hands the WGSL files of `shaders/` to the WebGPU engine at build time (Vite's `?raw`), so
 * the pages need no fetch of shader files at run time.
 */
import { setShaderSources } from '../../src/engine/webgpu/shaders.js';

const files = import.meta.glob<string>('../../shaders/*.wgsl', { query: '?raw', import: 'default', eager: true });
setShaderSources(Object.fromEntries(Object.entries(files).map(([path, text]) => [path.replace(/^.*\/(.*)\.wgsl$/, '$1'), text])));
