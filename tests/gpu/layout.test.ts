/** Every WGSL struct shared with the host against its TS layout constant. */
import { describe, expect, it } from 'vitest';
import { ALL_LAYOUTS, packStructs, type StructLayout } from '../../src/engine/webgpu/layout.js';
import { loadShader } from '../../src/engine/webgpu/shaders.js';
import { hasGpu, runCompute } from './gpu.js';

const COUNT = 3;

/** Distinct values per field and element, exact in every field type. */
function sample(layout: StructLayout): Array<Record<string, number>> {
  return Array.from({ length: COUNT }, (_, i) =>
    Object.fromEntries(Object.entries(layout.fields).map(([f, { type }], k) => [f, type === 'f32' ? 0.5 + 10 * i + k : type === 'i32' ? -(1 + 10 * i + k) : 7 + 10 * i + k])),
  );
}

describe.skipIf(!hasGpu)('WGSL struct layouts', () => {
  for (const layout of ALL_LAYOUTS) {
    it(`${layout.name}: size ${layout.size}, fields at their offsets`, async () => {
      const fields = Object.entries(layout.fields);
      const asU32 = (f: string, type: string) => (type === 'u32' ? `a[i].${f}` : `bitcast<u32>(a[i].${f})`);
      const code = `${await loadShader('structs')}
        @group(0) @binding(0) var<storage, read_write> out: array<u32>;
        @group(0) @binding(1) var<storage, read> a: array<${layout.name}>;
        @compute @workgroup_size(64)
        fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
          let i = gid.x;
          if (i >= ${COUNT}u) { return; }
          if (i == 0u) { out[${COUNT * fields.length}u] = arrayLength(&a); }
          ${fields.map(([f, { type }], k) => `out[i * ${fields.length}u + ${k}u] = ${asU32(f, type)};`).join('\n          ')}
        }`;
      const items = sample(layout);
      const out = await runCompute(code, [packStructs(layout, items)], COUNT * fields.length + 1, COUNT);
      const words = new Uint32Array(out.buffer, out.byteOffset, out.length);
      expect(words[COUNT * fields.length], 'array stride').toBe(COUNT);
      const expected = new Uint32Array(packStructs(layout, items));
      for (let i = 0; i < COUNT; i++) {
        fields.forEach(([f, { offset }], k) => {
          expect(words[i * fields.length + k], `${layout.name}[${i}].${f}`).toBe(expected[(i * layout.size + offset) / 4]);
        });
      }
    });
  }
});
