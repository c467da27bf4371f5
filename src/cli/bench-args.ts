/** The command lines of `cablesim bench` and `cablesim info`, parsed into plain requests. */
import { UsageError, words } from './options.js';

export type BenchBackend = 'cpu' | 'webgpu' | 'auto' | 'all';
export const BENCH_BACKENDS: readonly BenchBackend[] = ['all', 'cpu', 'webgpu', 'auto'];

export interface BenchRequest {
  command: 'bench';
  /** `--help` after `bench`. */
  help: boolean;
  suite: 'quick' | 'full';
  backend: BenchBackend;
  /** Write the JSON report here. */
  json: string | undefined;
  /** At most this many measured runs per workload and backend. */
  repeats: number;
  /** Stop repeating once the runs took this long [s]. */
  budget_s: number;
  /** Cap each workload's steps (smoke tests); null: as defined. */
  maxSteps: number | null;
  /** NEURON beside: on when installed (`auto`), or not (`off`). */
  neuron: 'auto' | 'off';
  /** Only these workload ids (of the suite). */
  only: string[] | null;
  /** Print the compact Markdown table after the table. */
  markdown: boolean;
}

export const BENCH_USAGE = `usage: cablesim bench [--suite quick|full] [--backend all|cpu|webgpu|auto] [--json FILE]
                     [--repeats N] [--budget S] [--no-neuron] [--only ID,...] [--markdown]
       cablesim info

bench runs the benchmark suite (benchmarks/suite/, cablesim-bench/1) and prints a table:
per workload and backend the median wall time of a run, its spread, compartment-steps per
second, simulated seconds per wall-clock second, the GPU time of the step kernel (where the
adapter has timestamp-query) and the ratio to NEURON run on the same model file.

  --suite S      quick (default; under a minute) or full (the whole sweeps; many minutes)
  --backend B    all (default: cpu and webgpu), cpu, webgpu, or auto (what \`run\` would pick)
  --json FILE    also write the whole result (machine, adapter, every run) as JSON
  --repeats N    at most N measured runs per workload and backend, after a warm-up (default 5)
  --budget S     stop repeating once the runs took S seconds together (default 10; at least 1 run)
  --no-neuron    leave NEURON out (default: run it too when /usr/bin/python3 has neuron)
  --only IDS     only these workloads of the suite (comma-separated ids)
  --max-steps N  cap every workload at N steps (smoke tests; the JSON says so)
  --markdown     also print the compact Markdown table (for an issue)

info prints the WebGPU adapter cablesim would use (vendor, architecture, device, limits), or
why there is none.`;

function positiveInt(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number ≥ 1, got "${v}"`);
  return n;
}

/** Parse the arguments after `bench`. @throws UsageError */
export function parseBenchArgs(argv: readonly string[]): BenchRequest {
  const req: BenchRequest = {
    command: 'bench',
    help: false,
    suite: 'quick',
    backend: 'all',
    json: undefined,
    repeats: 5,
    budget_s: 10,
    maxSteps: null,
    neuron: 'auto',
    only: null,
    markdown: false,
  };
  for (const { arg, flag, value } of words(argv, false)) {
    if (flag === '-h' || flag === '--help') req.help = true;
    else if (flag === '--suite') {
      const v = value();
      if (v !== 'quick' && v !== 'full') throw new UsageError(`--suite must be quick or full, got "${v}"`);
      req.suite = v;
    } else if (flag === '--backend' || flag === '-b') {
      const v = value();
      if (!(BENCH_BACKENDS as readonly string[]).includes(v)) throw new UsageError(`--backend must be one of ${BENCH_BACKENDS.join(', ')}, got "${v}"`);
      req.backend = v as BenchBackend;
    } else if (flag === '--json') {
      req.json = value();
      if (req.json === '') throw new UsageError('--json needs a file name');
    } else if (flag === '--repeats') req.repeats = positiveInt(flag, value());
    else if (flag === '--max-steps') req.maxSteps = positiveInt(flag, value());
    else if (flag === '--budget') {
      const v = value();
      const s = Number(v);
      if (!(s >= 0) || !Number.isFinite(s)) throw new UsageError(`--budget must be a number of seconds ≥ 0, got "${v}"`);
      req.budget_s = s;
    } else if (flag === '--no-neuron') req.neuron = 'off';
    else if (flag === '--neuron') req.neuron = 'auto';
    else if (flag === '--markdown') req.markdown = true;
    else if (flag === '--only') req.only = value().split(',').map((s) => s.trim()).filter((s) => s);
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${flag} for bench`);
    else throw new UsageError(`bench takes no file or other argument, got "${arg}"`);
  }
  return req;
}
