/**
 * The branch schedule of the workgroup solver (see shaders/workgroup.wgsl), computed once on
 * the host: the tree cut into branches (maximal unbranched runs of nodes), numbered breadth
 * first so that each level of the branch tree, and each branch's children, are contiguous.
 */

export interface BranchSchedule {
  /** Level l's branches are `levelStart[l] … levelStart[l + 1] − 1`; length depth + 1. */
  levelStart: Uint32Array;
  /** Per branch: node_start (into `nodes`), node_count, child_start, child_count. */
  branches: Uint32Array;
  /** The branches' nodes, each branch root-side first. */
  nodes: Uint32Array;
  count: number;
  depth: number;
}

export function branchSchedule(parent: Int32Array): BranchSchedule {
  const n = parent.length;
  const childCount = new Int32Array(n);
  const firstChild = new Int32Array(n).fill(-1);
  const nextSibling = new Int32Array(n).fill(-1);
  for (let i = n - 1; i >= 0; i--) {
    const p = parent[i];
    if (p < 0) continue;
    childCount[p]++;
    nextSibling[i] = firstChild[p];
    firstChild[p] = i;
  }
  const starts: number[] = [];
  for (let i = 0; i < n; i++) if (parent[i] < 0) starts.push(i);
  const level: number[] = starts.map(() => 0);
  const branches: number[] = [];
  const nodes: number[] = [];
  // breadth first: a branch's children are appended together at the end of the queue
  for (let b = 0; b < starts.length; b++) {
    const nodeStart = nodes.length;
    let i = starts[b];
    nodes.push(i);
    while (childCount[i] === 1) {
      i = firstChild[i];
      nodes.push(i);
    }
    const childStart = starts.length;
    for (let ch = firstChild[i]; ch >= 0; ch = nextSibling[ch]) {
      starts.push(ch);
      level.push(level[b] + 1);
    }
    branches.push(nodeStart, nodes.length - nodeStart, childStart, starts.length - childStart);
  }
  const depth = level.length ? level[level.length - 1] + 1 : 0;
  const levelStart = new Uint32Array(depth + 1);
  for (let b = 0, l = 0; l <= depth; l++) {
    while (b < level.length && level[b] < l) b++;
    levelStart[l] = b;
  }
  return { levelStart, branches: Uint32Array.from(branches), nodes: Uint32Array.from(nodes), count: starts.length, depth };
}
