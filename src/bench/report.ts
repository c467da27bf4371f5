/**
 * What a benchmark run produces: one JSON document, `cablesim-bench-result/1`, the same from
 * the command line (`cablesim bench --json`) and from the /bench/ page. Its shape is checked
 * by `REPORT_SCHEMA` (src/bench/schema.ts). Browser-safe.
 */
import type { WorkloadGroup, WorkloadSize } from './suite.js';

export const REPORT_FORMAT = 'cablesim-bench-result/1';

/** What measured a result: one of cablesim's engines, or NEURON. */
export type Measured = 'cpu' | 'webgpu' | 'neuron';

/** GPU time of one kernel (compute pipeline), from timestamp queries. */
export interface KernelTime {
  /** The kernel's entry point, e.g. `step_cells`. */
  kernel: string;
  /** Dispatches timed. */
  dispatches: number;
  /** Time steps each dispatch takes (0 for a kernel that takes none: `init_cells` in results made before it was removed). */
  steps_per_dispatch: number;
  /** Median GPU time of one dispatch [ms]. */
  ms_per_dispatch: number;
  /** GPU time per time step [µs]; null for a kernel that takes no steps. */
  us_per_step: number | null;
}

/** One backend (or NEURON) on one workload. */
export interface BackendResult {
  backend: Measured;
  /** `ok`; `unavailable` (no adapter, no NEURON, too large for the GPU); `failed` (an error). */
  status: 'ok' | 'unavailable' | 'failed';
  /** Why, when not `ok`; '' when ok. */
  note: string;
  /** The engine's own description (adapter and strategy), or NEURON's version. */
  description: string;
  /** Building the engine (for WebGPU: buffers and pipelines) [s]; NEURON: building the cells. */
  setup_s: number | null;
  /** Wall time of each measured run, from t = 0 to tstop, recorded traces read back [s]. */
  runs_s: number[];
  /** Median, fastest and slowest run [s]. */
  median_s: number | null;
  min_s: number | null;
  max_s: number | null;
  /** (slowest − fastest) / median [%]. */
  spread_pct: number | null;
  /** Compartments × copies × steps per second of wall time, at the median. */
  compartment_steps_per_s: number | null;
  /** Simulated seconds per wall-clock second, at the median (> 1: faster than real time). */
  realtime_factor: number | null;
  /** Wall time per step, at the median [µs]. */
  us_per_step: number | null;
  /** GPU time per kernel (WebGPU with the `timestamp-query` feature); null otherwise. */
  kernels: KernelTime[] | null;
  /** Why `kernels` is null ("n/a: …"), or how they were measured. */
  kernels_note: string;
  /** NEURON's median / this median: > 1 means faster than NEURON; null without NEURON. */
  vs_neuron: number | null;
}

/** One workload, its size as run, and every backend's result on it. */
export interface WorkloadResult extends WorkloadSize {
  id: string;
  group: WorkloadGroup;
  description: string;
  results: BackendResult[];
}

/** The WebGPU adapter (as `cablesim info` shows it). */
export interface AdapterReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  software: boolean;
  /** Whether it offers `timestamp-query` (GPU time per kernel). */
  timestamp_query: boolean;
  limits: Record<string, number>;
}

export interface MachineReport {
  /** CPU model (in a browser: what the page can know, usually "unknown"). */
  cpu: string;
  /** Logical cores. */
  cores: number;
  /** Memory [GiB]; in a browser the coarse `navigator.deviceMemory`, or 0 when unknown. */
  memory_GiB: number;
  os: string;
  /** `node v20.…`, or the browser's user agent. */
  runtime: string;
  /** Load average over 1, 5 and 15 minutes at the start; null where unknown (browsers). */
  load_avg: number[] | null;
}

export interface BenchReport {
  format: typeof REPORT_FORMAT;
  /** The suite's version (`cablesim-bench/1`) and which selection ran. */
  suite: string;
  suite_name: string;
  /** ISO 8601, when the run started. */
  date: string;
  /** Wall time of the whole benchmark [s]. */
  elapsed_s: number;
  cablesim: {
    version: string;
    /** Git commit (short) of the checkout, null outside one. */
    commit: string | null;
    /** Uncommitted changes in the checkout; null outside one. */
    dirty: boolean | null;
  };
  machine: MachineReport;
  adapter: AdapterReport | null;
  /** Why there is no adapter, or '' when there is one. */
  adapter_note: string;
  neuron: { available: boolean; version: string | null; note: string };
  options: {
    /** What was asked for: cpu, webgpu, auto, neuron. */
    backends: string[];
    /** At most this many measured runs per workload and backend. */
    repeats: number;
    /** Measured runs stop once they have taken this long (at least one run) [s]. */
    budget_s: number;
    /** Steps capped at this (smoke tests), or null: every workload as defined. */
    max_steps: number | null;
    /** Steps of the warm-up before the measured runs. */
    warmup_steps: number;
  };
  workloads: WorkloadResult[];
}
