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
override FLAGS: u32;           // offset of the node flags in index[]
override DEPTH: u32;           // phases (height of the block tree)
override SCHED_LEVELS: u32;    // offsets into index[]
override SCHED_BLOCKS: u32;
override SCHED_CHILDREN: u32;
override SCHED_NODES: u32;
const FLAG_STIM: u32 = 2u;

fn level_start(l: u32) -> u32 {
  return index[SCHED_LEVELS + l];
}

fn eliminate_block(b: u32, c: u32) {
  let base = SCHED_BLOCKS + 4u * b;
  let start = SCHED_NODES + index[base];
  let count = index[base + 1u];
  let child0 = SCHED_CHILDREN + index[base + 2u];
  let children = index[base + 3u];
  for (var j = 0u; j < children; j++) {
    let cb = index[child0 + j];
    let root = index[SCHED_NODES + index[SCHED_BLOCKS + 4u * cb]];
    let at = u32(nodes[root].parent) * CELLS + c;
    work[at] += work[(NODES + cb) * CELLS + c];
  }
  var slot = vec2<f32>(0.0, 0.0);
  for (var j = count; j > 0u; j--) {
    let i = index[start + j - 1u];
    let nd = nodes[i];
    if (nd.parent < 0) {
      continue;
    }
    let ii = i * CELLS + c;
    let pp = u32(nd.parent) * CELLS + c;
    let w = work[ii];
    let g = nd.g_axial_uS;
    let ia = g * (state[pp] - state[ii]);
    let di = w.x + g;
    work[ii] = vec2<f32>(di, w.y + ia);
    let fold = vec2<f32>(g * w.x / di, (g * w.y - ia * w.x) / di);
    if (j == 1u) {
      slot = fold;
    } else {
      work[pp] += fold;
    }
  }
  work[(NODES + b) * CELLS + c] = slot;
}

fn substitute_block(b: u32, c: u32) {
  let base = SCHED_BLOCKS + 4u * b;
  let start = SCHED_NODES + index[base];
  let count = index[base + 1u];
  for (var j = 0u; j < count; j++) {
    let i = index[start + j];
    let ii = i * CELLS + c;
    let w = work[ii];
    let nd = nodes[i];
    var dv = w.y;
    if (nd.parent >= 0) {
      dv += nd.g_axial_uS * work[u32(nd.parent) * CELLS + c].y;
    }
    work[ii].y = dv / w.x;
  }
}

@compute @workgroup_size(WG_SIZE)
fn step_cells(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let c = wid.x;
  if (c >= CELLS) {
    return;
  }
  for (var k = 0u; k < params.steps; k++) {
    let step = params.step0 + k;
    for (var i = lid; i < NODES; i += WG_SIZE) {
      let ii = i * CELLS + c;
      let nd = nodes[i];
      let ig = mech_node_current(i, c, state[ii]) * nd.area_factor;
      var rhs = -ig.x;
      if ((index[FLAGS + i] & FLAG_STIM) != 0u) {
        for (var s = 0u; s < N_STIM; s++) {
          let st = stimuli[s];
          if (st.node == i && step >= st.on_step && step < st.off_step) {
            rhs += st.amp_nA;
          }
        }
      }
      work[ii] = vec2<f32>(nd.cdt_uS + ig.y, rhs);
    }
    storageBarrier();
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
    for (var i = lid; i < NODES; i += WG_SIZE) {
      let ii = i * CELLS + c;
      let vr = state[ii] + work[ii].y;
      state[ii] = vr;
      mech_node_advance(i, c, V_REST + vr);
    }
    storageBarrier();
    for (var r = lid; r < N_PROBES; r += WG_SIZE) {
      record_probe(r, c, params.row0 + k);
    }
  }
}
