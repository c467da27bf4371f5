/**
 * `cablesim run` on broken inputs: each exits 1 with one line on stderr naming the file and
 * the field (or line), no stack trace, and leaves an existing `--out` file byte for byte as it
 * was, with no temp file beside it.
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cablesim, ensureBuilt, ROOT, tempDir } from './helpers.js';

beforeAll(() => ensureBuilt());

type J = any;

/** hh-soma, shortened to 5 ms. */
function soma(): J {
  const m = JSON.parse(readFileSync(join(ROOT, 'examples/hh-soma.json'), 'utf8'));
  m.run.tstop_ms = 5;
  return m;
}

/** A model on `cell.swc`, stimulated and recorded at sample 1. */
function swcModel(): J {
  return {
    format: 'cablesim-model/1',
    morphology: { swc: 'cell.swc' },
    mechanisms: [{ name: 'hh', where: ['all'] }],
    stimuli: [{ type: 'iclamp', at: { swcId: 1 }, delay_ms: 1, dur_ms: 1, amp_nA: 0.1 }],
    record: [{ label: 'soma', at: { swcId: 1 }, var: 'v' }],
    run: { tstop_ms: 2, dt_ms: 0.025 },
  };
}

const GOOD_SWC = ['# soma and one dendrite', '1 1 0 0 0 5 -1', '2 3 0 5 0 1 1', '3 3 0 10 0 1 2'];
const KEEP = 't_ms,soma\n0,-65.000000\nthis file must stay as it is\n';

interface Case {
  name: string;
  /** The model file's text (written as case.json), or undefined for no file. */
  model?: string;
  /** SWC lines written as cell.swc. */
  swc?: string[];
  /** The model path given on the command line (default case.json). */
  arg?: string;
  what: RegExp;
}

const json = (m: J): string => JSON.stringify(m, null, 2);
const change = (f: (m: J) => void, base: () => J = soma): string => {
  const m = base();
  f(m);
  return json(m);
};

const cases: Case[] = [
  { name: 'broken JSON', model: json(soma()).replace('"nseg": 1', '"nseg": 1,,'), what: /^cablesim: case\.json: line \d+ column \d+: invalid JSON: / },
  { name: 'a truncated file', model: json(soma()).slice(0, 200), what: /^cablesim: case\.json: line \d+ column \d+: invalid JSON: / },
  { name: 'wrong format', model: change((m) => (m.format = 'neuron')), what: /^cablesim: case\.json: format: expected "cablesim-model\/1", got "neuron"$/ },
  { name: 'a wrong type', model: change((m) => (m.stimuli[0].amp_nA = '0.15')), what: /^cablesim: case\.json: stimuli\[0\]\.amp_nA: expected a number, got "0\.15"$/ },
  { name: 'an unknown mechanism', model: change((m) => (m.mechanisms[0].name = 'HH')), what: /^cablesim: case\.json: mechanisms\[0\]\.name: unknown mechanism "HH" \(did you mean hh\?\); known mechanisms: hh, pas$/ },
  { name: 'an unknown parameter', model: change((m) => (m.mechanisms[0].params.gk = 0.1)), what: /^cablesim: case\.json: mechanisms\[0\]\.params\.gk: unknown parameter of hh/ },
  { name: 'an unknown section', model: change((m) => (m.record[0].at.section = 'dend')), what: /^cablesim: case\.json: record\[0\]\.at\.section: unknown section "dend"; sections: soma$/ },
  { name: 'an unknown field', model: change((m) => (m.run.t_stop = 5)), what: /^cablesim: case\.json: run\.t_stop: unknown field \(did you mean tstop_ms\?\); allowed here: tstop_ms, dt_ms$/ },
  { name: 'zero dt', model: change((m) => (m.run.dt_ms = 0)), what: /^cablesim: case\.json: run\.dt_ms: expected a number > 0, got 0$/ },
  { name: 'negative dt', model: change((m) => (m.run.dt_ms = -0.1)), what: /^cablesim: case\.json: run\.dt_ms: expected a number > 0, got -0\.1$/ },
  { name: 'a missing model file', arg: 'nope.json', what: /^cablesim: cannot read the model file nope\.json: no such file$/ },
  { name: 'a folder as model', arg: '.', what: /^cablesim: cannot read the model file \.: is a folder, not a file$/ },
  { name: 'a missing SWC file', model: json(swcModel()), what: /^cablesim: case\.json: morphology\.swc: cannot read the SWC file .*cell\.swc: no such file$/ },
  { name: 'an SWC non-numeric field', model: json(swcModel()), swc: [GOOD_SWC[1], '2 3 0 five 0 1 1'], what: /cell\.swc: line 2: y "five" is not a number$/ },
  { name: 'an SWC duplicate id', model: json(swcModel()), swc: [...GOOD_SWC, '2 3 0 9 0 1 1'], what: /cell\.swc: line 5: duplicate id 2 \(already used at line 3\)$/ },
  { name: 'an SWC missing parent', model: json(swcModel()), swc: [...GOOD_SWC, '4 3 0 9 0 1 17'], what: /cell\.swc: line 5: parent 17 is not the id of any sample$/ },
  { name: 'an SWC cycle', model: json(swcModel()), swc: [GOOD_SWC[1], '2 3 0 5 0 1 3', '3 3 0 9 0 1 2'], what: /cell\.swc: line 2: parent links form a cycle/ },
  { name: 'an SWC zero radius', model: json(swcModel()), swc: [GOOD_SWC[1], '2 3 0 5 0 0 1'], what: /cell\.swc: line 2: radius 0 µm is not positive/ },
  {
    name: 'a region no SWC cell has',
    model: change((m) => (m.mechanisms[0].where = ['apical']), swcModel),
    swc: GOOD_SWC,
    what: /^cablesim: case\.json: mechanisms\[0\]\.where\[0\]: "apical" is no region of an SWC cell/,
  },
  { name: 'an swcId the cell lacks', model: change((m) => (m.record[0].at = { swcId: 99 }), swcModel), swc: GOOD_SWC, what: /^cablesim: case\.json: record\[0\]\.at\.swcId: no SWC sample with id 99/ },
];

describe('cablesim run refuses bad input', () => {
  it.each(cases)('$name', (c) => {
    const dir = tempDir();
    if (c.model !== undefined) writeFileSync(join(dir, 'case.json'), c.model);
    if (c.swc !== undefined) writeFileSync(join(dir, 'cell.swc'), c.swc.join('\n') + '\n');
    writeFileSync(join(dir, 'out.csv'), KEEP);
    const before = readdirSync(dir).sort();
    const r = cablesim(['run', c.arg ?? 'case.json', '--backend', 'cpu', '--out', 'out.csv'], { cwd: dir });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(c.what);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe(KEEP);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('stops a run whose voltage blows up, naming the time and place', () => {
    const dir = tempDir();
        // 1e12 nA only drives v to ~1e12 mV (hh's rate table clamps, as NEURON's does); 1e308 nA
    // overflows to Infinity within one step.
    writeFileSync(join(dir, 'case.json'), change((m) => (m.stimuli[0] = { ...m.stimuli[0], delay_ms: 1, amp_nA: 1e308 })));
    writeFileSync(join(dir, 'out.csv'), KEEP);
    const r = cablesim(['run', 'case.json', '--backend', 'cpu', '--out', 'out.csv'], { cwd: dir });
    expect(r.status, r.stderr).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^cablesim: case\.json: .*(NaN|Infinity|-Infinity) at t = [\d.]+ ms in soma\([\d.]+\)/);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe(KEEP);
    expect(readdirSync(dir).sort()).toEqual(['case.json', 'out.csv']);
  });

  it('refuses an --out that is a folder before running', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out.csv'));
    const r = cablesim(['run', join(ROOT, 'examples/hh-soma.json'), '--backend', 'cpu', '--out', 'out.csv'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('cablesim: cannot write --out out.csv: it is a folder; give a file name\n');
  });

  it('refuses to write over the model file', () => {
    const dir = tempDir();
    const model = readFileSync(join(ROOT, 'examples/hh-soma.json'), 'utf8');
    writeFileSync(join(dir, 'm.json'), model);
    const r = cablesim(['run', 'm.json', '--backend', 'cpu', '--out', './m.json'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('cablesim: --out ./m.json is the model file itself; give another file name\n');
    expect(readFileSync(join(dir, 'm.json'), 'utf8')).toBe(model);
  });

  it('refuses an --out inside a file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'f'), KEEP);
    const r = cablesim(['run', join(ROOT, 'examples/hh-soma.json'), '--backend', 'cpu', '--out', 'f/x.csv'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^cablesim: cannot write --out f\/x\.csv: .*f is a file, not a folder\n$/);
    expect(readFileSync(join(dir, 'f'), 'utf8')).toBe(KEEP);
  });
});
