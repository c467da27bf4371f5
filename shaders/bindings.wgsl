// The bindings every cablesim kernel shares (group 0). Layout of the state and work arrays,
// for C cells (copies) of an N-node cell, node-major so that neighbouring cells are
// neighbouring words:
//
//   state: [ v - vRest: node 0 cell 0..C-1 | node 1 cell 0..C-1 | ... ][ mechanism states ]
//          mechanism x, state j, instance k, cell c at x_state + (j * x_count + k) * C + c
//   work:  (d [µS], rhs [nA]) per node and cell, same order as v
//
// What the model file gives (copies, stimuli, probes, dt, …) is override constants; the cell's
// shape (NODES, the schedule's and the mechanisms' offsets) comes from the generated shape
// code (codegen.ts `shapeWgsl`: a uniform buffer, or constants for the population kernel).
//
// No kernel initializes: the host writes the initial state (v = vRest, every mechanism at its
// steady state: the mechanisms' CPU code) and the first step's (d, rhs), stimuli included,
// where each strategy keeps them (model-data.ts, `writeInitialState`, `writeInitialPairs`). A dispatch ends with the
// next step's (d, rhs) assembled in the same place, so the next dispatch starts solving.

override CELLS: u32;     // copies of the cell
// NODES, the nodes per cell, is part of the cell's shape (codegen.ts, `shapeWgsl`).
override N_STIM: u32;    // stimuli
override N_PROBES: u32;  // recorded variables (a probe may cover every copy)
override COLUMNS: u32;   // record columns (a row per step)
override DT: f32;        // time step [ms]
override V_REST: f32;    // resting level that v is stored relative to [mV]
override CDT_PER_AREA: f32;  // a node's C/dt per unit of its area_factor [µS]: cm/dt (cm is the cell's)

@group(0) @binding(0) var<uniform> params: StepParams;
@group(0) @binding(1) var<storage, read> nodes: array<Node>;
@group(0) @binding(2) var<storage, read> index: array<u32>;      // mechanism nodes, then the solve schedule
@group(0) @binding(3) var<storage, read> mech_const: array<vec4<f32>>;  // mechanisms' parameters and tables, words read 4 at a time
@group(0) @binding(4) var<storage, read> stimuli: array<Stimulus>;
@group(0) @binding(5) var<storage, read> probes: array<Probe>;
@group(0) @binding(6) var<storage, read_write> state: array<f32>;
@group(0) @binding(7) var<storage, read_write> work: array<vec2<f32>>;
@group(0) @binding(8) var<storage, read_write> record: array<f32>;

// Word i of mech_const (a parameter of one instance; the tables are read as whole vec4s).
fn mech_const_word(i: u32) -> f32 {
  return mech_const[i >> 2u][i & 3u];
}

// Probe r's value in cell c into row `row` of the record buffer (copy 0 only, unless all_copies).
fn record_probe(r: u32, c: u32, row: u32) {
  let pr = probes[r];
  if (pr.all_copies == 0u && c != 0u) {
    return;
  }
  let col = pr.column + select(0u, c, pr.all_copies != 0u);
  record[row * COLUMNS + col] = state[pr.offset + c] + pr.add_mV;
}

fn record_row(c: u32, row: u32) {
  for (var r = 0u; r < N_PROBES; r++) {
    record_probe(r, c, row);
  }
}
