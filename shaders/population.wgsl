// Strategy "population": one thread per cell, each taking whole steps for its cell, many
// steps per dispatch. Every thread walks the same tree (shared `nodes`) over its own column
// of the node-major state, so neighbouring threads touch neighbouring words and every branch
// below (on the tree's shape, on which mechanisms a node has) is taken by all threads alike:
// a CPU adapter (SwiftShader) then skips the side no lane takes, where a divergent `if` would
// cost it both sides.
//
// One step (NEURON's fixed step, delta form, v stored relative to V_REST) is two sweeps over
// the nodes, the matrix of each node assembled by the step before (or by the host):
//   down, leaves to root (i = N-1 … 0): node i's assembled (d, rhs) (C/dt + membrane slope,
//      −membrane current, the stimuli) plus the folds of its children give d_i and rhs_i; its
//      axial term to the parent, ia = g·(v_p − v_i), and its fold into the parent in the
//      cancellation-free form
//          d_p += g·d_i / (d_i + g)      rhs_p += (g·rhs_i − ia·d_i) / (d_i + g)
//   up, root to leaves (i = 0 … N-1): Δv_i = (rhs_i + g·Δv_p) / d_i, v_i += Δv_i, then every
//      mechanism of node i takes its step at the new v and gives its current there, which
//      assembles node i's (d, rhs) for the next step (mech_node_step); then the next step's
//      stimuli are added, and the probes record.
// The down sweep keeps each row divided by its d_i, as (g/d_i, rhs_i/d_i), so that the up sweep
// takes Δv_i = rhs_i/d_i + (g/d_i)·Δv_p without g or a division. A fold into node i − 1 (the
// usual case: the next node of a chain) stays in a register; other folds add into the parent's
// assembled pair. Δv_p likewise: a register for node i − 1, else
// the rhs word of p's (d, rhs), which the up sweep overwrites with Δv_p.
//
//   work: [ (d, rhs) of node 0 cell 0..C-1 | node 1 … ][ assembled (d, rhs), same order ]

override WG_SIZE: u32 = 64;

// Node i's (d, rhs) for the next step from the mechanisms' current density and slope `ig`
// (C/dt as the area factor times CDT_PER_AREA: one load fewer).
fn assembled(i: u32, ig: vec2<f32>) -> vec2<f32> {
  let af = nodes[i].area_factor;
  return vec2<f32>(af * (CDT_PER_AREA + ig.y), -af * ig.x);
}

@compute @workgroup_size(WG_SIZE)
fn step_cells(@builtin(global_invocation_id) gid: vec3<u32>) {
  load_shape();
  let c = gid.x;
  if (c >= CELLS) {
    return;
  }
  let asm_ = NODES * CELLS;
  for (var k = 0u; k < params.steps; k++) {
    var carry = vec2<f32>(0.0, 0.0);  // fold of node i + 1 into node i
    for (var j = NODES; j > 0u; j--) {
      let i = j - 1u;
      let nd = nodes[i];
      let ii = i * CELLS + c;
      let acc = work[asm_ + ii] + carry;
      carry = vec2<f32>(0.0, 0.0);
      if (nd.parent < 0) {
        work[ii] = vec2<f32>(0.0, acc.y / acc.x);
      } else {
        let p = u32(nd.parent);
        let pp = p * CELLS + c;
        let g = nd.g_axial_uS;
        let ia = g * (state[pp] - state[ii]);
        let di = acc.x + g;
        work[ii] = vec2<f32>(g / di, (acc.y + ia) / di);
        let fold = vec2<f32>(g * acc.x / di, (g * acc.y - ia * acc.x) / di);
        if (p + 1u == i) {
          carry = fold;
        } else {
          work[asm_ + pp] += fold;
        }
      }
    }

    var above = 0.0;  // Δv of node i − 1
    for (var i = 0u; i < NODES; i++) {
      let nd = nodes[i];
      let ii = i * CELLS + c;
      let w = work[ii];
      var dv = w.y;
      if (nd.parent >= 0) {
        let p = u32(nd.parent);
        var dvp = above;
        if (p + 1u != i) {
          dvp = work[p * CELLS + c].y;
        }
        dv += w.x * dvp;
      }
      above = dv;
      work[ii].y = dv;
      let vr = state[ii] + dv;
      state[ii] = vr;
      work[asm_ + ii] = assembled(i, mech_node_step(i, c, vr));
    }
    // the stimuli of the next step into its assembled pairs
    let next = params.step0 + k + 1u;
    for (var s = 0u; s < N_STIM; s++) {
      let st = stimuli[s];
      if (next >= st.on_step && next < st.off_step) {
        work[asm_ + st.node * CELLS + c].y += st.amp_nA;
      }
    }
    record_row(c, params.row0 + k);
  }
}
