/**
 * The block schedule of the workgroup solver: the tree cut into blocks, each a connected
 * piece of ~`blockSize` nodes that one thread eliminates and substitutes by itself (in node
 * order, so a parent comes before its children). A block hangs from a node of its parent
 * block; its height is 0 without child blocks, else one more than its highest child block.
 * Elimination runs the heights upwards (phase h: every block of height h, in parallel),
 * substitution downwards: phases = the block tree's height, not the tree's node depth.
 *
 * A node starts a block when it is a root or when the nodes below it not yet in a block
 * reach `blockSize`; so a block has at most about (children + 1)·blockSize nodes. A chain of
 * L nodes becomes L / blockSize blocks in a row (one phase each): long unbranched runs cost
 * phases, which is why blockSize grows with the cell.
 */
export interface BlockSchedule {
  /** Phase h's blocks are `levelStart[h] … levelStart[h + 1] − 1`; length depth + 1. */
  levelStart: Uint32Array;
  /** Per block: node_start (into `nodes`), node_count, child_start (into `children`), child_count. */
  blocks: Uint32Array;
  /** Child blocks of each block, contiguous per block. */
  children: Uint32Array;
  /** The blocks' nodes, each block in increasing node order (parents first). */
  nodes: Uint32Array;
  count: number;
  depth: number;
}

export function blockSchedule(parent: Int32Array, blockSize: number): BlockSchedule {
  const n = parent.length;
  const pending = new Int32Array(n).fill(1);
  const isStart = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const p = parent[i];
    if (p < 0 || pending[i] >= blockSize) isStart[i] = 1;
    else pending[p] += pending[i];
  }
  // block of each node: its own when it starts one, else its parent's (parents come first)
  const blockOfStart = new Int32Array(n).fill(-1);
  const starts: number[] = [];
  for (let i = 0; i < n; i++) if (isStart[i]) (blockOfStart[i] = starts.length), starts.push(i);
  const B = starts.length;
  const block = new Int32Array(n);
  for (let i = 0; i < n; i++) block[i] = isStart[i] ? blockOfStart[i] : block[parent[i]];
  const height = new Int32Array(B);
  const parentBlock = Int32Array.from(starts, (s) => (parent[s] < 0 ? -1 : block[parent[s]]));
  // a child block starts at a higher node than its parent block's start: visit blocks backwards
  for (let b = B - 1; b >= 0; b--) if (parentBlock[b] >= 0) height[parentBlock[b]] = Math.max(height[parentBlock[b]], height[b] + 1);
  const size = new Int32Array(B);
  for (let i = 0; i < n; i++) size[block[i]]++;
  // order: by height, then largest first (threads stride over a phase's blocks)
  const order = Array.from({ length: B }, (_, b) => b).sort((a, b) => height[a] - height[b] || size[b] - size[a] || a - b);
  const rank = new Int32Array(B);
  order.forEach((b, r) => (rank[b] = r));
  // nodes grouped by block rank, each block's in node order; child blocks likewise (counting sorts)
  const blocks = new Uint32Array(4 * B);
  for (let i = 0; i < n; i++) blocks[4 * rank[block[i]] + 1]++;
  for (let b = 0; b < B; b++) if (parentBlock[b] >= 0) blocks[4 * rank[parentBlock[b]] + 3]++;
  for (let r = 1; r < B; r++) {
    blocks[4 * r] = blocks[4 * r - 4] + blocks[4 * r - 3];
    blocks[4 * r + 2] = blocks[4 * r - 2] + blocks[4 * r - 1];
  }
  const nodes = new Uint32Array(n);
  const children = new Uint32Array(Math.max(0, B - 1));
  const fill = new Uint32Array(B);
  for (let i = 0; i < n; i++) {
    const r = rank[block[i]];
    nodes[blocks[4 * r] + fill[r]++] = i;
  }
  fill.fill(0);
  for (let b = 0; b < B; b++) {
    if (parentBlock[b] < 0) continue;
    const r = rank[parentBlock[b]];
    children[blocks[4 * r + 2] + fill[r]++] = rank[b];
  }
  const depth = B ? height[order[B - 1]] + 1 : 0;
  const levelStart = new Uint32Array(depth + 1);
  for (let r = 0, h = 0; h <= depth; h++) {
    while (r < B && height[order[r]] < h) r++;
    levelStart[h] = r;
  }
  return { levelStart, blocks, children: children.length ? children : new Uint32Array(1), nodes, count: B, depth };
}

/** What a schedule costs threads that take a phase's blocks `lanes` at a time (see `blockSchedule`). */
export interface ScheduleCost {
  /** Node visits in a row: per phase and group of `lanes` blocks, the largest block's nodes. */
  rounds: number;
  /** Block visits in a row: per phase, its blocks over `lanes`, rounded up. */
  blockRounds: number;
  /** Phases (each direction). */
  phases: number;
}

export function scheduleCost(s: BlockSchedule, lanes: number): ScheduleCost {
  let rounds = 0, blockRounds = 0;
  for (let h = 0; h < s.depth; h++) {
    // a phase's blocks are in decreasing size: group r's largest is its first
    for (let b = s.levelStart[h]; b < s.levelStart[h + 1]; b += lanes) {
      rounds += s.blocks[4 * b + 1];
      blockRounds++;
    }
  }
  return { rounds, blockRounds, phases: s.depth };
}
