// Strategy "workgroup": one workgroup per cell (one big workgroup for one large cell), many
// steps per dispatch. The per-node work (currents, gates, v update) is spread over the
// threads; the tree is solved in blocks (blocks.wgsl); the cell's v and (d, rhs) words live in
// the storage buffers, storageBarrier() between phases.
//
// work[] after the nodes: one (d, rhs) slot per block and cell.

fn blk_v(i: u32, c: u32) -> f32 {
  return state[i * CELLS + c];
}
fn blk_set_v(i: u32, c: u32, v: f32) {
  state[i * CELLS + c] = v;
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
// false where the workgroup is one group of invocations in lockstep (kernels.ts `stepBarriers`:
// SwiftShader's 4 lanes), whose stores the next load sees in program order
override STEP_BARRIERS: bool = true;

fn blk_barrier() {
  if (STEP_BARRIERS) {
    storageBarrier();
  }
}

// Per step: the solve, then the per-node pass (v and the states one step on, the next step's
// (d, rhs)), then the probes, which read state[] while the next step's first phase writes
// only work[]. The first step's (d, rhs) are in work[] on entry (the host's, or the last
// dispatch's).
@compute @workgroup_size(WG_SIZE)
fn step_cells(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  load_shape();
  let c = wid.x;
  if (c >= CELLS) {
    return;
  }
  for (var k = 0u; k < params.steps; k++) {
    solve(c, lid);
    step_nodes(c, lid, params.step0 + k + 1u);
    blk_barrier();
    for (var r = lid; r < N_PROBES; r += WG_SIZE) {
      record_probe(r, c, params.row0 + k);
    }
  }
}
