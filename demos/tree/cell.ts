/** Facts about a discretized cell that the tree page shows: path distances and default sites. */
import type { CableTree } from '../../src/model/discretize.js';

/** Path distance of every node from the 0 end of the root section [µm]. */
export function pathDistances(tree: CableTree): Float64Array {
  const d = new Float64Array(tree.n);
  tree.sections.forEach((s) => {
    const base = d[s.parentNode];
    const seg = s.length_um / s.nseg;
    for (let i = 0; i < s.nseg; i++) d[s.firstNode + i] = base + (i + 0.5) * seg;
    d[s.endNode] = base + s.length_um;
  });
  return d;
}

/** Centre node of the first section of `region` (the soma), or of the root section. */
export function somaNode(tree: CableTree): number {
  const s = tree.sections.find((x) => x.region === 'soma') ?? tree.sections[0];
  return s.firstNode + Math.floor(s.nseg / 2);
}

/**
 * Default electrodes: the soma, the dendritic node farthest from it, and two nodes on the way
 * there (at a third and two thirds of the distance), so that attenuation shows at once.
 */
export function defaultElectrodes(tree: CableTree): number[] {
  const dist = pathDistances(tree);
  const soma = somaNode(tree);
  let far = -1;
  for (let k = 0; k < tree.n; k++) {
    const r = tree.sections[tree.nodeSection[k]].region;
    if (tree.area_um2[k] > 0 && (r === 'dend' || r === 'apic') && (far < 0 || dist[k] > dist[far])) far = k;
  }
  if (far < 0) return [soma];
  const path: number[] = [];
  for (let k = far; k >= 0; k = tree.parent[k]) if (tree.area_um2[k] > 0) path.push(k);
  const along = (f: number) => {
    const target = dist[soma] + f * (dist[far] - dist[soma]);
    return path.reduce((best, k) => (Math.abs(dist[k] - target) < Math.abs(dist[best] - target) ? k : best), path[0]);
  };
  return [soma, along(1 / 3), along(2 / 3), far];
}
