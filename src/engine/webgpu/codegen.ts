/**
 * The only generated WGSL: the glue between a model's mechanisms and the kernels. Each
 * mechanism's own functions (`x_current`, `x_advance`) come from its definition in
 * src/mechanisms; this file writes, per mechanism, the accessors of its parameters and states
 * in the shared buffers and the per-node phases that the kernels call (`mechanismsWgsl`).
 *
 * The cell's shape (node counts, the block schedule's and each mechanism's offsets) is not
 * compiled in: the kernel reads it from a uniform buffer (`shapeWgsl`, values `shapeWords`),
 * so that the kernel can compile while the morphology is still loading (the population kernel
 * excepted, `shapeConstants`). What is compiled in (override constants, `mechanismOverrides`)
 * comes from the model file alone: a parameter with one value everywhere.
 */
import type { GpuMechanism } from './model-data.js';

/** The names of mechanism `name`'s offsets (private variables set from the shape) and constants. */
function names(name: string) {
  return {
    count: `M_${name}_count`,
    node: `M_${name}_node`,
    param: `M_${name}_param`,
    state: `M_${name}_state`,
    table: `M_${name}_table`,
    inst: `M_${name}_inst`,
    uniform: (j: number) => `M_${name}_p${j}`,
  };
}

/**
 * Accessors and per-instance steps of one mechanism. A parameter with one value for every
 * instance is an override constant (`M_x_pJ`), not a load per node and step.
 */
export function mechanismGlue(m: Pick<GpuMechanism, 'def' | 'uniform'>): string {
  const def = m.def;
  const x = def.name;
  const o = names(x);
  const P = def.params.length, S = def.states.length;
  const lines: string[] = [`// ---- ${x} (generated) ----`];
  if (def.wgsl.table) lines.push(`fn ${x}_table(q: u32) -> vec4<f32> { return mech_const[${o.table} + q]; }`);
  m.uniform.forEach((u, j) => u !== null && lines.push(`override ${o.uniform(j)}: f32;`));
  const pv = Array.from({ length: P }, (_, j) => (m.uniform[j] !== null ? o.uniform(j) : `mech_const_word(b + ${j}u * ${o.count})`)).join(', ');
  lines.push(`fn ${x}_p(k: u32) -> array<f32, ${P}> {`, `  let b = ${o.param} + k;`, `  return array<f32, ${P}>(${pv});`, `}`);
  if (S > 0) {
    const sv = Array.from({ length: S }, (_, j) => `state[b + ${j}u * stride]`).join(', ');
    lines.push(
      `fn ${x}_s(k: u32, c: u32) -> array<f32, ${S}> {`,
      `  let b = ${o.state} + k * CELLS + c;`,
      `  let stride = ${o.count} * CELLS;`,
      `  return array<f32, ${S}>(${sv});`,
      `}`,
      `fn ${x}_put(k: u32, c: u32, s: array<f32, ${S}>) {`,
      `  let b = ${o.state} + k * CELLS + c;`,
      `  let stride = ${o.count} * CELLS;`,
      ...Array.from({ length: S }, (_, j) => `  state[b + ${j}u * stride] = s[${j}];`),
      `}`,
    );
  }
  return lines.join('\n');
}

/**
 * The whole generated module: each mechanism's own WGSL, its glue, and the per-node phases
 * every strategy calls (one thread handles all the mechanisms of a node, so no two threads
 * ever add into one node and no barrier is needed between mechanisms):
 *
 *   mech_node_step(i, c, vr) -> vec2      every state one step on at the new v = V_REST + vr,
 *                                         then Σ (current density [mA/cm²], slope [S/cm²]) at
 *                                         the new v and states (each instance's parameters and
 *                                         states loaded once), at any node
 *   mech_step_mech_node(i, c, vr) -> vec2 the same at a node that has a mechanism, in the
 *                                         `mech-first` node order (model-data.ts): a mechanism
 *                                         every such node has is instance i there, with neither
 *                                         a lookup nor an `if` (a CPU adapter pays for an `if`
 *                                         as for a few loads)
 *
 * The initial states are the host's (the mechanisms' CPU code, model-data.ts).
 *
 * Node i's instance of mechanism x is `index[M_x_inst + i]` (NO_INSTANCE where it has none): a
 * uniform load and a branch every thread of a population takes alike.
 */
export function mechanismsWgsl(mechs: Pick<GpuMechanism, 'def' | 'uniform' | 'everywhere'>[], shapeInKernel = false): string {
  const out: string[] = ['const NO_INSTANCE: u32 = 0xffffffffu;', shapeWgsl(mechs, shapeInKernel)];
  for (const m of mechs) out.push(m.def.wgsl.code, mechanismGlue(m));
  const stp: string[] = [], stpMech: string[] = [];
  for (const { def, everywhere } of mechs) {
    const x = def.name, o = names(x);
    const body =
      def.states.length > 0
        ? `let p = ${x}_p(k); let s = ${x}_advance(V_REST + vr, p, ${x}_s(k, c), DT); ${x}_put(k, c, s); ig += ${x}_current(vr, p, s);`
        : `ig += ${x}_current(vr, ${x}_p(k));`;
    const guarded = `  { let k = index[${o.inst} + i]; if (k != NO_INSTANCE) { ${body} } }`;
    stp.push(guarded);
    stpMech.push(everywhere ? `  { let k = i; ${body} }` : guarded);
  }
  out.push('// ---- phases (generated) ----');
  out.push(`fn mech_node_step(i: u32, c: u32, vr: f32) -> vec2<f32> {`, `  var ig = vec2<f32>(0.0, 0.0);`, ...stp, `  return ig;`, `}`);
  out.push(`fn mech_step_mech_node(i: u32, c: u32, vr: f32) -> vec2<f32> {`, `  var ig = vec2<f32>(0.0, 0.0);`, ...stpMech, `  return ig;`, `}`);
  return out.join('\n');
}

/** Values of the mechanisms' override constants: the parameters with one value everywhere. */
export function mechanismOverrides(mechs: Pick<GpuMechanism, 'def' | 'uniform'>[]): Record<string, number> {
  const o: Record<string, number> = {};
  for (const m of mechs) {
    const n = names(m.def.name);
    m.uniform.forEach((u, j) => u !== null && (o[n.uniform(j)] = u));
  }
  return o;
}

/**
 * The cell's shape as the kernels read it: these words first, then per mechanism two vec4s
 * (count, node, param, state; table, inst, 0, 0). Each becomes a private variable of the same
 * name, set by `load_shape()` at the start of a kernel.
 */
export const SHAPE_FIELDS = ['NODES', 'MECH_NODES', 'DEPTH', 'SCHED_LEVELS', 'SCHED_BLOCKS', 'SCHED_CHILDREN', 'SCHED_NODES', 'STIM_OWNER'] as const;
export type ShapeField = (typeof SHAPE_FIELDS)[number];
const MECH_SHAPE = ['count', 'node', 'param', 'state', 'table', 'inst'] as const;

/** Vec4s of the shape uniform for `m` mechanisms. */
function shapeVec4s(m: number): number {
  return SHAPE_FIELDS.length / 4 + 2 * m;
}

/** Each shape value's name and word in the uniform: SHAPE_FIELDS, then the mechanisms' offsets. */
function shapeNames(mechs: Pick<GpuMechanism, 'def'>[]): Array<[string, number]> {
  const vars: Array<[string, number]> = SHAPE_FIELDS.map((f, w) => [f, w]);
  mechs.forEach((m, k) => {
    const n = names(m.def.name);
    MECH_SHAPE.forEach((f, j) => vars.push([n[f], SHAPE_FIELDS.length + 8 * k + j]));
  });
  return vars;
}

/**
 * The shape: read from the uniform (binding 9) into private variables by `load_shape()`, or,
 * `inKernel`, compiled in as override constants (`shapeConstants`; the population kernel, whose
 * threads all take the same node at once, runs ~9 % faster with its offsets folded in).
 * `shape_depth()` gives DEPTH as a uniform value, for loop bounds around barriers.
 */
export function shapeWgsl(mechs: Pick<GpuMechanism, 'def'>[], inKernel = false): string {
  const vars = shapeNames(mechs);
  if (inKernel) {
    return [
      '// ---- the cell\'s shape (generated; compiled in, see codegen.ts) ----',
      ...vars.map(([v]) => `override ${v}: u32;`),
      'fn load_shape() {}',
      'fn shape_depth() -> u32 { return DEPTH; }',
    ].join('\n');
  }
  const lanes = ['x', 'y', 'z', 'w'];
  const at = (w: number) => `shape[${Math.floor(w / 4)}].${lanes[w % 4]}`;
  return [
    '// ---- the cell\'s shape (generated; values from the host, see codegen.ts) ----',
    `@group(0) @binding(9) var<uniform> shape: array<vec4<u32>, ${shapeVec4s(mechs.length)}>;`,
    ...vars.map(([v]) => `var<private> ${v}: u32;`),
    'fn load_shape() {',
    ...vars.map(([v, w]) => `  ${v} = ${at(w)};`),
    '}',
    `fn shape_depth() -> u32 { return ${at(SHAPE_FIELDS.indexOf('DEPTH'))}; }`,
  ].join('\n');
}

/** The shape as override constants (`shapeWgsl(…, true)`), from its words (`shapeWords`). */
export function shapeConstants(words: Uint32Array, mechs: Pick<GpuMechanism, 'def'>[]): Record<string, number> {
  return Object.fromEntries(shapeNames(mechs).map(([v, w]) => [v, words[w]]));
}

/** The shape uniform's words (`shapeWgsl`): the fields given (others 0), then each mechanism's offsets. */
export function shapeWords(fields: Partial<Record<ShapeField, number>>, mechs: GpuMechanism[]): Uint32Array {
  const values: Record<string, number> = { ...fields };
  for (const m of mechs) {
    const n = names(m.def.name);
    // the table in vec4s (mech_const is read as vec4s)
    const offsets = { count: m.count, node: m.nodeBase, param: m.paramBase, state: m.stateBase, table: m.tableBase < 0 ? 0 : m.tableBase / 4, inst: m.instBase };
    MECH_SHAPE.forEach((f) => (values[n[f]] = Math.max(0, offsets[f])));
  }
  const words = new Uint32Array(4 * shapeVec4s(mechs.length));
  for (const [v, w] of shapeNames(mechs)) words[w] = values[v] ?? 0;
  return words;
}
