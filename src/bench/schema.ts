/**
 * A small JSON-schema-like checker, and the schema of a benchmark report. `checkSchema` lists
 * every mismatch as `path: expected …, got …`; a report is valid when the list is empty.
 * Objects are closed: a field the schema does not name is an error too. Browser-safe.
 */

export type Schema =
  | { type: 'string'; enum?: readonly string[] }
  | { type: 'number'; min?: number; integer?: boolean }
  | { type: 'boolean' }
  | { type: 'array'; items: Schema; minItems?: number }
  | { type: 'object'; fields: Record<string, Schema> }
  /** A free map: any keys, every value of one schema. */
  | { type: 'record'; values: Schema }
  | { type: 'nullable'; of: Schema };

export const str = (e?: readonly string[]): Schema => (e ? { type: 'string', enum: e } : { type: 'string' });
export const num = (min?: number): Schema => ({ type: 'number', min });
export const int = (min?: number): Schema => ({ type: 'number', min, integer: true });
export const bool: Schema = { type: 'boolean' };
export const arr = (items: Schema, minItems?: number): Schema => ({ type: 'array', items, minItems });
export const obj = (fields: Record<string, Schema>): Schema => ({ type: 'object', fields });
export const nullable = (of: Schema): Schema => ({ type: 'nullable', of });

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

/** Every way `value` fails `schema`, one line each (empty: it conforms). */
export function checkSchema(value: unknown, schema: Schema, path = '$'): string[] {
  const bad = (expected: string): string[] => [`${path}: expected ${expected}, got ${kind(value)}`];
  switch (schema.type) {
    case 'nullable':
      return value === null ? [] : checkSchema(value, schema.of, path);
    case 'string':
      if (typeof value !== 'string') return bad('a string');
      if (schema.enum && !schema.enum.includes(value)) return bad(`one of ${schema.enum.join(', ')}`);
      return [];
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad('a finite number');
      if (schema.integer && !Number.isInteger(value)) return bad('an integer');
      if (schema.min !== undefined && value < schema.min) return bad(`a number ≥ ${schema.min}`);
      return [];
    case 'boolean':
      return typeof value === 'boolean' ? [] : bad('true or false');
    case 'array': {
      if (!Array.isArray(value)) return bad('an array');
      if (schema.minItems !== undefined && value.length < schema.minItems) return bad(`at least ${schema.minItems} items`);
      return value.flatMap((x, i) => checkSchema(x, schema.items, `${path}[${i}]`));
    }
    case 'record': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return bad('an object');
      return Object.entries(value).flatMap(([k, x]) => checkSchema(x, schema.values, `${path}.${k}`));
    }
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return bad('an object');
      const o = value as Record<string, unknown>;
      const errors: string[] = [];
      for (const [k, s] of Object.entries(schema.fields)) {
        if (!(k in o)) errors.push(`${path}.${k}: missing`);
        else errors.push(...checkSchema(o[k], s, `${path}.${k}`));
      }
      for (const k of Object.keys(o)) if (!(k in schema.fields)) errors.push(`${path}.${k}: not a field of this object`);
      return errors;
    }
  }
}

const MEASURED = ['cpu', 'webgpu', 'neuron'] as const;
const GROUPS = ['large-cell', 'population', 'axon', 'rallpack'] as const;

const KERNEL_TIME = obj({
  kernel: str(),
  dispatches: int(1),
  steps_per_dispatch: int(0),
  ms_per_dispatch: num(0),
  us_per_step: nullable(num(0)),
});

const BACKEND_RESULT = obj({
  backend: str(MEASURED),
  status: str(['ok', 'unavailable', 'failed']),
  note: str(),
  description: str(),
  setup_s: nullable(num(0)),
  runs_s: arr(num(0)),
  median_s: nullable(num(0)),
  min_s: nullable(num(0)),
  max_s: nullable(num(0)),
  spread_pct: nullable(num(0)),
  compartment_steps_per_s: nullable(num(0)),
  realtime_factor: nullable(num(0)),
  us_per_step: nullable(num(0)),
  kernels: nullable(arr(KERNEL_TIME, 1)),
  kernels_note: str(),
  vs_neuron: nullable(num(0)),
});

const WORKLOAD_RESULT = obj({
  id: str(),
  group: str(GROUPS),
  description: str(),
  compartments: int(1),
  copies: int(1),
  steps: int(0),
  dt_ms: num(0),
  simulated_ms: num(0),
  compartment_steps: int(0),
  results: arr(BACKEND_RESULT, 1),
});

/** The schema of `cablesim-bench-result/1` (see src/bench/report.ts for each field's meaning). */
export const REPORT_SCHEMA: Schema = obj({
  format: str(['cablesim-bench-result/1']),
  suite: str(),
  suite_name: str(),
  date: str(),
  elapsed_s: num(0),
  cablesim: obj({ version: str(), commit: nullable(str()), dirty: nullable(bool) }),
  machine: obj({
    cpu: str(),
    cores: int(0),
    memory_GiB: num(0),
    os: str(),
    runtime: str(),
    load_avg: nullable(arr(num(0))),
  }),
  adapter: nullable(
    obj({
      vendor: str(),
      architecture: str(),
      device: str(),
      description: str(),
      software: bool,
      timestamp_query: bool,
      limits: { type: 'record', values: num(0) },
    }),
  ),
  adapter_note: str(),
  neuron: obj({ available: bool, version: nullable(str()), note: str() }),
  options: obj({
    backends: arr(str(['cpu', 'webgpu', 'auto', 'neuron']), 1),
    repeats: int(1),
    budget_s: num(0),
    max_steps: nullable(int(1)),
    warmup_steps: int(0),
  }),
  workloads: arr(WORKLOAD_RESULT, 1),
});
