/**
 * Recording layout shared by the engines: which columns a simulation writes (copy 0 of each
 * record, or every copy as `label@i` when the record asks for `copies: "all"`), and the
 * time axis. One source of truth for the CSV header order.
 */
import type { RecordAt, Simulation } from '../model/simulation.js';
import type { Traces } from './types.js';

export interface RecordColumn<A extends Float64Array | Float32Array> {
  label: string;
  record: RecordAt;
  copy: number;
  values: A;
}

/** Column label of `record` for copy `copy`: the label for copy 0, `label@i` for copy i. */
export function columnLabel(record: RecordAt, copy: number): string {
  return copy === 0 ? record.label : `${record.label}@${copy}`;
}

/**
 * Empty columns of `rows` samples for every recorded column of `sim`; `traces(firstStep)` wraps
 * them with their time axis, sample r being at step firstStep + r.
 */
export function recordColumns<A extends Float64Array | Float32Array>(
  sim: Simulation,
  ArrayType: { new (n: number): A },
  rows: number,
): { columns: RecordColumn<A>[]; traces(firstStep: number): Traces } {
  const columns: RecordColumn<A>[] = [];
  for (const record of sim.records) {
    const copies = record.allCopies ? sim.copies : 1;
    for (let copy = 0; copy < copies; copy++) {
      columns.push({ label: columnLabel(record, copy), record, copy, values: new ArrayType(rows) });
    }
  }
  return {
    columns,
    traces(firstStep: number): Traces {
      const t_ms = new Float64Array(rows);
      for (let r = 0; r < rows; r++) t_ms[r] = (firstStep + r) * sim.dt_ms;
      return { t_ms, labels: columns.map((c) => c.label), columns: columns.map((c) => c.values) };
    },
  };
}
