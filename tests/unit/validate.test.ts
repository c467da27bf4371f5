/**
 * Model validation: every bad input is refused with one line naming the file, the JSON path
 * of the field and what was expected; good files come back with every default filled in.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CablesimError } from '../../src/model/errors.js';
import { buildSimulation, loadSimulation } from '../../src/model/load.js';
import { parseModel } from '../../src/model/validate.js';

/** The example in spec/model-format.md, verbatim. */
const SPEC_EXAMPLE = `{
  "format": "cablesim-model/1",
  "morphology": { "sections": [
      { "name": "soma", "length_um": 20, "diam_um": 20, "nseg": 1 },
      { "name": "axon", "parent": "soma", "parentEnd": 1, "length_um": 1000, "diam_um": 1, "nseg": 201 } ] },
  "discretization": { "maxSegmentLength_um": 10 },
  "membrane": { "cm_uF_per_cm2": 1, "Ra_ohm_cm": 35.4, "vInit_mV": -65, "celsius": 6.3 },
  "mechanisms": [
      { "name": "hh",  "where": ["soma", "axon"], "params": { "gnabar": 0.12, "gkbar": 0.036, "gl": 0.0003, "el": -54.3 } },
      { "name": "pas", "where": ["dend"], "params": { "g": 0.0001, "e": -65 } } ],
  "stimuli": [ { "type": "iclamp", "at": { "section": "soma", "x": 0.5 }, "delay_ms": 5, "dur_ms": 40, "amp_nA": 0.15 } ],
  "record": [ { "label": "soma", "at": { "section": "soma", "x": 0.5 }, "var": "v" } ],
  "run": { "tstop_ms": 50, "dt_ms": 0.025 },
  "population": { "count": 1 }
}`;

/** A small complete model to break one field at a time: soma, axon, dend. */
type J = any;
function model(): J {
  const m = JSON.parse(SPEC_EXAMPLE);
  m.morphology.sections.push({ name: 'dend', parent: 'soma', parentEnd: 0, length_um: 200, diam_um: 2 });
  return m;
}

/** The one-line message `parseModel` throws for `text` (fails the test if it accepts it). */
function errorOf(text: string, file = 'cell.json'): string {
  try {
    parseModel(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(CablesimError);
    const msg = (e as Error).message;
    expect(msg).not.toMatch(/[\r\n]/);
    return msg;
  }
  throw new Error(`accepted: ${text.slice(0, 200)}`);
}

/** Break `model()` with `change`; expect `cell.json: <path>: ...<what>...`. */
function refuses(change: (m: J) => void, path: string, what: string | RegExp): void {
  const m = model();
  change(m);
  const msg = errorOf(JSON.stringify(m, null, 2));
  expect(msg.startsWith(`cell.json: ${path}: `), msg).toBe(true);
  if (typeof what === 'string') expect(msg).toContain(what);
  else expect(msg).toMatch(what);
}

describe('parseModel: good files', () => {
  it('accepts the spec example and fills defaults', () => {
    const m = parseModel(SPEC_EXAMPLE, 'spec.json');
    expect(m.sourcePath).toBe('spec.json');
    expect(m.population).toEqual({ count: 1 });
    expect(m.membrane).toEqual({ cm_uF_per_cm2: 1, Ra_ohm_cm: 35.4, vInit_mV: -65, celsius: 6.3 });
    expect(m.morphology).toEqual(JSON.parse(SPEC_EXAMPLE).morphology);
    // "dend" is no section of this cell: allowed (it is the spec's own example), but warned about.
    expect(buildSimulation(m).warnings).toEqual([
      'spec.json: mechanisms[1].where[0]: no section or region is named "dend" (have: soma, axon), so pas is not inserted there',
    ]);
  });

  it('fills every default of a minimal file', () => {
    const m = parseModel(
      JSON.stringify({
        format: 'cablesim-model/1',
        morphology: { sections: [{ name: 'soma', length_um: 10, diam_um: 10 }, { name: 'a', parent: 'soma', length_um: 5, diam_um: 1 }] },
        mechanisms: [{ name: 'pas', where: ['all'] }],
        record: [{ label: 'soma', at: { section: 'soma' } }],
        run: { tstop_ms: 1, dt_ms: 0.1 },
      }),
    );
    expect(m.discretization).toEqual({});
    expect(m.membrane).toEqual({ cm_uF_per_cm2: 1, Ra_ohm_cm: 35.4, vInit_mV: -65, celsius: 6.3 });
    expect(m.population).toEqual({ count: 1 });
    expect(m.mechanisms).toEqual([{ name: 'pas', where: ['all'], params: {} }]);
    expect(m.stimuli).toEqual([]);
    expect(m.record).toEqual([{ label: 'soma', at: { section: 'soma', x: 0.5 }, var: 'v' }]);
    expect(m.morphology).toEqual({
      sections: [
        { name: 'soma', length_um: 10, diam_um: 10 },
        { name: 'a', parent: 'soma', parentEnd: 1, length_um: 5, diam_um: 1 },
      ],
    });
    expect(m.sourcePath).toBeUndefined();
  });

  it('fills the d_lambda frequency and keeps other rules as given', () => {
    const d = (disc: unknown) => parseModel(JSON.stringify({ ...model(), discretization: disc })).discretization;
    expect(d({ dLambda: 0.1 })).toEqual({ dLambda: 0.1, frequency_Hz: 100 });
    expect(d({ dLambda: 0.1, frequency_Hz: 50 })).toEqual({ dLambda: 0.1, frequency_Hz: 50 });
    expect(d({ maxSegmentLength_um: 10 })).toEqual({ maxSegmentLength_um: 10 });
    expect(d({})).toEqual({});
  });

  it('accepts states of present mechanisms, copies "all", SWC locations', () => {
    const m = model();
    m.record.push({ label: 'm', at: { section: 'axon', x: 1 }, var: 'm_hh', copies: 'all' });
    m.population.count = 4;
    expect(parseModel(JSON.stringify(m)).record[1]).toEqual({ label: 'm', at: { section: 'axon', x: 1 }, var: 'm_hh', copies: 'all' });
    const s = { ...model(), morphology: { swc: 'cell.swc' }, mechanisms: [{ name: 'hh', where: ['soma', 'apic', 'type_7'] }] };
    s.stimuli[0].at = { swcId: 1 };
    s.record[0].at = { section: 'dend[3]', x: 0.25 };
    const p = parseModel(JSON.stringify(s));
    expect(p.morphology).toEqual({ swc: 'cell.swc' });
    expect(p.stimuli[0].at).toEqual({ swcId: 1 });
  });

  it.each(readdirSync('examples').filter((f) => f.endsWith('.json')))('accepts examples/%s with no warnings', async (f) => {
    const m = parseModel(readFileSync(`examples/${f}`, 'utf8'), f);
    expect(m.format).toBe('cablesim-model/1');
    expect(m.population.count).toBeGreaterThanOrEqual(1);
    expect((await loadSimulation(`examples/${f}`)).warnings).toEqual([]);
  });
});

describe('parseModel: broken JSON names line and column', () => {
  const cases: Array<[string, string, string]> = [
    ['missing comma', '{\n  "format": "cablesim-model/1"\n  "run": {}\n}', 'line 3 column 3: invalid JSON: expected \',\' or \'}\''],
    ['trailing comma', '{\n  "a": 1,\n}', "line 3 column 1: invalid JSON: expected a field name, got '}' (a trailing comma?)"],
    ['single quotes', "{ 'a': 1 }", 'line 1 column 3: invalid JSON'],
    ['comment', '{\n  // note\n  "a": 1 }', 'line 2 column 3: invalid JSON: comments are not allowed'],
    ['empty file', '  \n', 'invalid JSON: the file is empty; expected a JSON object'],
    ['unclosed string', '{ "a": "abc\n}', 'line 1 column 12: invalid JSON: a line break or control character inside a string'],
    ['truncated', '{ "a": [1, 2', "line 1 column 13: invalid JSON: expected ',' or ']' in a list, got the end of the file"],
    ['bad number', '{ "a": 01 }', 'line 1 column 8: invalid JSON: invalid number'],
    ['NaN', '{ "a": NaN }', 'line 1 column 8: invalid JSON: expected a value'],
    ['two values', '{} {}', 'line 1 column 4: invalid JSON: expected the end of the file'],
    ['duplicate key', '{ "run": { "dt_ms": 1,\n "dt_ms": 2 } }', 'line 2 column 2: invalid JSON: field run.dt_ms is given twice'],
  ];
  it.each(cases)('%s', (_, text, what) => {
    const msg = errorOf(text);
    expect(msg.startsWith(`cell.json: ${what}`), msg).toBe(true);
  });
  it('reads a byte order mark and escapes', () => {
    const m = model();
    m.record[0].label = 'so\u00e9ma';
    expect(parseModel('\ufeff' + JSON.stringify(m).replace('so\u00e9ma', 'so\\u00e9ma')).record[0].label).toBe('so\u00e9ma');
  });
  it('names no file when none is given', () => {
    expect(() => parseModel('{')).toThrowError(/^line 1 column 2: invalid JSON: expected a field name in double quotes, got the end of the file$/);
  });
});

describe('parseModel: format, required fields, types', () => {
  it('refuses a number too large for a double', () => {
    const text = JSON.stringify(model()).replace('"tstop_ms":50', '"tstop_ms":1e999');
    expect(errorOf(text)).toBe('cell.json: run.tstop_ms: expected a finite number, got Infinity');
  });
  it('refuses a top level that is not an object', () => {
    expect(errorOf('[1]')).toBe('cell.json: expected a JSON object (a cablesim-model/1 file), got an array');
  });
  const cases: Array<[string, (m: J) => void, string, string]> = [
    ['wrong format', (m) => (m.format = 'cablesim-model/2'), 'format', 'expected "cablesim-model/1", got "cablesim-model/2"'],
    ['no format', (m) => delete m.format, 'format', 'expected "cablesim-model/1", got no "format" field'],
    ['no morphology', (m) => delete m.morphology, 'morphology', 'missing required field'],
    ['no run', (m) => delete m.run, 'run', 'missing required field'],
    ['no dt', (m) => delete m.run.dt_ms, 'run.dt_ms', 'missing required field; expected a number > 0'],
    ['no length', (m) => delete m.morphology.sections[1].length_um, 'morphology.sections[1].length_um', 'missing required field'],
    ['no section name', (m) => delete m.morphology.sections[0].name, 'morphology.sections[0].name', 'missing required field'],
    ['no amp', (m) => delete m.stimuli[0].amp_nA, 'stimuli[0].amp_nA', 'missing required field'],
    ['no stimulus type', (m) => delete m.stimuli[0].type, 'stimuli[0].type', 'expected "iclamp"'],
    ['other stimulus type', (m) => (m.stimuli[0].type = 'vclamp'), 'stimuli[0].type', 'expected "iclamp" (the only stimulus type), got "vclamp"'],
    ['no label', (m) => delete m.record[0].label, 'record[0].label', 'missing required field'],
    ['no where', (m) => delete m.mechanisms[0].where, 'mechanisms[0].where', 'missing required field'],
    ['no location', (m) => delete m.record[0].at, 'record[0].at', 'missing required field'],
    ['dt as string', (m) => (m.run.dt_ms = '0.025'), 'run.dt_ms', 'expected a number > 0, got "0.025"'],
    ['sections not a list', (m) => (m.morphology.sections = {}), 'morphology.sections', 'expected a non-empty list of sections, got an object'],
    ['no sections', (m) => (m.morphology.sections = []), 'morphology.sections', 'got an empty list'],
    ['neither sections nor swc', (m) => (m.morphology = {}), 'morphology', 'got neither'],
    ['sections and swc', (m) => (m.morphology.swc = 'a.swc'), 'morphology', 'not both'],
    ['mechanisms not a list', (m) => (m.mechanisms = { hh: {} }), 'mechanisms', 'expected a list of mechanism entries, got an object'],
    ['where a string', (m) => (m.mechanisms[0].where = 'soma'), 'mechanisms[0].where', 'like ["soma"] or ["all"], got "soma"'],
    ['param a string', (m) => (m.mechanisms[0].params.gnabar = '0.12'), 'mechanisms[0].params.gnabar', 'expected a number >= 0 (S/cm2), got "0.12"'],
    ['count a string', (m) => (m.population.count = '3'), 'population.count', 'expected a positive integer, got "3"'],
    ['membrane a list', (m) => (m.membrane = []), 'membrane', 'expected an object, got an array'],
    ['location null', (m) => (m.stimuli[0].at = null), 'stimuli[0].at', 'got null'],
    ['name a number', (m) => (m.morphology.sections[0].name = 3), 'morphology.sections[0].name', 'expected a string, got 3'],
    ['empty name', (m) => (m.morphology.sections[0].name = ' '), 'morphology.sections[0].name', 'expected a non-empty string'],
    ['reserved name', (m) => (m.morphology.sections[2].name = 'all'), 'morphology.sections[2].name', '"all" is reserved'],
  ];
  it.each(cases)('%s', (_, change, path, what) => refuses(change, path, what));
});

describe('parseModel: values out of range', () => {
  const cases: Array<[string, (m: J) => void, string, string]> = [
    ['dt zero', (m) => (m.run.dt_ms = 0), 'run.dt_ms', 'expected a number > 0, got 0'],
    ['dt negative', (m) => (m.run.dt_ms = -0.025), 'run.dt_ms', 'expected a number > 0, got -0.025'],
    ['dt above tstop', (m) => (m.run.dt_ms = 100), 'run.dt_ms', 'expected a number > 0 and <= run.tstop_ms (50), got 100'],
    ['tstop zero', (m) => (m.run.tstop_ms = 0), 'run.tstop_ms', 'expected a number > 0, got 0'],
    ['negative length', (m) => (m.morphology.sections[1].length_um = -5), 'morphology.sections[1].length_um', 'expected a number > 0, got -5'],
    ['zero diameter', (m) => (m.morphology.sections[0].diam_um = 0), 'morphology.sections[0].diam_um', 'expected a number > 0, got 0'],
    ['nseg zero', (m) => (m.morphology.sections[1].nseg = 0), 'morphology.sections[1].nseg', 'expected a positive integer, got 0'],
    ['nseg fraction', (m) => (m.morphology.sections[1].nseg = 2.5), 'morphology.sections[1].nseg', 'expected a positive integer, got 2.5'],
    ['parentEnd 2', (m) => (m.morphology.sections[1].parentEnd = 2), 'morphology.sections[1].parentEnd', 'expected a number from 0 to 1, got 2'],
    ['parentEnd on root', (m) => (m.morphology.sections[0].parentEnd = 1), 'morphology.sections[0].parentEnd', 'no parent'],
    ['x above 1', (m) => (m.stimuli[0].at.x = 1.5), 'stimuli[0].at.x', 'expected a number from 0 to 1, got 1.5'],
    ['x below 0', (m) => (m.record[0].at.x = -0.1), 'record[0].at.x', 'expected a number from 0 to 1, got -0.1'],
    ['count zero', (m) => (m.population.count = 0), 'population.count', 'expected a positive integer, got 0'],
    ['count fraction', (m) => (m.population.count = 1.5), 'population.count', 'expected a positive integer, got 1.5'],
    ['negative dur', (m) => (m.stimuli[0].dur_ms = -1), 'stimuli[0].dur_ms', 'expected a number >= 0, got -1'],
    ['negative delay', (m) => (m.stimuli[0].delay_ms = -5), 'stimuli[0].delay_ms', 'expected a number >= 0, got -5'],
    ['cm zero', (m) => (m.membrane.cm_uF_per_cm2 = 0), 'membrane.cm_uF_per_cm2', 'expected a number > 0, got 0'],
    ['Ra negative', (m) => (m.membrane.Ra_ohm_cm = -1), 'membrane.Ra_ohm_cm', 'expected a number > 0, got -1'],
    ['celsius below zero K', (m) => (m.membrane.celsius = -300), 'membrane.celsius', 'got -300'],
    ['max segment zero', (m) => (m.discretization = { maxSegmentLength_um: 0 }), 'discretization.maxSegmentLength_um', 'expected a number > 0'],
    ['dLambda negative', (m) => (m.discretization = { dLambda: -0.1 }), 'discretization.dLambda', 'expected a number > 0'],
    ['frequency zero', (m) => (m.discretization = { dLambda: 0.1, frequency_Hz: 0 }), 'discretization.frequency_Hz', 'expected a number > 0'],
    ['two rules', (m) => (m.discretization = { dLambda: 0.1, maxSegmentLength_um: 5 }), 'discretization', 'either maxSegmentLength_um or dLambda'],
    ['frequency alone', (m) => (m.discretization = { frequency_Hz: 50 }), 'discretization.frequency_Hz', 'dLambda'],
    ['param below range', (m) => (m.mechanisms[0].params.gnabar = -0.1), 'mechanisms[0].params.gnabar', 'expected a number >= 0 (S/cm2), got -0.1'],
    ['param above range', (m) => (m.mechanisms[1].params.e = 5000), 'mechanisms[1].params.e', 'expected a number from -1000 to 1000 (mV), got 5000'],
    ['swcId negative', (m) => ((m.morphology = { swc: 'c.swc' }), (m.mechanisms = []), (m.stimuli[0].at = { swcId: -1 })), 'stimuli[0].at.swcId', 'expected an integer >= 0, got -1'],
  ];
  it.each(cases)('%s', (_, change, path, what) => refuses(change, path, what));
});

describe('parseModel: unknown names', () => {
  const cases: Array<[string, (m: J) => void, string, string]> = [
    ['top-level field', (m) => (m.runn = {}), 'runn', 'unknown field (did you mean run?); allowed here: format, description, morphology, discretization, membrane, mechanisms, stimuli, record, run, population'],
    ['run field typo', (m) => ((m.run.dt = 0.1), delete m.run.dt_ms), 'run.dt', 'unknown field (did you mean dt_ms?); allowed here: tstop_ms, dt_ms'],
    ['section field typo', (m) => (m.morphology.sections[0].lenght_um = 3), 'morphology.sections[0].lenght_um', 'did you mean length_um?'],
    ['stimulus field', (m) => (m.stimuli[0].ampl = 1), 'stimuli[0].ampl', 'allowed here: type, at, delay_ms, dur_ms, amp_nA'],
    ['membrane field', (m) => (m.membrane.Cm = 1), 'membrane.Cm', 'unknown field (did you mean cm_uF_per_cm2?); allowed here: cm_uF_per_cm2, Ra_ohm_cm, vInit_mV, celsius'],
    ['field without its unit', (m) => (m.stimuli[0].amp = 1), 'stimuli[0].amp', 'did you mean amp_nA?'],
    ['record field', (m) => (m.record[0].varr = 'v'), 'record[0].varr', 'did you mean var?'],
    ['population field', (m) => (m.population.cells = 3), 'population.cells', 'allowed here: count'],
    ['location field', (m) => (m.record[0].at.pos = 0.5), 'record[0].at.pos', 'allowed here: section, x, swcId'],
    ['discretization field', (m) => (m.discretization = { nseg: 3 }), 'discretization.nseg', 'allowed here: maxSegmentLength_um, dLambda, frequency_Hz'],
    ['mechanism', (m) => (m.mechanisms[0].name = 'hhh'), 'mechanisms[0].name', 'unknown mechanism "hhh" (did you mean hh?); known mechanisms: hh, pas'],
    ['mechanism far off', (m) => (m.mechanisms[0].name = 'kdr'), 'mechanisms[0].name', 'unknown mechanism "kdr"; known mechanisms: hh, pas'],
    ['parameter', (m) => (m.mechanisms[0].params.gna = 0.1), 'mechanisms[0].params.gna', 'unknown parameter of hh (did you mean gnabar?); its parameters: gnabar, gkbar, gl, el, ena, ek'],
    ['pas parameter', (m) => (m.mechanisms[1].params.gpas = 0.1), 'mechanisms[1].params.gpas', 'its parameters: g, e'],
    ['parent', (m) => (m.morphology.sections[1].parent = 'somma'), 'morphology.sections[1].parent', 'unknown section "somma" (did you mean soma?); sections: soma, axon, dend'],
    ['where typo', (m) => (m.mechanisms[0].where = ['soma', 'axn']), 'mechanisms[0].where[1]', 'unknown section "axn" (did you mean axon?)'],
    ['where not a name', (m) => (m.mechanisms[0].where = [3]), 'mechanisms[0].where[0]', 'expected a section name, got 3'],
    ['stimulus section', (m) => (m.stimuli[0].at.section = 'Soma'), 'stimuli[0].at.section', 'unknown section "Soma"'],
    ['record section', (m) => (m.record[0].at.section = 'apical'), 'record[0].at.section', 'unknown section "apical"; sections: soma, axon, dend'],
    ['swcId on sections', (m) => (m.record[0].at = { swcId: 3 }), 'record[0].at.swcId', 'needs an SWC morphology'],
    ['var of absent mechanism', (m) => (m.record[0].var = 'm_kdr'), 'record[0].var', 'expected one of "v", "m_hh", "h_hh", "n_hh"'],
    ['var not a state', (m) => (m.record[0].var = 'i'), 'record[0].var', 'got "i"'],
    ['var where the mechanism is not', (m) => ((m.record[0].at.section = 'dend'), (m.record[0].var = 'n_hh')), 'record[0].var', 'hh is not inserted in section "dend" (only in soma, axon)'],
    ['copies', (m) => (m.record[0].copies = 'some'), 'record[0].copies', 'expected "all" (record every copy as label@i), got "some"'],
  ];
  it.each(cases)('%s', (_, change, path, what) => refuses(change, path, what));
});

describe('parseModel: the tree and the labels', () => {
  const cases: Array<[string, (m: J) => void, string, string]> = [
    ['duplicate section', (m) => (m.morphology.sections[2].name = 'axon'), 'morphology.sections[2].name', 'duplicate section name "axon" (also morphology.sections[1])'],
    ['own parent', (m) => (m.morphology.sections[1].parent = 'axon'), 'morphology.sections[1].parent', 'cannot be its own parent'],
    [
      'cycle',
      (m) => ((m.morphology.sections[1].parent = 'dend'), (m.morphology.sections[2].parent = 'axon')),
      'morphology.sections[1].parent',
      'section "axon" is its own ancestor (parent chain axon -> dend -> axon)',
    ],
    ['no root', (m) => (m.morphology.sections[0].parent = 'dend'), 'morphology.sections[0].parent', 'is its own ancestor (parent chain soma -> dend -> soma)'],
    ['two roots', (m) => delete m.morphology.sections[2].parent && delete m.morphology.sections[2].parentEnd, 'morphology.sections[2]', 'a second root section "dend" (no parent) besides "soma"'],
    ['duplicate label', (m) => m.record.push({ label: 'soma', at: { section: 'axon' } }), 'record[1].label', 'duplicate label "soma" (also record[0])'],
    ['label with comma', (m) => (m.record[0].label = 'a,b'), 'record[0].label', 'contains a comma'],
    ['label with quote', (m) => (m.record[0].label = 'a"b'), 'record[0].label', 'contains a double quote'],
    ['label with newline', (m) => (m.record[0].label = 'a\nb'), 'record[0].label', 'contains a line break'],
    ['label with @', (m) => (m.record[0].label = 'a@1'), 'record[0].label', 'reserved for population copies'],
    ['label t_ms', (m) => (m.record[0].label = 't_ms'), 'record[0].label', '"t_ms" is the time column'],
    ['label with spaces around', (m) => (m.record[0].label = ' soma'), 'record[0].label', 'without leading or trailing spaces'],
  ];
  it.each(cases)('%s', (_, change, path, what) => refuses(change, path, what));
});
