/** The branch schedule of the workgroup solver: every node once, parents' branches first. */
import { describe, expect, it } from 'vitest';
import { branchSchedule } from '../../src/engine/webgpu/schedule.js';

function check(parent: number[]): ReturnType<typeof branchSchedule> {
  const s = branchSchedule(Int32Array.from(parent));
  expect([...s.nodes].sort((a, b) => a - b)).toEqual(parent.map((_, i) => i));
  const branchOf = new Int32Array(parent.length);
  for (let b = 0; b < s.count; b++) {
    const [start, count, child0, children] = s.branches.subarray(4 * b, 4 * b + 4);
    for (let j = 0; j < count; j++) branchOf[s.nodes[start + j]] = b;
    for (let j = 1; j < count; j++) expect(parent[s.nodes[start + j]]).toBe(s.nodes[start + j - 1]);
    const last = s.nodes[start + count - 1];
    for (let c = child0; c < child0 + children; c++) expect(parent[s.nodes[s.branches[4 * c]]]).toBe(last);
  }
  // a branch's first node hangs from an earlier level
  const level = (b: number) => [...s.levelStart].findIndex((x, l) => b >= x && b < s.levelStart[l + 1]);
  for (let b = 0; b < s.count; b++) {
    const first = s.nodes[s.branches[4 * b]];
    if (parent[first] >= 0) expect(level(branchOf[parent[first]])).toBe(level(b) - 1);
  }
  return s;
}

describe('branch schedule', () => {
  it('a chain is one branch', () => {
    const s = check([-1, 0, 1, 2, 3]);
    expect(s.count).toBe(1);
    expect(s.depth).toBe(1);
  });
  it('a fork splits into three branches on two levels', () => {
    const s = check([-1, 0, 1, 1, 3, 2]);
    expect(s.count).toBe(3);
    expect([...s.levelStart]).toEqual([0, 1, 3]);
  });
  it('random trees and forests', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < 50; t++) {
      const n = 2 + Math.floor(rand() * 300);
      check(Array.from({ length: n }, (_, i) => (i === 0 || rand() < 0.02 ? -1 : Math.floor(rand() * i))));
    }
  });
});
