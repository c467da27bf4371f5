/**
 * Reading a `cablesim-model/1` file (see spec/model-format.md): strict JSON, then every field
 * checked and every default filled in. Each problem is a `CablesimError` with one line naming
 * the file, the JSON path of the field and what was expected against what was found:
 *
 *     cell.json: run.dt_ms: expected a number > 0, got 0
 *
 * Section names are checked here for a `sections` morphology; for an SWC morphology the region
 * names and `swcId`s can only be checked against the imported geometry, later.
 */
import { MECHANISMS } from '../mechanisms/index.js';
import type { MechanismDef } from '../mechanisms/types.js';
import { describeValue } from './errors.js';
import {
  MODEL_FORMAT,
  type DiscretizationSpec,
  type Location,
  type MechanismEntry,
  type MembraneSpec,
  type Model,
  type MorphologySpec,
  type RecordSpec,
  type RunSpec,
  type StimulusSpec,
} from './types.js';
import { FieldReader, didYouMean, joinPath, type JsonObject } from './validate-fields.js';
import { parseJsonStrict } from './validate-json.js';
import { ALL, listNames, readMorphology } from './validate-morphology.js';

/** Defaults the spec gives for `membrane`. */
export const MEMBRANE_DEFAULTS: Readonly<MembraneSpec> = { cm_uF_per_cm2: 1, Ra_ohm_cm: 35.4, vInit_mV: -65, celsius: 6.3 };
/** Default `frequency_Hz` of the d_lambda rule [Hz]. */
export const DLAMBDA_FREQUENCY_DEFAULT_HZ = 100;

const TOP_FIELDS = [
  'format',
  'description',
  'morphology',
  'discretization',
  'membrane',
  'mechanisms',
  'stimuli',
  'record',
  'run',
  'population',
];

/**
 * Parse and validate a model file's text.
 * @param text the JSON text
 * @param file the file name to put in error messages (and in `Model.sourcePath`)
 * @param mechanisms the mechanisms a model may name (default: all built-in ones)
 * @returns the model with every default filled in
 * @throws CablesimError on any problem, with a one-line message naming file and field
 */
export function parseModel(text: string, file?: string, mechanisms: Record<string, MechanismDef> = MECHANISMS): Model {
  return validateModel(parseJsonStrict(text, file), file, mechanisms);
}

/** Validate an already parsed model (e.g. built in a page); as `parseModel` without the JSON step. */
export function validateModel(json: unknown, file?: string, mechanisms: Record<string, MechanismDef> = MECHANISMS): Model {
  return new ModelReader(new FieldReader(file), mechanisms).read(json, file);
}

class ModelReader {
  /** Section names of a `sections` morphology; undefined for SWC (checked after import). */
  private sectionNames: string[] | undefined;

  constructor(
    private readonly r: FieldReader,
    private readonly mechs: Record<string, MechanismDef>,
  ) {}

  read(json: unknown, file: string | undefined): Model {
    const r: FieldReader = this.r;
    const top = r.object(json, '', 'a JSON object (a cablesim-model/1 file)');
    if (top.format !== MODEL_FORMAT) {
      const got = top.format === undefined ? 'no "format" field' : describeValue(top.format);
      r.fail('format', `expected "${MODEL_FORMAT}", got ${got}`);
    }
    r.keys(top, '', TOP_FIELDS, ['morphology', 'run'], {
      morphology: 'an object with "sections" or "swc"',
      run: 'an object with tstop_ms and dt_ms',
    });
    if (top.description !== undefined) r.string(top, 'description', '');
    const morphology: MorphologySpec = readMorphology(r, top.morphology, 'morphology');
    if ('sections' in morphology) this.sectionNames = morphology.sections.map((s) => s.name);
    const mechanisms = this.list(top, 'mechanisms', 'a list of mechanism entries', (v, p) => this.mechanism(v, p));
    const model: Model = {
      format: MODEL_FORMAT,
      morphology,
      discretization: this.discretization(top.discretization, 'discretization'),
      membrane: this.membrane(top.membrane, 'membrane'),
      mechanisms,
      stimuli: this.list(top, 'stimuli', 'a list of stimuli', (v, p) => this.stimulus(v, p)),
      record: this.list(top, 'record', 'a list of records', (v, p) => this.record(v, p, mechanisms)),
      run: this.run(top.run, 'run'),
      population: this.population(top.population, 'population'),
    };
    checkUniqueLabels(r, model.record);
    if (file !== undefined) model.sourcePath = file;
    return model;
  }

  /** An optional list field (default `[]`), each element read by `item`. */
  private list<T>(top: JsonObject, key: string, what: string, item: (v: unknown, path: string) => T): T[] {
    if (top[key] === undefined) return [];
    return this.r.array(top[key], key, what).map((v, i) => item(v, joinPath(key, i)));
  }

  private discretization(v: unknown, path: string): DiscretizationSpec {
    if (v === undefined) return {};
    const r: FieldReader = this.r;
    const d = r.object(v, path, 'an object: {}, { "maxSegmentLength_um": N } or { "dLambda": N }');
    r.keys(d, path, ['maxSegmentLength_um', 'dLambda', 'frequency_Hz']);
    if (d.maxSegmentLength_um !== undefined && d.dLambda !== undefined) {
      r.fail(path, 'give either maxSegmentLength_um or dLambda, not both');
    }
    if (d.maxSegmentLength_um !== undefined) {
      if (d.frequency_Hz !== undefined) r.fail(joinPath(path, 'frequency_Hz'), 'applies only with dLambda, not with maxSegmentLength_um');
      return { maxSegmentLength_um: r.number(d, 'maxSegmentLength_um', path, { gt: 0 }) };
    }
    if (d.dLambda !== undefined) {
      return {
        dLambda: r.number(d, 'dLambda', path, { gt: 0 }),
        frequency_Hz: r.number(d, 'frequency_Hz', path, { gt: 0 }, DLAMBDA_FREQUENCY_DEFAULT_HZ),
      };
    }
    if (d.frequency_Hz !== undefined) r.fail(joinPath(path, 'frequency_Hz'), 'applies only with dLambda, which is missing');
    return {};
  }

  private membrane(v: unknown, path: string): MembraneSpec {
    if (v === undefined) return { ...MEMBRANE_DEFAULTS };
    const r: FieldReader = this.r;
    const m = r.object(v, path);
    r.keys(m, path, Object.keys(MEMBRANE_DEFAULTS));
    const D = MEMBRANE_DEFAULTS;
    return {
      cm_uF_per_cm2: r.number(m, 'cm_uF_per_cm2', path, { gt: 0 }, D.cm_uF_per_cm2),
      Ra_ohm_cm: r.number(m, 'Ra_ohm_cm', path, { gt: 0 }, D.Ra_ohm_cm),
      vInit_mV: r.number(m, 'vInit_mV', path, { min: -1000, max: 1000 }, D.vInit_mV),
      celsius: r.number(m, 'celsius', path, { min: -273.15, max: 1000 }, D.celsius),
    };
  }

  private mechanism(v: unknown, path: string): MechanismEntry {
    const r: FieldReader = this.r;
    const e = r.object(v, path, 'a mechanism entry { "name", "where", "params" }');
    r.keys(e, path, ['name', 'where', 'params'], ['name', 'where'], {
      name: `a mechanism name (${Object.keys(this.mechs).join(', ')})`,
      where: `a list of ${this.sectionNames ? 'section' : 'region'} names or ["${ALL}"]`,
    });
    const name = r.string(e, 'name', path);
    const def = Object.prototype.hasOwnProperty.call(this.mechs, name) ? this.mechs[name] : undefined;
    if (!def) {
      const known = Object.keys(this.mechs);
      r.fail(joinPath(path, 'name'), `unknown mechanism "${name}"${didYouMean(name, known)}; known mechanisms: ${known.join(', ')}`);
    }
    const wherePath = joinPath(path, 'where');
    const whereWhat = `a non-empty list of ${this.sectionNames ? 'section' : 'region'} names, like ["soma"] or ["${ALL}"]`;
    const where = r.array(e.where, wherePath, whereWhat, true).map((w, i) => {
      const p = joinPath(wherePath, i);
      if (typeof w !== 'string' || w === '') r.fail(p, `expected a ${this.sectionNames ? 'section' : 'region'} name, got ${describeValue(w)}`);
      // A name that matches no section is allowed (the spec's own example inserts pas in a
      // "dend" it does not have; the simulation warns of it), unless it looks like a misspelling.
      if (w !== ALL && this.sectionNames && !this.sectionNames.includes(w)) {
        const hint = didYouMean(w, this.sectionNames);
        if (hint) r.fail(p, `unknown section "${w}"${hint}; sections: ${listNames(this.sectionNames)}, or "${ALL}"`);
      }
      return w;
    });
    const params: Record<string, number> = {};
    if (e.params !== undefined) {
      const pp = joinPath(path, 'params');
      const given = r.object(e.params, pp, `an object of ${name} parameters`);
      const names = def.params.map((p) => p.name);
      for (const [k, val] of Object.entries(given)) {
        const pdef = def.params.find((p) => p.name === k);
        if (!pdef) {
          r.fail(joinPath(pp, k), `unknown parameter of ${name}${didYouMean(k, names)}; its parameters: ${names.join(', ')}`);
        }
        params[k] = r.checkNumber(val, joinPath(pp, k), { min: pdef.min, max: pdef.max, note: `(${pdef.unit})` });
      }
    }
    return { name, where, params };
  }

  private location(v: unknown, path: string): Location {
    const r: FieldReader = this.r;
    const a = r.object(v, path, 'a location { "section": NAME, "x": 0..1 } or { "swcId": N }');
    if (a.swcId !== undefined) {
      r.keys(a, path, ['swcId']);
      if (this.sectionNames) {
        r.fail(joinPath(path, 'swcId'), 'needs an SWC morphology; with sections use { "section": NAME, "x": 0..1 }');
      }
      return { swcId: r.number(a, 'swcId', path, { integer: true, min: 0 }) };
    }
    r.keys(a, path, ['section', 'x', 'swcId'], ['section'], { section: 'a section name (or give "swcId" for SWC)' });
    const section = r.string(a, 'section', path);
    if (this.sectionNames && !this.sectionNames.includes(section)) {
      r.fail(joinPath(path, 'section'), `unknown section "${section}"${didYouMean(section, this.sectionNames)}; sections: ${listNames(this.sectionNames)}`);
    }
    return { section, x: r.number(a, 'x', path, { min: 0, max: 1 }, 0.5) };
  }

  private stimulus(v: unknown, path: string): StimulusSpec {
    const r: FieldReader = this.r;
    const s = r.object(v, path, 'a stimulus object');
    if (s.type === undefined) r.fail(joinPath(path, 'type'), 'missing required field; expected "iclamp"');
    const type = r.string(s, 'type', path);
    if (type !== 'iclamp') r.fail(joinPath(path, 'type'), `expected "iclamp" (the only stimulus type), got ${describeValue(type)}`);
    r.keys(s, path, ['type', 'at', 'delay_ms', 'dur_ms', 'amp_nA'], ['at', 'delay_ms', 'dur_ms', 'amp_nA'], {
      at: 'a location { "section": NAME, "x": 0..1 }',
      delay_ms: 'a number >= 0',
      dur_ms: 'a number >= 0',
      amp_nA: 'a number',
    });
    return {
      type: 'iclamp',
      at: this.location(s.at, joinPath(path, 'at')),
      delay_ms: r.number(s, 'delay_ms', path, { min: 0 }),
      dur_ms: r.number(s, 'dur_ms', path, { min: 0 }),
      amp_nA: r.number(s, 'amp_nA', path, {}),
    };
  }

  private record(v: unknown, path: string, mechanisms: MechanismEntry[]): RecordSpec {
    const r: FieldReader = this.r;
    const o = r.object(v, path, 'a record object { "label", "at", "var" }');
    r.keys(o, path, ['label', 'at', 'var', 'copies'], ['label', 'at'], {
      label: 'a string naming the CSV column',
      at: 'a location { "section": NAME, "x": 0..1 }',
    });
    const label = r.string(o, 'label', path);
    checkLabel(r, label, joinPath(path, 'label'));
    const at = this.location(o.at, joinPath(path, 'at'));
    const out: RecordSpec = { label, at, var: this.recordVar(o, path, at, mechanisms) };
    if (o.copies !== undefined) {
      if (o.copies !== 'all') {
        r.fail(joinPath(path, 'copies'), `expected "all" (record every copy as label@i), got ${describeValue(o.copies)}`);
      }
      out.copies = 'all';
    }
    return out;
  }

  /** `v`, or `<state>_<mech>` of a mechanism present at the record's section. */
  private recordVar(o: JsonObject, path: string, at: Location, mechanisms: MechanismEntry[]): string {
    const r: FieldReader = this.r;
    const name = r.string(o, 'var', path, 'v');
    if (name === 'v') return name;
    const allowed: string[] = ['v'];
    const present = [...new Set(mechanisms.map((m) => m.name))];
    for (const m of present) for (const s of this.mechs[m].states) allowed.push(`${s}_${m}`);
    const p = joinPath(path, 'var');
    const mech = present.find((m) => this.mechs[m].states.some((s) => `${s}_${m}` === name));
    if (mech === undefined) {
      r.fail(p, `expected one of ${allowed.map((a) => `"${a}"`).join(', ')} (v or a state of a mechanism in this model), got ${describeValue(name)}`);
    }
    if (this.sectionNames && 'section' in at) {
      const entries = mechanisms.filter((m) => m.name === mech);
      if (!entries.some((m) => m.where.includes(ALL) || m.where.includes(at.section))) {
        const where = [...new Set(entries.flatMap((m) => m.where))].join(', ');
        r.fail(p, `${mech} is not inserted in section "${at.section}" (only in ${where}), so it has no ${name} there`);
      }
    }
    return name;
  }

  private run(v: unknown, path: string): RunSpec {
    const r: FieldReader = this.r;
    const o = r.object(v, path, 'an object { "tstop_ms", "dt_ms" }');
    r.keys(o, path, ['tstop_ms', 'dt_ms'], ['tstop_ms', 'dt_ms'], { tstop_ms: 'a number > 0', dt_ms: 'a number > 0' });
    const tstop_ms = r.number(o, 'tstop_ms', path, { gt: 0 });
    const dt_ms = r.number(o, 'dt_ms', path, { gt: 0 });
    if (dt_ms > tstop_ms) r.fail(joinPath(path, 'dt_ms'), `expected a number > 0 and <= run.tstop_ms (${tstop_ms}), got ${dt_ms}`);
    return { tstop_ms, dt_ms };
  }

  private population(v: unknown, path: string): { count: number } {
    if (v === undefined) return { count: 1 };
    const r: FieldReader = this.r;
    const o = r.object(v, path, 'an object { "count": N }');
    r.keys(o, path, ['count']);
    return { count: r.number(o, 'count', path, { integer: true, min: 1 }, 1) };
  }
}

/** A label becomes a CSV header cell: no separators, quotes, line breaks or `@` (copies). */
function checkLabel(r: FieldReader, label: string, path: string): void {
  const bad = /[,"'\r\n\t@]/.exec(label);
  if (bad) {
    const what = { ',': 'a comma', '"': 'a double quote', "'": 'a quote', '\r': 'a line break', '\n': 'a line break', '\t': 'a tab', '@': '"@" (reserved for population copies, label@i)' }[bad[0]];
    r.fail(path, `expected a label usable as a CSV column name, got ${describeValue(label)}, which contains ${what}`);
  }
  if (label !== label.trim()) r.fail(path, `expected a label without leading or trailing spaces, got ${describeValue(label)}`);
  if (label === 't_ms') r.fail(path, '"t_ms" is the time column; choose another label');
}

function checkUniqueLabels(r: FieldReader, records: RecordSpec[]): void {
  const seen = new Map<string, number>();
  records.forEach((rec, i) => {
    const first = seen.get(rec.label);
    if (first !== undefined) r.fail(`record[${i}].label`, `duplicate label "${rec.label}" (also record[${first}]); labels name CSV columns and must be unique`);
    seen.set(rec.label, i);
  });
}
