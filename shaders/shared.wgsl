// Strategy "shared": a cell that fits in one workgroup's memory, many steps per dispatch, one
// workgroup per cell (copy). The step is the workgroup strategy's (blocks.wgsl: the block
// solve, the per-node pass, the stimuli), but the cell's v − vRest and its (d, rhs) pairs,
// with one (d, rhs) slot per block, live in workgroup memory for the whole dispatch, and
// workgroupBarrier() separates the phases:
//
//   wv: [ v - vRest of node 0 … NODES-1 ]                 loaded from state[] and work[] on
//   wd: [ (d, rhs) of node 0 … NODES-1 | block slots ]     entry, written back on exit (not
//                                                          the block slots)
//
// The mechanisms' states stay in state[] (each node's are only ever touched by the thread
// that owns the node in the per-node pass, the same thread every step). A probe of v reads wv;
// a probe of a mechanism state reads state[] between two storageBarriers (only when there is
// such a probe: STATE_PROBES). The probes record after the per-node pass's barrier, alongside
// the next step's first elimination phase (which touches neither wv nor the states).

override SH_NODES: u32;        // NODES, as a constant for the arrays' sizes
override SH_SLOTS: u32;        // NODES + blocks
override STATE_PROBES: bool;   // whether a probe records a mechanism state (needs a storageBarrier)

var<workgroup> wv: array<f32, SH_NODES>;           // v − vRest [mV]
var<workgroup> wd: array<vec2<f32>, SH_SLOTS>;  // (d [µS], rhs [nA]) per node, then per block

// The block solve's accessors (blocks.wgsl): this workgroup's cell, in workgroup memory.
fn blk_v(i: u32, c: u32) -> f32 {
  return wv[i];
}
fn blk_set_v(i: u32, c: u32, v: f32) {
  wv[i] = v;
}
fn blk_w(k: u32, c: u32) -> vec2<f32> {
  return wd[k];
}
fn blk_set(k: u32, c: u32, x: vec2<f32>) {
  wd[k] = x;
}
fn blk_add(k: u32, c: u32, x: vec2<f32>) {
  wd[k] += x;
}
fn blk_set_rhs(k: u32, c: u32, y: f32) {
  wd[k].y = y;
}
fn blk_barrier() {
  workgroupBarrier();
}

// Probe r of cell c into row `row`: v from workgroup memory, a mechanism state from state[].
fn record_probe_shared(r: u32, c: u32, row: u32) {
  let pr = probes[r];
  if (pr.all_copies == 0u && c != 0u) {
    return;
  }
  let col = pr.column + select(0u, c, pr.all_copies != 0u);
  var x: f32;
  if (pr.offset < NODES * CELLS) {
    x = wv[pr.offset / CELLS];
  } else {
    x = state[pr.offset + c];
  }
  record[row * COLUMNS + col] = x + pr.add_mV;
}

@compute @workgroup_size(WG_SIZE)
fn step_cells(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  load_shape();
  let c = wid.x;
  if (c >= CELLS) {
    return;
  }
  // Entry: v and the first step's (d, rhs) (the host's, or the last dispatch's).
  for (var i = lid; i < NODES; i += WG_SIZE) {
    wv[i] = state[i * CELLS + c];
    wd[i] = work[i * CELLS + c];
  }
  workgroupBarrier();
  for (var k = 0u; k < params.steps; k++) {
    solve(c, lid);
    if (STATE_PROBES) {
      storageBarrier();  // the last step's probes have read the states the pass now writes
    }
    step_nodes(c, lid, params.step0 + k + 1u);
    workgroupBarrier();
    if (STATE_PROBES) {
      storageBarrier();  // the states the probes read
    }
    for (var r = lid; r < N_PROBES; r += WG_SIZE) {
      record_probe_shared(r, c, params.row0 + k);
    }
  }
  // Exit: v and the next step's (d, rhs) back (the last barrier above made them visible).
  for (var i = lid; i < NODES; i += WG_SIZE) {
    state[i * CELLS + c] = wv[i];
    work[i * CELLS + c] = wd[i];
  }
}
