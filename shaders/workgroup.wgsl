// Strategy "workgroup": one workgroup per cell (one big workgroup for one large cell), many
// steps per dispatch. The per-node work (currents, gates, v update) is spread over the
// threads, one node per thread at a time; the tree is solved in blocks (blocks.wgsl), the
// cell's v and (d, rhs) words in the storage buffers, storageBarrier() between phases.
//
// work[] after the nodes: one (d, rhs) slot per block and cell.

override WG_SIZE: u32 = 64;

fn blk_v(i: u32, c: u32) -> f32 {
  return state[i * CELLS + c];
}
fn blk_w(k: u32, c: u32) -> vec2<f32> {
  return work[k * CELLS + c];
}
fn blk_set(k: u32, c: u32, x: vec2<f32>) {
  work[k * CELLS + c] = x;
}
fn blk_add(k: u32, c: u32, x: vec2<f32>) {
  work[k * CELLS + c] += x;
}
fn blk_set_rhs(k: u32, c: u32, y: f32) {
  work[k * CELLS + c].y = y;
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
