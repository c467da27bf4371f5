/**
 * The one error type for bad input. Its message is a single line that names the file, the
 * field or line, and what was expected; the CLI prints it as it is, with no stack trace.
 */
export class CablesimError extends Error {
  /** File the problem is in, when there is one. */
  readonly file: string | undefined;
  /** JSON path (`stimuli[0].dur_ms`) or `line 12` naming where in the file. */
  readonly where: string | undefined;

  constructor(what: string, opts: { file?: string; where?: string } = {}) {
    const prefix = [opts.file, opts.where].filter((s) => s !== undefined && s !== '').join(': ');
    super(prefix ? `${prefix}: ${what}` : what);
    this.name = 'CablesimError';
    this.file = opts.file;
    this.where = opts.where;
  }
}

/** Describe a JSON value briefly for error messages: `"abc"`, `-3`, `an object`, `null`. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v.length > 40 ? v.slice(0, 37) + '...' : v);
    case 'number':
    case 'boolean':
      return String(v);
    case 'undefined':
      return 'nothing';
    default:
      return 'an object';
  }
}
