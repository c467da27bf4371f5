// Strategy "population": one thread per cell, each taking whole steps for its cell, many
// steps per dispatch. Every thread walks the same tree (shared `nodes`) over its own column
// of the node-major state, so neighbouring threads touch neighbouring words.
//
// One step (NEURON's fixed step, delta form, v stored relative to V_REST):
//   1. d = C/dt, rhs = 0; mechanisms add g·A to d and −i·A to rhs; stimuli add to rhs
//   2. leaves to root: node i takes its axial term to the parent, ia = g·(v_p − v_i), then
//      folds into the parent in the cancellation-free form
//          d_p += g·d_i / (d_i + g)      rhs_p += (g·rhs_i − ia·d_i) / (d_i + g)
//      (d_i, rhs_i: node i's own terms with its children folded in, before its axial term)
//   3. root to leaves: Δv_i = (rhs_i + g·Δv_p) / d_i, v_i += Δv_i
//   4. every gate's exponential step at the new v; the probes record.

override WG_SIZE: u32 = 64;

@compute @workgroup_size(WG_SIZE)
fn step_cells(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= CELLS) {
    return;
  }
  for (var k = 0u; k < params.steps; k++) {
    let step = params.step0 + k;
    for (var i = 0u; i < NODES; i++) {
      work[i * CELLS + c] = vec2<f32>(nodes[i].cdt_uS, 0.0);
    }
    mech_currents(c);
    stimulus_currents(c, step);

    for (var i = NODES - 1u; i > 0u; i--) {
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
      work[pp] += vec2<f32>(g * w.x / di, (g * w.y - ia * w.x) / di);
    }

    for (var i = 0u; i < NODES; i++) {
      let nd = nodes[i];
      let ii = i * CELLS + c;
      let w = work[ii];
      var dv = w.y;
      if (nd.parent >= 0) {
        dv += nd.g_axial_uS * work[u32(nd.parent) * CELLS + c].y;
      }
      dv /= w.x;
      work[ii].y = dv;
      state[ii] += dv;
    }

    mech_advance(c);
    record_row(c, params.row0 + k);
  }
}
