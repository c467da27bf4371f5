/**
 * A strict JSON reader for model files. `JSON.parse` in Node 20 reports a syntax error without
 * its place and silently keeps the last of two equal keys; this one names the line and column
 * of the first problem and refuses a key given twice (a repeated field is almost always a
 * mistake that would otherwise be ignored). It accepts exactly RFC 8259 JSON; values are the
 * same ones `JSON.parse` would produce.
 */
import { CablesimError } from './errors.js';

/** Parse `text` as JSON; throws `CablesimError` naming `file`, line and column on bad input. */
export function parseJsonStrict(text: string, file?: string): unknown {
  const r = new JsonReader(text, file);
  // A UTF-8 byte order mark is allowed at the very start, as editors sometimes write one.
  if (text.charCodeAt(0) === 0xfeff) r.pos = 1;
  r.skipSpace();
  if (r.pos >= text.length) throw new CablesimError('invalid JSON: the file is empty; expected a JSON object', { file });
  const value = r.value('');
  r.skipSpace();
  if (r.pos < text.length) r.fail(`expected the end of the file after the JSON value, got ${r.peekDesc()}`);
  return value;
}

const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class JsonReader {
  pos = 0;
  constructor(
    private readonly text: string,
    private readonly file: string | undefined,
  ) {}

  /** Throw a syntax error at the present position (or at `at`). */
  fail(what: string, at = this.pos): never {
    let line = 1;
    let col = 1;
    for (let i = 0; i < at && i < this.text.length; i++) {
      if (this.text.charCodeAt(i) === 10) {
        line++;
        col = 1;
      } else col++;
    }
    throw new CablesimError(`invalid JSON: ${what}`, { file: this.file, where: `line ${line} column ${col}` });
  }

  /** The next character, described for an error message. */
  peekDesc(): string {
    if (this.pos >= this.text.length) return 'the end of the file';
    const c = this.text[this.pos];
    if (c === '\n') return 'a line break';
    return `'${c}'`;
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else if (c === 47 && (t[this.pos + 1] === '/' || t[this.pos + 1] === '*')) {
        this.fail('comments are not allowed in JSON');
      } else break;
    }
  }

  value(path: string): unknown {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '{') return this.object(path);
    if (c === '[') return this.array(path);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    if (c === "'") this.fail("strings need double quotes (\"), not single quotes (')");
    if (c === '}' || c === ']') this.fail(`expected a value, got '${c}' (a trailing comma?)`);
    return this.fail(`expected a value, got ${this.peekDesc()}`);
  }

  object(path: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++; // {
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') {
        if (this.text[this.pos] === '}') this.fail("expected a field name, got '}' (a trailing comma?)");
        this.fail(`expected a field name in double quotes, got ${this.peekDesc()}`);
      }
      const keyAt = this.pos;
      const key = this.string();
      const keyPath = path === '' ? key : `${path}.${key}`;
      if (Object.prototype.hasOwnProperty.call(out, key)) {
        this.fail(`field ${keyPath} is given twice`, keyAt);
      }
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail(`expected ':' after field name "${key}", got ${this.peekDesc()}`);
      this.pos++;
      const v = this.value(keyPath);
      // Define rather than assign, so a key like "__proto__" stays an ordinary field.
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return out;
      }
      this.fail(`expected ',' or '}' after the value of "${key}", got ${this.peekDesc()}`);
    }
  }

  array(path: string): unknown[] {
    const out: unknown[] = [];
    this.pos++; // [
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(`${path}[${out.length}]`));
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        return out;
      }
      this.fail(`expected ',' or ']' in a list, got ${this.peekDesc()}`);
    }
  }

  string(): string {
    const t = this.text;
    const start = this.pos;
    this.pos++; // opening quote
    let out = '';
    let runStart = this.pos;
    for (;;) {
      if (this.pos >= t.length) this.fail('a string is not closed (missing ")', start);
      const c = t.charCodeAt(this.pos);
      if (c === 34) {
        out += t.slice(runStart, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail('a line break or control character inside a string (missing " ?)');
      if (c === 92) {
        out += t.slice(runStart, this.pos);
        const e = t[this.pos + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          this.pos += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(parseInt(t.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
        } else {
          this.fail(`invalid escape '\\${e ?? ''}' in a string`);
        }
        runStart = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  number(): number {
    NUMBER_RE.lastIndex = this.pos;
    const m = NUMBER_RE.exec(this.text);
    if (!m) this.fail(`invalid number starting with ${this.peekDesc()}`);
    const after = this.text[this.pos + m[0].length];
    if (after !== undefined && /[0-9A-Za-z.+\-]/.test(after)) {
      this.fail(`invalid number "${this.text.slice(this.pos, this.pos + m[0].length + 1)}..."`);
    }
    this.pos += m[0].length;
    return Number(m[0]);
  }
}
