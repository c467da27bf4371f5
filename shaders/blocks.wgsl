// The step of the strategies "workgroup" and "shared" (one workgroup per cell) but for where
// the cell's state lives: the block solve, the per-node pass and the stimuli, written once
// against the strategy's accessors of its cell's state:
//
//   blk_v(i, c) -> f32              v − vRest of node i in cell c; blk_set_v(i, c, v)
//   blk_w(k, c) -> vec2<f32>        (d [µS], rhs [nA]) word k: node k, or block k − NODES's slot
//   blk_set(k, c, x), blk_add(k, c, x), blk_set_rhs(k, c, y)
//   blk_barrier()                   the barrier between phases
//
// The tree is solved block by block:
//
//   block = a connected piece of the tree (see schedule.ts blockSchedule), eliminated and
//   substituted by one thread in node order; child blocks hang from one of its nodes. Blocks
//   are grouped by height in the block tree: a phase is a contiguous range.
//
//        height 2              [A: n0 … n40]
//                             /             \
//        height 1     [B: n41 … n80]    [C: n81 … n95]
//                      /      \               (C's children all height 0)
//        height 0  [D …]     [E …]   [F …] [G …]
//
// Elimination runs the phases from height 0 up, one thread per block: the block first
// gathers what each child block left in its slot into the node that child hangs from (a
// parent gathers from its children: no two threads ever add into one word, no float
// atomics), then walks its nodes backwards folding each into its parent (the
// cancellation-free form of population.wgsl); the block's first node folds into the block's
// own slot. A node's eliminated row d'·Δv − g·Δv_p = rhs' is kept divided by d', as
// (g/d', rhs'/d'): substitution, which runs the phases from the top down, each block
// forwards, then takes Δv = rhs'/d' + (g/d')·Δv_p with one load fewer and no division, and
// leaves Δv in the rhs word.
//
// Written without branches that lanes could take apart (select() instead): on a CPU adapter
// (SwiftShader) every lane of a SIMD group runs both sides of such an `if`, and it costs
// about as much as five loads; an `if` every lane takes alike (on the phase) is skipped.
// A scheduled node is two words, (i, p): p its parent, or i itself for the root (whose g is
// then taken as 0: no axial term, a zero fold into itself).
//
// The nodes are numbered with the MECH_NODES nodes that have a mechanism first (model-data.ts,
// `mech-first`): the per-node pass takes node q = thread + k·WG_SIZE, contiguous.
//
// index[] after the mechanism tables: phase starts (DEPTH + 1), 4 words per block
// (node_start, node_count, child_start, child_count), the child block lists, the scheduled
// nodes; at STIM_OWNER, per stimulus, the thread that owns its node in the per-node pass.

// From the cell's shape (codegen.ts `shapeWgsl`, set by load_shape()): MECH_NODES (nodes
// 0 … MECH_NODES − 1 have a mechanism, the others none), DEPTH (phases: the height of the
// block tree), and the offsets into index[] SCHED_LEVELS, SCHED_BLOCKS, SCHED_CHILDREN,
// SCHED_NODES and STIM_OWNER.

override WG_SIZE: u32 = 64;

fn level_start(l: u32) -> u32 {
  return index[SCHED_LEVELS + l];
}

fn eliminate_block(b: u32, c: u32) {
  let base = SCHED_BLOCKS + 4u * b;
  let start = SCHED_NODES + 2u * index[base];
  let count = index[base + 1u];
  let child0 = SCHED_CHILDREN + index[base + 2u];
  let children = index[base + 3u];
  for (var j = 0u; j < children; j++) {
    let cb = index[child0 + j];
    let at = index[SCHED_NODES + 2u * index[SCHED_BLOCKS + 4u * cb] + 1u];
    blk_add(at, c, blk_w(NODES + cb, c));
  }
  // the block's first node folds into the block's slot, the others into their parents
  let slot = NODES + b;
  blk_set(slot, c, vec2<f32>(0.0, 0.0));
  for (var j = count; j > 0u; j--) {
    let i = index[start + 2u * (j - 1u)];
    let p = index[start + 2u * (j - 1u) + 1u];
    let w = blk_w(i, c);
    let g = select(nodes[i].g_axial_uS, 0.0, p == i);
    let ia = g * (blk_v(p, c) - blk_v(i, c));
    let di = w.x + g;
    blk_set(i, c, vec2<f32>(g / di, (w.y + ia) / di));
    blk_add(select(p, slot, j == 1u), c, vec2<f32>(g * w.x / di, (g * w.y - ia * w.x) / di));
  }
}

// Δv of each node of the block, parents first, into its rhs word (over the eliminated (g/d', rhs'/d')).
fn substitute_block(b: u32, c: u32) {
  let base = SCHED_BLOCKS + 4u * b;
  let start = SCHED_NODES + 2u * index[base];
  let count = index[base + 1u];
  for (var j = 0u; j < count; j++) {
    let i = index[start + 2u * j];
    let p = index[start + 2u * j + 1u];
    let w = blk_w(i, c);
    blk_set_rhs(i, c, w.y + w.x * blk_w(p, c).y);
  }
}

// Node i's (d, rhs) for the next solve, from the mechanisms' current density and slope `ig`
// at its v and states; the stimuli are added apart. C/dt is the node's area factor times
// CDT_PER_AREA (cm is the cell's): one load fewer than a C/dt per node.
fn assemble(i: u32, c: u32, ig: vec2<f32>) {
  let af = nodes[i].area_factor;
  blk_set(i, c, vec2<f32>(af * (CDT_PER_AREA + ig.y), -af * ig.x));
}

// One step's solve: elimination phase by phase up from the leaves' blocks, then substitution
// down from the top block, Δv in the rhs words, a barrier after each phase. Written as one
// loop over the 2·DEPTH − 1 phases (the top one both ways) with each sweep's code once: the
// kernel compiles that much faster on a CPU adapter.
fn solve(c: u32, lid: u32) {
  let depth = shape_depth();  // from the uniform: the barriers below stay in uniform control flow
  for (var l = 0u; l + 1u < 2u * depth; l++) {
    if (l < depth) {
      for (var b = level_start(l) + lid; b < level_start(l + 1u); b += WG_SIZE) {
        eliminate_block(b, c);
      }
      blk_barrier();
    }
    if (l + 1u >= depth) {
      let h = 2u * depth - 2u - l;
      for (var b = level_start(h) + lid; b < level_start(h + 1u); b += WG_SIZE) {
        substitute_block(b, c);
      }
      blk_barrier();
    }
  }
}

// The stimuli on at step `step` whose node this thread owns, into that node's rhs (in order:
// two stimuli may share a node, and then a thread). Owning the node, the thread assembled it:
// no barrier between.
fn add_stimuli(c: u32, step: u32, lid: u32) {
  for (var s = 0u; s < N_STIM; s++) {
    let st = stimuli[s];
    if (index[STIM_OWNER + s] == lid && step >= st.on_step && step < st.off_step) {
      blk_add(st.node, c, vec2<f32>(0.0, st.amp_nA));
    }
  }
}

// The per-node pass after the solve: v and every state one step on, then the (d, rhs) for
// step `next` (on a dispatch's last step, for the next dispatch, or unused). The
// nodes with mechanisms go apart from the others, so that no SIMD lane idles through a
// mechanism's code; each instance's states are loaded once (mech_step_mech_node).
fn step_nodes(c: u32, lid: u32, next: u32) {
  for (var i = lid; i < MECH_NODES; i += WG_SIZE) {
    let vr = blk_v(i, c) + blk_w(i, c).y;
    blk_set_v(i, c, vr);
    assemble(i, c, mech_step_mech_node(i, c, vr));
  }
  for (var i = MECH_NODES + lid; i < NODES; i += WG_SIZE) {
    let vr = blk_v(i, c) + blk_w(i, c).y;
    blk_set_v(i, c, vr);
    assemble(i, c, vec2<f32>(0.0, 0.0));
  }
  add_stimuli(c, next, lid);
}
