/**
 * Trace CSV, as `cablesim run --out` writes it and NEURON's reference writer
 * (tools/neuron_run.py) does: a header `t_ms,<label>,…`, then one row per sample; times in ms
 * printed exactly (no `0.30000000000000004`), voltages in mV with 6 decimals. Pure string
 * work, usable in the browser; writing files is in `write-file.ts`.
 */
import { CablesimError } from '../model/errors.js';
import type { Traces } from '../engine/types.js';

/**
 * A time [ms] as the CSV writes it: rounded to 1e-9 ms, then its shortest decimal form without
 * an exponent (`0.3`, `12.025`, `0`).
 */
export function formatTime(t_ms: number): string {
  if (!Number.isFinite(t_ms)) return String(t_ms);
  let s = t_ms.toFixed(9);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

/** A value (voltage [mV] or state) as the CSV writes it: 6 decimals, like NEURON's writer. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const s = v.toFixed(6);
  return s === '-0.000000' ? '0.000000' : s;
}

/** The header line (without line break): `t_ms,<label>,…`. */
export function csvHeader(traces: Traces): string {
  return ['t_ms', ...traces.labels].join(',');
}

/**
 * The CSV text in pieces of about `rowsPerChunk` rows each (header first, every line ending in
 * `\n`), for writing long traces without building one huge string.
 */
export function* tracesCsvChunks(traces: Traces, rowsPerChunk = 4096): Generator<string> {
  checkShape(traces);
  const { t_ms, columns } = traces;
  const ncol = columns.length;
  const cells = new Array<string>(ncol + 1);
  let chunk = csvHeader(traces) + '\n';
  for (let i = 0; i < t_ms.length; i++) {
    cells[0] = formatTime(t_ms[i]);
    for (let c = 0; c < ncol; c++) cells[c + 1] = formatValue(columns[c][i]);
    chunk += cells.join(',') + '\n';
    if ((i + 1) % rowsPerChunk === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/** The whole CSV text of `traces`: header, then one row per sample, `\n` line ends. */
export function tracesToCsv(traces: Traces): string {
  let out = '';
  for (const chunk of tracesCsvChunks(traces)) out += chunk;
  return out;
}

function checkShape(traces: Traces): void {
  if (traces.labels.length !== traces.columns.length) {
    throw new Error(`traces have ${traces.labels.length} labels but ${traces.columns.length} columns`);
  }
  traces.columns.forEach((c, i) => {
    if (c.length !== traces.t_ms.length) {
      throw new Error(`trace column ${traces.labels[i]} has ${c.length} samples, the time axis ${traces.t_ms.length}`);
    }
  });
}

function parseCell(s: string, file: string | undefined, line: number, col: number): number {
  const x = s.trim();
  if (/^[+-]?nan$/i.test(x)) return NaN;
  if (/^[+-]?inf(inity)?$/i.test(x)) return x.startsWith('-') ? -Infinity : Infinity;
  const v = x === '' ? NaN : Number(x);
  if (Number.isNaN(v)) throw new CablesimError(`column ${col}: expected a number, got ${JSON.stringify(x)}`, { file, where: `line ${line}` });
  return v;
}

/**
 * Read a trace CSV (ours or NEURON's) back: the first column must be `t_ms`; blank lines and a
 * trailing line break are ignored; `\r\n` line ends are accepted.
 * @throws CablesimError naming the line of a malformed row
 */
export function readTracesCsv(text: string, file?: string): Traces {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  if (header[0] !== 't_ms') {
    throw new CablesimError(`expected a header starting with t_ms, got ${JSON.stringify(lines[0] ?? '')}`, { file, where: 'line 1' });
  }
  const rows: number[][] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split(',');
    if (cells.length !== header.length) {
      throw new CablesimError(`expected ${header.length} values, got ${cells.length}`, { file, where: `line ${i + 1}` });
    }
    rows.push(cells.map((c, j) => parseCell(c, file, i + 1, j + 1)));
  }
  const column = (j: number): Float64Array => Float64Array.from(rows, (r) => r[j]);
  return {
    t_ms: column(0),
    labels: header.slice(1),
    columns: header.slice(1).map((_, j) => column(j + 1)),
  };
}
