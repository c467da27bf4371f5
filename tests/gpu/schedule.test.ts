/** The block schedule of the workgroup solver. */
import { describe, expect, it } from 'vitest';
import { blockSchedule, scheduleCost } from '../../src/engine/webgpu/schedule.js';
import { defaultBlockSize } from '../../src/engine/webgpu/engine.js';

/** Every node once; each block connected, parents first; child blocks in earlier phases. */
function checkBlocks(parent: number[], blockSize: number): ReturnType<typeof blockSchedule> {
  const s = blockSchedule(Int32Array.from(parent), blockSize);
  expect([...s.nodes].sort((a, b) => a - b)).toEqual(parent.map((_, i) => i));
  const blockOf = new Int32Array(parent.length);
  const phaseOf = (b: number) => [...s.levelStart].findIndex((x, l) => b >= x && b < s.levelStart[l + 1]);
  for (let b = 0; b < s.count; b++) {
    const [start, count] = s.blocks.subarray(4 * b, 4 * b + 2);
    for (let j = 0; j < count; j++) blockOf[s.nodes[start + j]] = b;
  }
  for (let b = 0; b < s.count; b++) {
    const [start, count, child0, children] = s.blocks.subarray(4 * b, 4 * b + 4);
    // the first node hangs outside the block (or is a root), every other node from an earlier node inside it
    expect(parent[s.nodes[start]] < 0 || blockOf[parent[s.nodes[start]]] !== b).toBe(true);
    for (let j = 1; j < count; j++) {
      const p = parent[s.nodes[start + j]];
      expect(blockOf[p]).toBe(b);
      expect(s.nodes.subarray(start, start + j)).toContain(p);
    }
    for (let k = child0; k < child0 + children; k++) {
      const cb = s.children[k];
      expect(blockOf[parent[s.nodes[s.blocks[4 * cb]]]]).toBe(b);
      expect(phaseOf(cb)).toBeLessThan(phaseOf(b));
    }
  }
  // every block that hangs from another is listed among its children
  const listed = s.count - [...Array(s.count).keys()].filter((b) => parent[s.nodes[s.blocks[4 * b]]] < 0).length;
  expect(s.blocks.filter((_, k) => k % 4 === 3).reduce((a, x) => a + x, 0)).toBe(listed);
  return s;
}

describe('block schedule', () => {
  it('a chain is cut into blocks of the size asked, one phase each', () => {
    const s = checkBlocks(Array.from({ length: 100 }, (_, i) => i - 1), 10);
    expect(s.count).toBe(10);
    expect(s.depth).toBe(10);
  });
  it('block size 1 gives one node per block', () => {
    const s = checkBlocks([-1, 0, 1, 1, 3, 2], 1);
    expect(s.count).toBe(6);
  });
  it('random trees and forests, several block sizes', () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < 40; t++) {
      const n = 2 + Math.floor(rand() * 400);
      const parent = Array.from({ length: n }, (_, i) => (i === 0 || rand() < 0.01 ? -1 : rand() < 0.8 ? i - 1 : Math.floor(rand() * i)));
      for (const b of [1, 3, 16, 1000]) checkBlocks(parent, b);
    }
  });
  it('scheduleCost: node and block visits in a row, lanes at a time, and the phases', () => {
    // a chain in blocks of 10: ten phases of one block, each a round of 10 nodes
    expect(scheduleCost(blockSchedule(Int32Array.from({ length: 100 }, (_, i) => i - 1), 10), 4)).toEqual({ rounds: 100, blockRounds: 10, phases: 10 });
    // a star (root and 9 leaves) in blocks of 1: the leaves in one phase, 4 lanes: 3 rounds; then the root
    const star = Int32Array.from({ length: 10 }, (_, i) => (i === 0 ? -1 : 0));
    expect(scheduleCost(blockSchedule(star, 1), 4)).toEqual({ rounds: 4, blockRounds: 4, phases: 2 });
  });
  it('on a CPU adapter an unbranched cable is one block; a branched tree is not', () => {
    const chain = Int32Array.from({ length: 1000 }, (_, i) => i - 1);
    expect(defaultBlockSize(chain, 4, true)).toBe(1000);
    // a binary tree of 1023 nodes (Rallpack 2's shape)
    const binary = Int32Array.from({ length: 1023 }, (_, i) => (i === 0 ? -1 : (i - 1) >> 1));
    const size = defaultBlockSize(binary, 4, true);
    expect(size).toBeLessThan(1023);
    const c = scheduleCost(blockSchedule(binary, size), 4);
    expect(c.rounds).toBeLessThan(1023);
    // on a GPU: about two blocks per thread, at least 4 nodes each
    expect(defaultBlockSize(chain, 256, false)).toBe(4);
    expect(defaultBlockSize(binary, 64, false)).toBe(8);
  });
});
