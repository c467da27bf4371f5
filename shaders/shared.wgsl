// Strategy "shared": a cell that fits in one workgroup's memory, many steps per dispatch, one
// workgroup per cell (copy). The step is the workgroup strategy's (the same block solve,
// blocks.wgsl, and the same fused per-node pass), but the cell's v − vRest and its (d, rhs) pairs, with one (d, rhs) slot per block,
// live in workgroup memory for the whole dispatch, and workgroupBarrier() separates the phases:
//
//   wv: [ v - vRest of node 0 … NODES-1 ]                 loaded from state[] on entry,
//   wd: [ (d, rhs) of node 0 … NODES-1 | block slots ]     written back on exit (v only)
//
// The mechanisms' states stay in state[] (each node's are only ever touched by the thread
// that owns the node in the per-node pass, the same thread every step). A probe of v reads wv;
// a probe of a mechanism state reads state[] between two storageBarriers (only when there is
// such a probe: STATE_PROBES).
//
// Barriers per step: 2·DEPTH (+ 2 with STATE_PROBES). The top phase's blocks are eliminated
// and substituted with no barrier between (a phase's blocks go to the threads in the same way
// in both directions, so each is substituted by the thread that eliminated it); a stimulus is added by the thread that owns its node in the per-node pass, right after
// assembling it (no barrier of its own); the probes record after the per-node pass's barrier,
// alongside the next step's first elimination phase (which touches neither wv nor the states).
//
// index[] holds what the workgroup strategy's does (see blocks.wgsl), then STIM_OWNER: per
// stimulus the thread that owns its node in the per-node pass.

override WG_SIZE: u32 = 64;
override STIM_OWNER: u32;
override SH_SLOTS: u32;        // NODES + blocks
override STATE_PROBES: bool;   // whether a probe records a mechanism state (needs a storageBarrier)

var<workgroup> wv: array<f32, NODES>;           // v − vRest [mV]
var<workgroup> wd: array<vec2<f32>, SH_SLOTS>;  // (d [µS], rhs [nA]) per node, then per block

// The block solve's accessors (blocks.wgsl): this workgroup's cell, in workgroup memory.
fn blk_v(i: u32, c: u32) -> f32 {
  return wv[i];
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

// The stimuli on at step `step` whose node this thread owns, into that node's rhs (in order:
// two stimuli may share a node, and then a thread).
fn add_stimuli(step: u32, lid: u32) {
  for (var s = 0u; s < N_STIM; s++) {
    let st = stimuli[s];
    if (index[STIM_OWNER + s] == lid && step >= st.on_step && step < st.off_step) {
      wd[st.node].y += st.amp_nA;
    }
  }
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
  let c = wid.x;
  if (c >= CELLS) {
    return;
  }
  // Entry: each thread loads and assembles the nodes it owns in the per-node pass (so the
  // stimuli go in without a barrier), with the first step's stimuli.
  for (var q = lid; q < MECH_NODES; q += WG_SIZE) {
    let i = index[ORDER + q];
    let vr = state[i * CELLS + c];
    wv[i] = vr;
    assemble(i, c, mech_node_current(i, c, vr));
  }
  for (var q = MECH_NODES + lid; q < NODES; q += WG_SIZE) {
    let i = index[ORDER + q];
    wv[i] = state[i * CELLS + c];
    assemble(i, c, vec2<f32>(0.0, 0.0));
  }
  add_stimuli(params.step0, lid);
  workgroupBarrier();
  for (var k = 0u; k < params.steps; k++) {
    // elimination up to (not including) the top phase, then the top phase eliminated and
    // substituted by the same threads, then substitution down
    for (var l = 0u; l + 1u < DEPTH; l++) {
      for (var b = level_start(l) + lid; b < level_start(l + 1u); b += WG_SIZE) {
        eliminate_block(b, c);
      }
      workgroupBarrier();
    }
    for (var b = level_start(DEPTH - 1u) + lid; b < level_start(DEPTH); b += WG_SIZE) {
      eliminate_block(b, c);
      substitute_block(b, c);
    }
    workgroupBarrier();
    for (var l = DEPTH - 1u; l > 0u; l--) {
      for (var b = level_start(l - 1u) + lid; b < level_start(l); b += WG_SIZE) {
        substitute_block(b, c);
      }
      workgroupBarrier();
    }
    if (STATE_PROBES) {
      storageBarrier();  // the last step's probes have read the states the pass now writes
    }
    // The per-node pass: v and every state one step on, then the next step's (d, rhs) and
    // stimuli (on the last step too, unused: cheaper than a branch around it).
    for (var q = lid; q < MECH_NODES; q += WG_SIZE) {
      let i = index[ORDER + q];
      let vr = wv[i] + wd[i].y;
      wv[i] = vr;
      assemble(i, c, mech_step_mech_node(i, c, vr));
    }
    for (var q = MECH_NODES + lid; q < NODES; q += WG_SIZE) {
      let i = index[ORDER + q];
      let vr = wv[i] + wd[i].y;
      wv[i] = vr;
      assemble(i, c, vec2<f32>(0.0, 0.0));
    }
    add_stimuli(params.step0 + k + 1u, lid);
    workgroupBarrier();
    if (STATE_PROBES) {
      storageBarrier();  // the states the probes read
    }
    for (var r = lid; r < N_PROBES; r += WG_SIZE) {
      record_probe_shared(r, c, params.row0 + k);
    }
  }
  // Exit: v back to state[] (the last barrier above made every thread's wv visible).
  for (var i = lid; i < NODES; i += WG_SIZE) {
    state[i * CELLS + c] = wv[i];
  }
}
