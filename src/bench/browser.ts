/**
 * The browser side of the benchmark (the /bench/ page): what a page can say about the machine
 * and the adapter, and the report it assembles. Nothing here imports Node modules.
 */
import { describeAdapter } from '../engine/webgpu/device.js';
import { hasTimestampQuery } from './kernel-times.js';
import { REPORT_FORMAT, type AdapterReport, type BenchReport, type MachineReport, type WorkloadResult } from './report.js';

interface NavigatorExtras {
  hardwareConcurrency?: number;
  /** Chromium only, coarse and capped (≤ 8) [GiB]. */
  deviceMemory?: number;
  userAgentData?: { platform?: string };
  platform?: string;
  userAgent?: string;
}

/** The machine as a page sees it: cores, coarse memory, platform, user agent; no CPU model. */
export function browserMachine(): MachineReport {
  const nav = (globalThis as { navigator?: NavigatorExtras }).navigator ?? {};
  return {
    cpu: 'unknown (a browser does not say)',
    cores: nav.hardwareConcurrency ?? 0,
    memory_GiB: nav.deviceMemory ?? 0,
    os: nav.userAgentData?.platform || nav.platform || 'unknown',
    runtime: nav.userAgent ?? 'unknown browser',
    load_avg: null,
  };
}

/** The browser's WebGPU adapter, or why there is none. */
export async function browserAdapter(): Promise<{ adapter: AdapterReport | null; note: string }> {
  if (!(globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu) return { adapter: null, note: 'this browser has no WebGPU (navigator.gpu is missing)' };
  try {
    const a = await describeAdapter();
    if (!a) return { adapter: null, note: 'this browser has WebGPU but offered no adapter (is hardware acceleration off?)' };
    return { adapter: { ...a, timestamp_query: await hasTimestampQuery(), limits: { ...a.limits } }, note: '' };
  } catch (e) {
    return { adapter: null, note: `no WebGPU: ${(e as Error).message}` };
  }
}

export interface PageRunFacts {
  suite: string;
  suite_name: string;
  date: string;
  elapsed_s: number;
  version: string;
  machine: MachineReport;
  adapter: { adapter: AdapterReport | null; note: string };
  engines: string[];
  repeats: number;
  budget_s: number;
  maxSteps: number | null;
  warmupSteps: number;
  workloads: WorkloadResult[];
}

/** A report of a run in a page (no git commit, no NEURON). */
export function browserReport(f: PageRunFacts): BenchReport {
  return {
    format: REPORT_FORMAT,
    suite: f.suite,
    suite_name: f.suite_name,
    date: f.date,
    elapsed_s: Number(f.elapsed_s.toFixed(3)),
    cablesim: { version: f.version, commit: null, dirty: null },
    machine: f.machine,
    adapter: f.adapter.adapter,
    adapter_note: f.adapter.note,
    neuron: { available: false, version: null, note: 'not in a browser (run `cablesim bench` beside NEURON for that)' },
    options: { backends: f.engines, repeats: f.repeats, budget_s: f.budget_s, max_steps: f.maxSteps, warmup_steps: f.warmupSteps },
    workloads: f.workloads,
  };
}
