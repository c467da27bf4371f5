// Structs shared with the host. Their byte layouts are the constants of
// src/engine/webgpu/layout.ts (checked by tests/gpu/layout.test.ts): change both together.

// A node of the cell's tree, shared by all copies.
struct Node {
  parent: i32,          // parent node, -1 for a root
  g_axial_uS: f32,      // axial conductance to the parent [µS]
  area_factor: f32,     // area·1e-2: (mA/cm²) -> nA, (S/cm²) -> µS; C/dt = area_factor·CDT_PER_AREA
}

// A current clamp, on for the steps on_step <= s < off_step (t + dt/2 inside its window).
struct Stimulus {
  node: u32,
  on_step: u32,
  off_step: u32,
  amp_nA: f32,
}

// A recorded value: state[offset + cell] + add_mV into column `column` (+ cell if all_copies).
struct Probe {
  offset: u32,
  column: u32,
  all_copies: u32,
  add_mV: f32,
}

// One dispatch's steps: step0 .. step0 + steps - 1; the first result goes to record row row0.
struct StepParams {
  step0: u32,
  steps: u32,
  row0: u32,
  pad: u32,
}
