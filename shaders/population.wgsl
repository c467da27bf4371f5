// Strategy "population": one thread per cell, each taking whole steps for its cell, many
// steps per dispatch. Every thread walks the same tree (shared `nodes`) over its own column
// of the node-major state, so neighbouring threads touch neighbouring words and every branch
// below (on the tree's shape, on which mechanisms a node has) is taken by all threads alike.
//
// One step (NEURON's fixed step, delta form, v stored relative to V_REST) is two sweeps:
//   down, leaves to root (i = N-1 … 0): node i's membrane current and slope, its diagonal
//      d_i = C/dt + g_m·A + (folds of its children) and rhs_i; then its axial term to the
//      parent, ia = g·(v_p − v_i), and its fold into the parent in the cancellation-free form
//          d_p += g·d_i / (d_i + g)      rhs_p += (g·rhs_i − ia·d_i) / (d_i + g)
//   up, root to leaves (i = 0 … N-1): Δv_i = (rhs_i + g·Δv_p) / d_i, v_i += Δv_i, then every
//      gate of node i takes its exponential step at the new v; the probes record at the end.
// A fold into node i − 1 (the usual case: the next node of a chain) stays in a register; other
// folds and the stimuli go through node i's slot in `work` (second half), read and cleared by
// node i when it is flagged FLAG_GATHER. Δv_p likewise: a register, or, when p gathers, the
// rhs word of p's (d, rhs), which the up sweep overwrites with Δv_p once p is done.
//
//   work: [ (d, rhs) of node 0 cell 0..C-1 | node 1 … ][ fold slots, same order ]

override WG_SIZE: u32 = 64;
override FLAGS: u32;      // offset of the node flags in index[]
const FLAG_GATHER: u32 = 1u;

@compute @workgroup_size(WG_SIZE)
fn step_cells(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= CELLS) {
    return;
  }
  let folds = NODES * CELLS;
  for (var k = 0u; k < params.steps; k++) {
    let step = params.step0 + k;
    for (var s = 0u; s < N_STIM; s++) {
      let st = stimuli[s];
      if (step >= st.on_step && step < st.off_step) {
        work[folds + st.node * CELLS + c].y += st.amp_nA;
      }
    }

    var carry = vec2<f32>(0.0, 0.0);  // fold of node i + 1 into node i
    for (var j = NODES; j > 0u; j--) {
      let i = j - 1u;
      let nd = nodes[i];
      let ii = i * CELLS + c;
      let vr = state[ii];
      var acc = carry;
      if ((index[FLAGS + i] & FLAG_GATHER) != 0u) {
        acc += work[folds + ii];
        work[folds + ii] = vec2<f32>(0.0, 0.0);
      }
      let ig = mech_node_current(i, c, vr) * nd.area_factor;
      let d = nd.cdt_uS + ig.y + acc.x;
      let rhs = acc.y - ig.x;
      carry = vec2<f32>(0.0, 0.0);
      if (nd.parent < 0) {
        work[ii] = vec2<f32>(d, rhs);
      } else {
        let p = u32(nd.parent);
        let pp = p * CELLS + c;
        let g = nd.g_axial_uS;
        let ia = g * (state[pp] - vr);
        let di = d + g;
        work[ii] = vec2<f32>(di, rhs + ia);
        let fold = vec2<f32>(g * d / di, (g * rhs - ia * d) / di);
        if (p + 1u == i) {
          carry = fold;
        } else {
          work[folds + pp] += fold;
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
        dv += nd.g_axial_uS * dvp;
      }
      dv /= w.x;
      above = dv;
      if ((index[FLAGS + i] & FLAG_GATHER) != 0u) {
        work[ii].y = dv;
      }
      let vr = state[ii] + dv;
      state[ii] = vr;
      mech_node_advance(i, c, V_REST + vr);
    }
    record_row(c, params.row0 + k);
  }
}
