/**
 * The only generated WGSL: the glue between a model's mechanisms and the kernels. Each
 * mechanism's own functions (`x_current`, `x_advance`) come from its definition in
 * src/mechanisms; this file writes, per mechanism, the accessors of its parameters and states
 * in the shared buffers and the per-node phases that the kernels call (`mechanismsWgsl`).
 *
 * Offsets and counts are override constants (values in `mechanismOverrides`).
 */
import type { GpuMechanism } from './model-data.js';

/** The override constant names of mechanism `name`'s offsets. */
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
export function mechanismGlue(m: GpuMechanism): string {
  const def = m.def;
  const x = def.name;
  const o = names(x);
  const P = def.params.length, S = def.states.length;
  const lines: string[] = [`// ---- ${x} (generated) ----`];
  lines.push(`override ${o.count}: u32;`, `override ${o.node}: u32;`, `override ${o.param}: u32;`, `override ${o.inst}: u32;`);
  if (S > 0) lines.push(`override ${o.state}: u32;`);
  if (def.wgsl.table) {
    lines.push(`override ${o.table}: u32;`, `fn ${x}_table(i: u32) -> f32 { return mech_const[${o.table} + i]; }`);
  }
  m.uniform.forEach((u, j) => u !== null && lines.push(`override ${o.uniform(j)}: f32;`));
  const pv = Array.from({ length: P }, (_, j) => (m.uniform[j] !== null ? o.uniform(j) : `mech_const[b + ${j}u * ${o.count}]`)).join(', ');
  lines.push(`fn ${x}_p(k: u32) -> array<f32, ${P}> {`, `  let b = ${o.param} + k;`, `  return array<f32, ${P}>(${pv});`, `}`);
  lines.push(`fn ${x}_node_of(k: u32) -> u32 { return index[${o.node} + k]; }`);
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
export function mechanismsWgsl(mechs: GpuMechanism[]): string {
  const out: string[] = ['const NO_INSTANCE: u32 = 0xffffffffu;'];
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

/** Values of the mechanisms' override constants. */
export function mechanismOverrides(mechs: GpuMechanism[]): Record<string, number> {
  const o: Record<string, number> = {};
  for (const m of mechs) {
    const n = names(m.def.name);
    o[n.count] = m.count;
    o[n.node] = m.nodeBase;
    o[n.param] = m.paramBase;
    o[n.inst] = m.instBase;
    if (m.def.states.length > 0) o[n.state] = m.stateBase;
    if (m.tableBase >= 0) o[n.table] = m.tableBase;
    m.uniform.forEach((u, j) => u !== null && (o[n.uniform(j)] = u));
  }
  return o;
}
