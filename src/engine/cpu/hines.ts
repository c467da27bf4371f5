/**
 * The Hines solve: a tree-structured symmetric system, O(nodes), exact.
 *
 *   d[i]·x[i] − Σ_children g[c]·x[c] − g[i]·x[parent[i]] = b[i]
 *
 * i.e. the off-diagonal between node i and its parent is −g[i]. Nodes are numbered so that
 * parent[i] < i (−1 for a root): eliminating from the last node to the first folds every
 * child into its parent; substituting from the first to the last finishes. `d` and `b` are
 * overwritten; the solution is left in `b`.
 */
export function hinesSolve(parent: Int32Array, g: Float64Array, d: Float64Array, b: Float64Array, n = parent.length): void {
  for (let i = n - 1; i >= 0; i--) {
    const p = parent[i];
    if (p < 0) continue;
    const f = g[i] / d[i];
    d[p] -= f * g[i];
    b[p] += f * b[i];
  }
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    b[i] = p < 0 ? b[i] / d[i] : (b[i] + g[i] * b[p]) / d[i];
  }
}
