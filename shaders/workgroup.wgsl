// Strategy "workgroup": one workgroup per cell, many steps per dispatch. Threads share the
// per-node work (currents, gates, v update) and solve the tree branch by branch:
//
//   branch = a maximal unbranched run of nodes (each but its last has exactly one child);
//   its child branches hang from its last node. Branches are numbered breadth first, so a
//   level of the branch tree is a contiguous range and a branch's children are contiguous.
//
//        level 0   [b0: n0 n1 n2 n3]
//                                 \__ level 1  [b1: n4 n5]   [b2: n6 n7 n8]
//                                                     \__ level 2 [b3 ...] [b4 ...]
//
// Elimination runs the levels deepest first, one thread per branch: the branch's last node
// gathers what its child branches left in their slots (a parent gathers from its children:
// no two threads ever add into one word, no float atomics), then the thread walks up the
// branch folding each node into the next (same cancellation-free form as population.wgsl)
// and leaves the first node's fold in the branch's own slot. Substitution runs the levels
// root first. storageBarrier() separates every phase.
//
// index[] after the mechanism nodes: levels (DEPTH + 1 entries), then 4 words per branch
// (node_start, node_count, child_start, child_count), then the branches' nodes in order.
// work[] after the nodes: one (d, rhs) slot per branch and cell.

override WG_SIZE: u32 = 64;
override DEPTH: u32;           // levels of the branch tree
override SCHED_LEVELS: u32;    // offsets into index[]
override SCHED_BRANCHES: u32;
override SCHED_NODES: u32;

fn level_start(l: u32) -> u32 {
  return index[SCHED_LEVELS + l];
}

fn eliminate_branch(b: u32, c: u32) {
  let base = SCHED_BRANCHES + 4u * b;
  let start = SCHED_NODES + index[base];
  let count = index[base + 1u];
  let child0 = index[base + 2u];
  let children = index[base + 3u];
  var carry = vec2<f32>(0.0, 0.0);
  for (var j = 0u; j < children; j++) {
    carry += work[(NODES + child0 + j) * CELLS + c];
  }
  for (var j = count; j > 0u; j--) {
    let i = index[start + j - 1u];
    let ii = i * CELLS + c;
    let w = work[ii] + carry;
    let nd = nodes[i];
    if (nd.parent < 0) {
      work[ii] = w;
      carry = vec2<f32>(0.0, 0.0);
    } else {
      let pp = u32(nd.parent) * CELLS + c;
      let g = nd.g_axial_uS;
      let ia = g * (state[pp] - state[ii]);
      let di = w.x + g;
      work[ii] = vec2<f32>(di, w.y + ia);
      carry = vec2<f32>(g * w.x / di, (g * w.y - ia * w.x) / di);
    }
  }
  work[(NODES + b) * CELLS + c] = carry;
}

fn substitute_branch(b: u32, c: u32) {
  let base = SCHED_BRANCHES + 4u * b;
  let start = SCHED_NODES + index[base];
  let count = index[base + 1u];
  var above = 0.0;
  for (var j = 0u; j < count; j++) {
    let i = index[start + j];
    let ii = i * CELLS + c;
    let w = work[ii];
    let nd = nodes[i];
    var dv = w.y;
    if (nd.parent >= 0) {
      if (j == 0u) {
        above = work[u32(nd.parent) * CELLS + c].y;
      }
      dv += nd.g_axial_uS * above;
    }
    dv /= w.x;
    work[ii].y = dv;
    state[ii] += dv;
    above = dv;
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
      work[i * CELLS + c] = vec2<f32>(nodes[i].cdt_uS, 0.0);
    }
    storageBarrier();
    mech_currents_wg(lid, c);
    if (lid == 0u) {
      stimulus_currents(c, step);
    }
    storageBarrier();
    for (var l = DEPTH; l > 0u; l--) {
      for (var b = level_start(l - 1u) + lid; b < level_start(l); b += WG_SIZE) {
        eliminate_branch(b, c);
      }
      storageBarrier();
    }
    for (var l = 0u; l < DEPTH; l++) {
      for (var b = level_start(l) + lid; b < level_start(l + 1u); b += WG_SIZE) {
        substitute_branch(b, c);
      }
      storageBarrier();
    }
    mech_advance_wg(lid, c);
    storageBarrier();
    for (var r = lid; r < N_PROBES; r += WG_SIZE) {
      record_probe(r, c, params.row0 + k);
    }
  }
}
