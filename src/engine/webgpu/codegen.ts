/**
 * The only generated WGSL: the glue between a model's mechanisms and the kernels. Each
 * mechanism's own functions (`x_current`, `x_init`, `x_advance`) come from its definition in
 * src/mechanisms; this file writes, per mechanism, the accessors of its parameters and states
 * in the shared buffers and the loops that the kernels call:
 *
 *   mech_currents(c), mech_advance(c), mech_init(c)      one thread per cell (population)
 *   mech_currents_wg(lid, c), mech_advance_wg(lid, c)    a workgroup per cell: instances
 *                                                        spread over the threads, a barrier
 *                                                        after each mechanism (no two threads
 *                                                        add into one node at once)
 *
 * Offsets and counts are override constants (values in `mechanismOverrides`).
 */
import type { MechanismDef } from '../../mechanisms/types.js';
import type { GpuMechanism } from './model-data.js';

/** The override constant names of mechanism `name`'s offsets. */
function names(name: string) {
  return { count: `M_${name}_count`, node: `M_${name}_node`, param: `M_${name}_param`, state: `M_${name}_state`, table: `M_${name}_table` };
}

/** Accessors and per-instance steps of one mechanism. */
export function mechanismGlue(def: MechanismDef): string {
  const x = def.name;
  const o = names(x);
  const P = def.params.length, S = def.states.length;
  const lines: string[] = [`// ---- ${x} (generated) ----`];
  lines.push(`override ${o.count}: u32;`, `override ${o.node}: u32;`, `override ${o.param}: u32;`);
  if (S > 0) lines.push(`override ${o.state}: u32;`);
  if (def.wgsl.table) {
    lines.push(`override ${o.table}: u32;`, `fn ${x}_table(i: u32) -> f32 { return mech_const[${o.table} + i]; }`);
  }
  const pv = Array.from({ length: P }, (_, j) => `mech_const[b + ${j}u * ${o.count}]`).join(', ');
  lines.push(`fn ${x}_p(k: u32) -> array<f32, ${P}> {`, `  let b = ${o.param} + k;`, `  return array<f32, ${P}>(${pv});`, `}`);
  lines.push(`fn ${x}_node_of(k: u32) -> u32 { return index[${o.node} + k]; }`);
  const sArg = S > 0 ? `, ${x}_s(k, c)` : '';
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
      `fn ${x}_init_at(k: u32, c: u32) {`,
      `  ${x}_put(k, c, ${x}_init(V_REST + state[${x}_node_of(k) * CELLS + c], ${x}_p(k)));`,
      `}`,
      `fn ${x}_advance_at(k: u32, c: u32) {`,
      `  ${x}_put(k, c, ${x}_advance(V_REST + state[${x}_node_of(k) * CELLS + c], ${x}_p(k), ${x}_s(k, c), DT));`,
      `}`,
    );
  }
  lines.push(
    `// (d [µS], rhs [nA]) that instance k adds at its node in cell c`,
    `fn ${x}_current_at(k: u32, c: u32) -> vec2<f32> {`,
    `  let nd = ${x}_node_of(k);`,
    `  let ig = ${x}_current(state[nd * CELLS + c], ${x}_p(k)${sArg});`,
    `  let af = nodes[nd].area_factor;`,
    `  return vec2<f32>(ig.y * af, -ig.x * af);`,
    `}`,
  );
  return lines.join('\n');
}

export type GlueStrategy = 'population' | 'workgroup';

/** The whole generated module: each mechanism's own WGSL, its glue, and the phase loops. */
export function mechanismsWgsl(defs: MechanismDef[], strategy: GlueStrategy): string {
  const out: string[] = [];
  for (const def of defs) out.push(def.wgsl.code, mechanismGlue(def));
  const cur: string[] = [], adv: string[] = [], ini: string[] = [];
  for (const def of defs) {
    const x = def.name, n = names(x).count;
    const stateful = def.states.length > 0;
    if (strategy === 'population') {
      cur.push(`  for (var k = 0u; k < ${n}; k++) { let i = ${x}_node_of(k) * CELLS + c; work[i] += ${x}_current_at(k, c); }`);
      if (stateful) {
        adv.push(`  for (var k = 0u; k < ${n}; k++) { ${x}_advance_at(k, c); }`);
        ini.push(`  for (var k = 0u; k < ${n}; k++) { ${x}_init_at(k, c); }`);
      }
    } else {
      cur.push(
        `  for (var k = lid; k < ${n}; k += WG_SIZE) { let i = ${x}_node_of(k) * CELLS + c; work[i] += ${x}_current_at(k, c); }`,
        `  storageBarrier();`,
      );
      if (stateful) adv.push(`  for (var k = lid; k < ${n}; k += WG_SIZE) { ${x}_advance_at(k, c); }`);
    }
  }
  // the init kernel is one thread per cell in both strategies
  if (strategy === 'workgroup') {
    for (const def of defs) {
      if (def.states.length > 0) ini.push(`  for (var k = 0u; k < ${names(def.name).count}; k++) { ${def.name}_init_at(k, c); }`);
    }
  }
  out.push('// ---- phases (generated) ----');
  if (strategy === 'population') {
    out.push(`fn mech_currents(c: u32) {`, ...cur, `}`, `fn mech_advance(c: u32) {`, ...adv, `}`);
  } else {
    out.push(`fn mech_currents_wg(lid: u32, c: u32) {`, ...cur, `}`, `fn mech_advance_wg(lid: u32, c: u32) {`, ...adv, `}`);
  }
  out.push(`fn mech_init(c: u32) {`, ...ini, `}`);
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
    if (m.def.states.length > 0) o[n.state] = m.stateBase;
    if (m.tableBase >= 0) o[n.table] = m.tableBase;
  }
  return o;
}
