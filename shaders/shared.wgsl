// Strategy "shared": a cell that fits in one workgroup's memory, many steps per dispatch, one
// workgroup per cell (copy). The step is the workgroup strategy's (workgroup.wgsl: the same
// block schedule, the same branch-free elimination and substitution, the same fused per-node
// pass), but the cell's v − vRest and its (d, rhs) pairs, with one (d, rhs) slot per block,
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
// index[] holds what the workgroup strategy's does (after the mechanism tables: phase starts,
// 4 words per block, the child block lists, the scheduled nodes as (node, parent)), then
// STIM_OWNER: per stimulus the thread that owns its node in the per-node pass.

override WG_SIZE: u32 = 64;
override ORDER: u32;           // offset of the per-node pass's order in index[]: the nodes with
override MECH_NODES: u32;      //   a mechanism (MECH_NODES of them), then the others
override DEPTH: u32;           // phases (height of the block tree)
override SCHED_LEVELS: u32;    // offsets into index[]
override SCHED_BLOCKS: u32;
override SCHED_CHILDREN: u32;
override SCHED_NODES: u32;
override STIM_OWNER: u32;
override SH_SLOTS: u32;        // NODES + blocks
override STATE_PROBES: bool;   // whether a probe records a mechanism state (needs a storageBarrier)

var<workgroup> wv: array<f32, NODES>;           // v − vRest [mV]
var<workgroup> wd: array<vec2<f32>, SH_SLOTS>;  // (d [µS], rhs [nA]) per node, then per block

fn level_start(l: u32) -> u32 {
  return index[SCHED_LEVELS + l];
}

// As eliminate_block in workgroup.wgsl: gather the child blocks' slots into the nodes they hang
// from, then fold each node into its parent from the last to the first, the first into the
// block's slot. Without branches (select()): a CPU adapter runs both sides of every `if`.
fn eliminate_block(b: u32) {
  let base = SCHED_BLOCKS + 4u * b;
  let start = SCHED_NODES + 2u * index[base];
  let count = index[base + 1u];
  let child0 = SCHED_CHILDREN + index[base + 2u];
  let children = index[base + 3u];
  for (var j = 0u; j < children; j++) {
    let cb = index[child0 + j];
    let at = index[SCHED_NODES + 2u * index[SCHED_BLOCKS + 4u * cb] + 1u];
    wd[at] += wd[NODES + cb];
  }
  let slot = NODES + b;
  wd[slot] = vec2<f32>(0.0, 0.0);
  for (var j = count; j > 0u; j--) {
    let i = index[start + 2u * (j - 1u)];
    let p = index[start + 2u * (j - 1u) + 1u];
    let w = wd[i];
    let g = select(nodes[i].g_axial_uS, 0.0, p == i);
    let ia = g * (wv[p] - wv[i]);
    let di = w.x + g;
    wd[i] = vec2<f32>(di, w.y + ia);
    wd[select(p, slot, j == 1u)] += vec2<f32>(g * w.x / di, (g * w.y - ia * w.x) / di);
  }
}

// Δv of each node of the block, parents first, into its rhs word.
fn substitute_block(b: u32) {
  let base = SCHED_BLOCKS + 4u * b;
  let start = SCHED_NODES + 2u * index[base];
  let count = index[base + 1u];
  for (var j = 0u; j < count; j++) {
    let i = index[start + 2u * j];
    let p = index[start + 2u * j + 1u];
    let w = wd[i];
    let g = select(nodes[i].g_axial_uS, 0.0, p == i);
    wd[i].y = (w.y + g * wd[p].y) / w.x;
  }
}

// Node i's (d, rhs) from the mechanisms' current density and slope `ig`.
fn assemble(i: u32, ig: vec2<f32>) {
  let a = ig * nodes[i].area_factor;
  wd[i] = vec2<f32>(nodes[i].cdt_uS + a.y, -a.x);
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
    assemble(i, mech_node_current(i, c, vr));
  }
  for (var q = MECH_NODES + lid; q < NODES; q += WG_SIZE) {
    let i = index[ORDER + q];
    wv[i] = state[i * CELLS + c];
    assemble(i, vec2<f32>(0.0, 0.0));
  }
  add_stimuli(params.step0, lid);
  workgroupBarrier();
  for (var k = 0u; k < params.steps; k++) {
    // elimination up to (not including) the top phase, then the top phase eliminated and
    // substituted by the same threads, then substitution down
    for (var l = 0u; l + 1u < DEPTH; l++) {
      for (var b = level_start(l) + lid; b < level_start(l + 1u); b += WG_SIZE) {
        eliminate_block(b);
      }
      workgroupBarrier();
    }
    for (var b = level_start(DEPTH - 1u) + lid; b < level_start(DEPTH); b += WG_SIZE) {
      eliminate_block(b);
      substitute_block(b);
    }
    workgroupBarrier();
    for (var l = DEPTH - 1u; l > 0u; l--) {
      for (var b = level_start(l - 1u) + lid; b < level_start(l); b += WG_SIZE) {
        substitute_block(b);
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
      assemble(i, mech_step_mech_node(i, c, vr));
    }
    for (var q = MECH_NODES + lid; q < NODES; q += WG_SIZE) {
      let i = index[ORDER + q];
      let vr = wv[i] + wd[i].y;
      wv[i] = vr;
      assemble(i, vec2<f32>(0.0, 0.0));
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
