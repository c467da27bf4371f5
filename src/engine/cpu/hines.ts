/**
 * The Hines solve of one backward-Euler step in delta form: the tree's axial coupling is added
 * to each node's own row and the system is solved for ΔV, one sweep each way, O(nodes), exact.
 *
 * On entry d[i] holds node i's own diagonal (C/dt + di/dv·A [µS]) and b[i] its own right-hand
 * side (the net membrane and stimulus current into it [nA]). The axial conductance g[i] [µS]
 * between node i and parent[i] adds g[i] to both diagonals, −g[i] off the diagonal, and the
 * axial current g[i]·(v[parent] − v[i]) [nA] to b[i] (and its negative to b[parent]):
 *
 *   (d[i] + Σ_c g[c] + g[i])·Δv[i] − Σ_c g[c]·Δv[c] − g[i]·Δv[parent[i]]
 *       = b[i] + g[i]·(v[parent[i]] − v[i]) + Σ_c g[c]·(v[c] − v[i])
 *
 * Nodes are numbered so that parent[i] < i (−1 for a root): sweeping from the last node to the
 * first, a node's row is complete when the sweep reaches it (its children come later) and is
 * folded into its parent's; sweeping from the first to the last substitutes back. `d` is
 * overwritten; the solution Δv is left in `b`.
 */
export function hinesSolve(
  parent: Int32Array,
  g: Float64Array,
  v: Float64Array,
  d: Float64Array,
  b: Float64Array,
  n = parent.length,
): void {
  for (let i = n - 1; i >= 0; i--) {
    const p = parent[i];
    if (p < 0) continue;
    const gi = g[i];
    const ia = gi * (v[p] - v[i]);
    const di = d[i] + gi;
    const bi = b[i] + ia;
    d[i] = di;
    b[i] = bi;
    const f = gi / di;
    d[p] += gi - f * gi;
    b[p] += f * bi - ia;
  }
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    b[i] = p < 0 ? b[i] / d[i] : (b[i] + g[i] * b[p]) / d[i];
  }
}
