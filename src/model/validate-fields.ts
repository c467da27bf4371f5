/**
 * Small typed readers for validating parsed JSON, each naming the JSON path of the field it
 * reads (`stimuli[0].dur_ms`) and what it expected against what it found, in a
 * `CablesimError` whose message is one line.
 */
import { CablesimError, describeValue } from './errors.js';

/** A plain JSON object as `parseJsonStrict` returns it. */
export type JsonObject = Record<string, unknown>;

/** A rule for a number: bounds (inclusive `min`/`max`, exclusive `gt`), integer or not. */
export interface NumberRule {
  gt?: number;
  min?: number;
  max?: number;
  integer?: boolean;
  /** Extra words after the rule, e.g. a unit: `(S/cm2)`. */
  note?: string;
}

/** `a.b` or `a[3]` path joining; keys that are not plain words are quoted. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const k = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
  if (path === '') return k;
  return /^[A-Za-z_]/.test(k) ? `${path}.${k}` : `${path}[${k}]`;
}

/** Words for a number rule: `a number > 0`, `an integer >= 1`, `a number from 0 to 1`. */
export function describeRule(r: NumberRule): string {
  const kind = r.integer ? 'an integer' : 'a number';
  let s: string;
  if (r.integer && r.min === 1 && r.max === undefined && r.gt === undefined) s = 'a positive integer';
  else if (r.min !== undefined && r.max !== undefined) s = `${kind} from ${r.min} to ${r.max}`;
  else if (r.gt !== undefined) s = `${kind} > ${r.gt}${r.max !== undefined ? ` and <= ${r.max}` : ''}`;
  else if (r.min !== undefined) s = `${kind} >= ${r.min}`;
  else if (r.max !== undefined) s = `${kind} <= ${r.max}`;
  else s = r.integer ? 'an integer' : 'a number';
  return r.note ? `${s} ${r.note}` : s;
}

/** Edit distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length];
}

/**
 * ` (did you mean x?)` when `name` is the start of exactly one of `known`, or one of them is a
 * small edit away from it; else an empty string.
 */
export function didYouMean(name: string, known: readonly string[]): string {
  const lower = name.toLowerCase();
  if (lower.length === 0) return '';
  const prefixed = known.filter((k) => k.toLowerCase().startsWith(lower));
  if (prefixed.length === 1 && lower.length >= 2) return ` (did you mean ${prefixed[0]}?)`;
  // The same words without the unit or underscores: `t_stop` for `tstop_ms`, `Cm` for `cm_uF_per_cm2`.
  const bare = (s: string): string => s.toLowerCase().replace(/_(ms|um|mv|na|hz|uf_per_cm2|ohm_cm)$/, '').replace(/_/g, '');
  const same = known.filter((k) => bare(k) === bare(name));
  if (same.length === 1) return ` (did you mean ${same[0]}?)`;
  let best = '';
  let bestD = Infinity;
  for (const k of known) {
    const dd = distance(name, k);
    if (dd < bestD) {
      bestD = dd;
      best = k;
    }
  }
  const close = bestD <= Math.max(1, Math.floor(Math.min(name.length, best.length) / 3));
  return best !== '' && close ? ` (did you mean ${best}?)` : '';
}

/** Reads fields of parsed JSON for one file; every failure throws a one-line `CablesimError`. */
export class FieldReader {
  constructor(readonly file: string | undefined) {}

  /** Throw `file: path: what`. */
  fail(path: string, what: string): never {
    throw new CablesimError(what, { file: this.file, where: path });
  }

  /** `v` as an object, or fail. */
  object(v: unknown, path: string, what = 'an object'): JsonObject {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(path, `expected ${what}, got ${describeValue(v)}`);
    return v as JsonObject;
  }

  /** `v` as an array, or fail; `nonEmpty` refuses `[]`. */
  array(v: unknown, path: string, what: string, nonEmpty = false): unknown[] {
    if (!Array.isArray(v)) this.fail(path, `expected ${what}, got ${describeValue(v)}`);
    if (nonEmpty && v.length === 0) this.fail(path, `expected ${what}, got an empty list`);
    return v;
  }

  /**
   * Refuse fields of `obj` not in `allowed` (naming the allowed ones) and missing `required`
   * fields (naming what each should hold, from `expect`).
   */
  keys(obj: JsonObject, path: string, allowed: readonly string[], required: readonly string[] = [], expect: Record<string, string> = {}): void {
    for (const k of Object.keys(obj)) {
      if (!allowed.includes(k)) {
        this.fail(joinPath(path, k), `unknown field${didYouMean(k, allowed)}; allowed here: ${allowed.join(', ')}`);
      }
    }
    for (const k of required) {
      if (!(k in obj) || obj[k] === undefined) {
        const e = expect[k];
        this.fail(joinPath(path, k), `missing required field${e ? `; expected ${e}` : ''}`);
      }
    }
  }

  /** The number at `obj[key]` checked against `rule`; `dflt` when absent (fail when no default). */
  number(obj: JsonObject, key: string, path: string, rule: NumberRule, dflt?: number): number {
    const p = joinPath(path, key);
    const v = obj[key];
    if (v === undefined) {
      if (dflt !== undefined) return dflt;
      this.fail(p, `missing required field; expected ${describeRule(rule)}`);
    }
    return this.checkNumber(v, p, rule);
  }

  /** `v` as a number obeying `rule`, or fail naming `path`. */
  checkNumber(v: unknown, path: string, rule: NumberRule): number {
    const bad = (): never => this.fail(path, `expected ${describeRule(rule)}, got ${describeValue(v)}`);
    if (typeof v !== 'number') return bad();
    if (!Number.isFinite(v)) this.fail(path, `expected a finite number, got ${v}`);
    if (rule.integer && !Number.isInteger(v)) bad();
    if (rule.gt !== undefined && !(v > rule.gt)) bad();
    if (rule.min !== undefined && v < rule.min) bad();
    if (rule.max !== undefined && v > rule.max) bad();
    return v;
  }

  /** The string at `obj[key]`: required and non-empty unless `dflt` is given. */
  string(obj: JsonObject, key: string, path: string, dflt?: string): string {
    const p = joinPath(path, key);
    const v = obj[key];
    if (v === undefined) {
      if (dflt !== undefined) return dflt;
      this.fail(p, 'missing required field; expected a string');
    }
    if (typeof v !== 'string') this.fail(p, `expected a string, got ${describeValue(v)}`);
    if (v.trim() === '') this.fail(p, `expected a non-empty string, got ${describeValue(v)}`);
    return v;
  }
}
