// Strategy "workgroup": one workgroup per cell (one big workgroup for one large cell), many
// steps per dispatch. The per-node work (currents, gates, v update) is spread over the
// threads, one node per thread at a time; the tree is solved block by block:
//
//   block = a connected piece of the tree (~BLOCK nodes, see schedule.ts blockSchedule),
//   eliminated and substituted by one thread in node order; child blocks hang from one of
//   its nodes. Blocks are grouped by height in the block tree: a phase is a contiguous range.
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
// atomics), then walks its nodes backwards folding each into its parent (same
// cancellation-free form as population.wgsl); the block's first node folds into the block's
// own slot. Substitution runs the phases from the top down, each block forwards, leaving Δv
// in the rhs word. storageBarrier() separates the phases.
//
// index[] after the mechanism tables: phase starts (DEPTH + 1), 4 words per block
// (node_start, node_count, child_start, child_count), the child block lists, the nodes.
// work[] after the nodes: one (d, rhs) slot per block and cell.

override WG_SIZE: u32 = 64;
override ORDER: u32;           // offset of the per-node pass's order in index[]: the nodes with
override MECH_NODES: u32;      //   a mechanism (MECH_NODES of them), then the others
override DEPTH: u32;           // phases (height of the block tree)
override SCHED_LEVELS: u32;    // offsets into index[]
override SCHED_BLOCKS: u32;
override SCHED_CHILDREN: u32;
override SCHED_NODES: u32;

fn level_start(l: u32) -> u32 {
  return index[SCHED_LEVELS + l];
}

// Written without branches (select() instead): on a CPU adapter (SwiftShader) every lane of a
// SIMD group runs both sides of every `if`, and an `if` costs about as much as five loads.
// A scheduled node is two words, (i, p): p its parent, or i itself for the root (whose g is
// then taken as 0: no axial term, a zero fold into itself).
fn eliminate_block(b: u32, c: u32) {
  let base = SCHED_BLOCKS + 4u * b;
  let start = SCHED_NODES + 2u * index[base];
  let count = index[base + 1u];
  let child0 = SCHED_CHILDREN + index[base + 2u];
  let children = index[base + 3u];
  for (var j = 0u; j < children; j++) {
    let cb = index[child0 + j];
    let at = index[SCHED_NODES + 2u * index[SCHED_BLOCKS + 4u * cb] + 1u] * CELLS + c;
    work[at] += work[(NODES + cb) * CELLS + c];
  }
  // the block's first node folds into the block's slot, the others into their parents
  let slot = (NODES + b) * CELLS + c;
  work[slot] = vec2<f32>(0.0, 0.0);
  for (var j = count; j > 0u; j--) {
    let i = index[start + 2u * (j - 1u)];
    let p = index[start + 2u * (j - 1u) + 1u];
    let ii = i * CELLS + c;
    let pp = p * CELLS + c;
    let w = work[ii];
    let g = select(nodes[i].g_axial_uS, 0.0, p == i);
    let ia = g * (state[pp] - state[ii]);
    let di = w.x + g;
    work[ii] = vec2<f32>(di, w.y + ia);
    work[select(pp, slot, j == 1u)] += vec2<f32>(g * w.x / di, (g * w.y - ia * w.x) / di);
  }
}

fn substitute_block(b: u32, c: u32) {
  let base = SCHED_BLOCKS + 4u * b;
  let start = SCHED_NODES + 2u * index[base];
  let count = index[base + 1u];
  for (var j = 0u; j < count; j++) {
    let i = index[start + 2u * j];
    let p = index[start + 2u * j + 1u];
    let ii = i * CELLS + c;
    let w = work[ii];
    let g = select(nodes[i].g_axial_uS, 0.0, p == i);
    work[ii].y = (w.y + g * work[p * CELLS + c].y) / w.x;
  }
}

// Node i's (d, rhs) before the solve, from the mechanisms' current density and slope `ig`
// at its present v and states; the stimuli are added apart (add_stimuli).
fn assemble(i: u32, c: u32, ig: vec2<f32>) {
  let a = ig * nodes[i].area_factor;
  work[i * CELLS + c] = vec2<f32>(nodes[i].cdt_uS + a.y, -a.x);
}

// The stimuli on at step `step` into their nodes' rhs: one thread, in order (two stimuli may
// share a node); a barrier must follow.
fn add_stimuli(c: u32, step: u32, lid: u32) {
  if (lid == 0u) {
    for (var s = 0u; s < N_STIM; s++) {
      let st = stimuli[s];
      if (step >= st.on_step && step < st.off_step) {
        work[st.node * CELLS + c].y += st.amp_nA;
      }
    }
  }
}

// Per step: the solve (elimination phases up the block tree, substitution phases down), then
// one pass over the nodes that takes v and every state one step on and, in the same visit,
// assembles the node's (d, rhs) for the next step (mech_step_mech_node: each instance's states
// loaded once per step). The first step's (d, rhs) are assembled on entry.
@compute @workgroup_size(WG_SIZE)
fn step_cells(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let c = wid.x;
  if (c >= CELLS) {
    return;
  }
  for (var i = lid; i < NODES; i += WG_SIZE) {
    assemble(i, c, mech_node_current(i, c, state[i * CELLS + c]));
  }
  storageBarrier();
  add_stimuli(c, params.step0, lid);
  storageBarrier();
  for (var k = 0u; k < params.steps; k++) {
    for (var l = 0u; l < DEPTH; l++) {
      for (var b = level_start(l) + lid; b < level_start(l + 1u); b += WG_SIZE) {
        eliminate_block(b, c);
      }
      storageBarrier();
    }
    for (var l = DEPTH; l > 0u; l--) {
      for (var b = level_start(l - 1u) + lid; b < level_start(l); b += WG_SIZE) {
        substitute_block(b, c);
      }
      storageBarrier();
    }
    // Nodes with mechanisms apart from the others, so that no SIMD lane idles through a
    // mechanism's code. On the last step the next (d, rhs) are assembled too, unused: cheaper
    // than a branch around it.
    for (var q = lid; q < MECH_NODES; q += WG_SIZE) {
      let i = index[ORDER + q];
      let ii = i * CELLS + c;
      let vr = state[ii] + work[ii].y;
      state[ii] = vr;
      assemble(i, c, mech_step_mech_node(i, c, vr));
    }
    for (var q = MECH_NODES + lid; q < NODES; q += WG_SIZE) {
      let i = index[ORDER + q];
      let ii = i * CELLS + c;
      let vr = state[ii] + work[ii].y;
      state[ii] = vr;
      assemble(i, c, vec2<f32>(0.0, 0.0));
    }
    storageBarrier();
    for (var r = lid; r < N_PROBES; r += WG_SIZE) {
      record_probe(r, c, params.row0 + k);
    }
    add_stimuli(c, params.step0 + k + 1u, lid);
    storageBarrier();
  }
}
