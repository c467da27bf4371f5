/**
 * Writes the benchmark suite: one model file per workload in benchmarks/suite/models/ and the
 * manifest benchmarks/suite/suite.json (sizes computed by cablesim's own discretization).
 *
 *   npx tsx benchmarks/suite/make-suite.ts          # rewrite the files
 *   npx tsx benchmarks/suite/make-suite.ts --check  # exit 1 if the files differ from these
 *
 * Changing a workload changes the suite: bump SUITE_VERSION (src/bench/suite.ts) with it.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUITE_VERSION, workloadSize, type SuiteManifest, type SuiteName, type Workload, type WorkloadGroup } from '../../src/bench/suite.js';
import { rallpack1, rallpack2, rallpack3 } from '../../src/bench/rallpack.js';
import { buildSimulation } from '../../src/model/load.js';
import { validateModel } from '../../src/model/validate.js';

const here = dirname(fileURLToPath(import.meta.url));
const MORPHOLOGIES = resolve(here, '../../data/morphologies');
const FORMAT = 'cablesim-model/1';
const DT = 0.025;

interface Spec {
  id: string;
  group: WorkloadGroup;
  what: string;
  model: Record<string, unknown>;
}

const hhAll = [{ name: 'hh', where: ['all'] }];

/** The layer-5 pyramidal cell with its axon at 5 µm segments, hh everywhere, firing. */
function l5pc(id: string, tstop_ms: number): Spec {
  return {
    id,
    group: 'large-cell',
    what: 'layer-5 pyramidal cell with axon (l5pc_with_axon.swc), 5 µm segments, hh everywhere, 5 nA at the soma',
    model: {
      morphology: { swc: '../../../data/morphologies/l5pc_with_axon.swc' },
      discretization: { maxSegmentLength_um: 5 },
      membrane: { cm_uF_per_cm2: 1, Ra_ohm_cm: 100, vInit_mV: -65, celsius: 6.3 },
      mechanisms: hhAll,
      stimuli: [{ type: 'iclamp', at: { swcId: 1 }, delay_ms: 1, dur_ms: 1000, amp_nA: 5 }],
      record: [{ label: 'soma', at: { swcId: 1 }, var: 'v' }],
      run: { tstop_ms, dt_ms: DT },
    },
  };
}

/**
 * `count` copies of the CA1 cell, coarse: one segment per section (no section of ca1_n120 is
 * longer than 10 mm), 156 compartments per cell, so 10,000 copies are 1.56 M compartments.
 */
function ca1Population(count: number): Spec {
  return {
    id: `ca1-pop-${count}`,
    group: 'population',
    what: `${count} ${count === 1 ? 'copy' : 'copies'} of the CA1 cell (ca1_n120.swc), one segment per section, hh everywhere, 1 nA at each soma`,
    model: {
      morphology: { swc: '../../../data/morphologies/ca1_n120.swc' },
      discretization: { maxSegmentLength_um: 10000 },
      membrane: { cm_uF_per_cm2: 1, Ra_ohm_cm: 100, vInit_mV: -65, celsius: 6.3 },
      mechanisms: hhAll,
      stimuli: [{ type: 'iclamp', at: { swcId: 1 }, delay_ms: 0.5, dur_ms: 1000, amp_nA: 1 }],
      record: [{ label: 'soma', at: { swcId: 1 }, var: 'v' }],
      run: { tstop_ms: 2.5, dt_ms: DT },
      population: { count },
    },
  };
}

/** Segments per axon section: NEURON allows at most 32767 segments in one section. */
const AXON_SECTION_SEGMENTS = 1000;
const AXON_SEGMENT_UM = 10;

/** An HH axon of `n` compartments of 10 µm (1 µm diameter), in chained sections of ≤ 1000. */
function axon(n: number): Spec {
  const sections: object[] = [];
  for (let left = n, i = 0; left > 0; i++) {
    const nseg = Math.min(AXON_SECTION_SEGMENTS, left);
    sections.push({ name: `axon${i}`, ...(i > 0 ? { parent: `axon${i - 1}` } : {}), length_um: nseg * AXON_SEGMENT_UM, diam_um: 1, nseg });
    left -= nseg;
  }
  const last = `axon${sections.length - 1}`;
  return {
    id: `axon-${n}`,
    group: 'axon',
    what: `HH axon, ${(n * AXON_SEGMENT_UM) / 1000} mm × 1 µm in ${n} segments of 10 µm, 0.1 nA at x = 0`,
    model: {
      morphology: { sections },
      membrane: { cm_uF_per_cm2: 1, Ra_ohm_cm: 100, vInit_mV: -65, celsius: 6.3 },
      mechanisms: hhAll,
      stimuli: [{ type: 'iclamp', at: { section: 'axon0', x: 0 }, delay_ms: 0, dur_ms: 1000, amp_nA: 0.1 }],
      record: [
        { label: 'x0', at: { section: 'axon0', x: 0 }, var: 'v' },
        { label: 'x1', at: { section: last, x: 1 }, var: 'v' },
      ],
      run: { tstop_ms: 5, dt_ms: DT },
    },
  };
}

const RALLPACK_WHAT = {
  1: 'Rallpack 1: passive cable 1 mm × 1 µm, 1000 compartments, 0.1 nA at x = 0',
  2: 'Rallpack 2: passive binary tree, 10 levels, 1023 cylinders of one compartment, 0.1 nA at the root',
  3: 'Rallpack 3: HH axon 1 mm × 1 µm, 1000 compartments (gl 2.5e-5, el −65), 0.1 nA at x = 0',
};

/** Rallpack n (src/bench/rallpack.ts): cables of 1000 compartments, the tree's cylinders of one. */
function rallpack(n: 1 | 2 | 3, id: string, tstop_ms: number): Spec {
  const model = n === 1 ? rallpack1(1000, DT, tstop_ms) : n === 2 ? rallpack2(1, DT, tstop_ms) : rallpack3(1000, DT, tstop_ms);
  return { id, group: 'rallpack', what: RALLPACK_WHAT[n], model };
}

const POP = [1, 10, 100, 1000, 10000];
const AXONS = [100, 1000, 10000, 100000];
const SPECS: Spec[] = [
  l5pc('l5pc', 50),
  l5pc('l5pc-quick', 5),
  ...POP.map(ca1Population),
  ...AXONS.map(axon),
  rallpack(1, 'rallpack1', 250),
  rallpack(2, 'rallpack2', 250),
  rallpack(3, 'rallpack3', 250),
  rallpack(1, 'rallpack1-quick', 25),
  rallpack(2, 'rallpack2-quick', 25),
  rallpack(3, 'rallpack3-quick', 25),
];
const SUITES: Record<SuiteName, string[]> = {
  quick: ['l5pc-quick', 'ca1-pop-1', 'ca1-pop-10', 'ca1-pop-100', 'axon-100', 'axon-1000', 'axon-10000', 'rallpack1-quick', 'rallpack2-quick', 'rallpack3-quick'],
  full: ['l5pc', ...POP.map((n) => `ca1-pop-${n}`), ...AXONS.map((n) => `axon-${n}`), 'rallpack1', 'rallpack2', 'rallpack3'],
};

/** JSON with 2-space indents, but any object or array that fits in 110 characters on one line. */
function compactJson(v: unknown, indent = ''): string {
  const flat = JSON.stringify(v);
  if (v === null || typeof v !== 'object' || flat.length + indent.length <= 110) return flat;
  const inner = indent + '  ';
  if (Array.isArray(v)) return `[\n${v.map((x) => inner + compactJson(x, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => `${inner}${JSON.stringify(k)}: ${compactJson(x, inner)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

function workload(spec: Spec, file: string): { workload: Workload; text: string } {
  const full = { format: FORMAT, description: spec.what, ...spec.model };
  const m = validateModel(full, file);
  let swc: string | undefined;
  if ('swc' in m.morphology) swc = readFileSync(join(MORPHOLOGIES, m.morphology.swc.split('/').pop()!), 'utf8');
  const sim = buildSimulation(m, swc);
  const w: Workload = {
    id: spec.id,
    group: spec.group,
    file,
    description: spec.what,
    ...workloadSize(sim),
  };
  full.description =
    `${SUITE_VERSION} workload ${spec.id}: ${spec.what}. ` +
    `${w.compartments} compartments × ${w.copies} ${w.copies === 1 ? 'copy' : 'copies'}, ${w.steps} steps of ${DT} ms = ${w.simulated_ms} ms simulated.`;
  return { workload: w, text: compactJson(full) + '\n' };
}

const check = process.argv.includes('--check');
const files = new Map<string, string>();
const workloads = SPECS.map((s) => {
  const { workload: w, text } = workload(s, `models/${s.id}.json`);
  files.set(w.file, text);
  return w;
});
const manifest: SuiteManifest = { suite: SUITE_VERSION, generated_by: 'npx tsx benchmarks/suite/make-suite.ts', workloads, suites: SUITES };
files.set('suite.json', compactJson(manifest) + '\n');

if (check) {
  const stale = [...files].filter(([f, text]) => {
    try {
      return readFileSync(join(here, f), 'utf8') !== text;
    } catch {
      return true;
    }
  });
  if (stale.length) {
    console.error(`benchmarks/suite: out of date: ${stale.map(([f]) => f).join(', ')}; run npx tsx benchmarks/suite/make-suite.ts`);
    process.exit(1);
  }
  console.log(`benchmarks/suite: ${files.size} files up to date`);
} else {
  rmSync(join(here, 'models'), { recursive: true, force: true });
  mkdirSync(join(here, 'models'), { recursive: true });
  for (const [f, text] of files) writeFileSync(join(here, f), text);
  console.log(`benchmarks/suite: wrote suite.json and ${readdirSync(join(here, 'models')).length} model files`);
  for (const w of workloads) {
    console.log(`  ${w.id.padEnd(16)} ${String(w.compartments).padStart(7)} × ${String(w.copies).padStart(5)}  ${String(w.steps).padStart(6)} steps  ${w.simulated_ms} ms  ${w.compartment_steps.toExponential(2)} compartment-steps`);
  }
}
