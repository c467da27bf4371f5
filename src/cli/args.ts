/**
 * The command line of `cablesim`: parsed into a plain request, or a `UsageError` (exit code 2)
 * with a one-line message.
 */

import type { StrategyChoice } from '../engine/webgpu/engine.js';
import { SOLVE_STRATEGIES } from '../engine/webgpu/kernels.js';
import { parseBenchArgs, type BenchRequest } from './bench-args.js';
import { UsageError, words } from './options.js';

export type Backend = 'cpu' | 'webgpu' | 'auto';
export const BACKEND_CHOICES: readonly Backend[] = ['cpu', 'webgpu', 'auto'];
export const STRATEGY_CHOICES: readonly StrategyChoice[] = ['auto', ...SOLVE_STRATEGIES];

export type Request =
  | { command: 'help' }
  | { command: 'version' }
  | { command: 'run'; model: string; backend: Backend; strategy: StrategyChoice; out: string | undefined }
  | BenchRequest
  | { command: 'info' };

export { UsageError };

export const USAGE = `usage: cablesim run MODEL.json [--backend cpu|webgpu|auto] [--strategy S] [--out FILE]
       cablesim bench [--suite quick|full] [--backend all|cpu|webgpu|auto] [--json FILE] [--repeats N]
       cablesim info
       cablesim --help | --version | bench --help

Runs a cablesim-model/1 file and writes the recorded traces as CSV (t_ms,<label>,...).

  --backend B   cpu (the f64 reference engine), webgpu, or auto (default: WebGPU when
                available, else the CPU)
  --strategy S  how the WebGPU engine solves the tree: population (one thread per cell),
                workgroup (a workgroup per cell, state in storage buffers), shared (a
                workgroup per cell, state in workgroup memory: cells that fit), or auto
                (default: from the model's shape); the CPU engine ignores it
  --out FILE    write the CSV to FILE (atomically: an existing FILE is replaced only by a
                complete new one) and the summary to stdout; without --out the CSV goes to
                stdout and the summary to stderr
  -h, --help    this text
  --version     the version

bench runs the benchmark suite (see: cablesim bench --help); info describes the WebGPU adapter.

Exit status: 0 done, 1 bad model or failed run, 2 bad command line.
Set CABLESIM_DEBUG=1 to see stack traces of internal errors.`;

/** Parse `argv` (without `node` and the script). @throws UsageError */
export function parseArgs(argv: readonly string[]): Request {
  if (argv[0] === 'bench') return parseBenchArgs(argv.slice(1));
  if (argv[0] === 'info') {
    if (argv.length > 1) throw new UsageError(`info takes no arguments, got ${argv.slice(1).join(' ')}`);
    return { command: 'info' };
  }
  const positional: string[] = [];
  let backend: Backend | undefined;
  let strategy: StrategyChoice | undefined;
  let out: string | undefined;
  let help = false;
  let version = false;
  for (const { arg, flag, value, rest } of words(argv, true)) {
    if (arg === '--') positional.push(...rest());
    else if (flag === '-h' || flag === '--help') help = true;
    else if (flag === '--version' || flag === '-V') version = true;
    else if (flag === '--backend' || flag === '-b') {
      const v = value();
      if (!(BACKEND_CHOICES as readonly string[]).includes(v)) {
        throw new UsageError(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, got "${v}"`);
      }
      backend = v as Backend;
    } else if (flag === '--strategy') {
      const v = value();
      if (!(STRATEGY_CHOICES as readonly string[]).includes(v)) {
        throw new UsageError(`--strategy must be one of ${STRATEGY_CHOICES.join(', ')}, got "${v}"`);
      }
      strategy = v as StrategyChoice;
    } else if (flag === '--out' || flag === '-o') {
      out = value();
      if (out === '') throw new UsageError('--out needs a file name');
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${flag}`);
    else positional.push(arg);
  }
  if (help) return { command: 'help' };
  if (version) return { command: 'version' };
  const [command, ...rest] = positional;
  if (command === undefined) throw new UsageError('missing command (run, bench or info)');
  if (command === 'help') return { command: 'help' };
  if (command === 'bench' || command === 'info') throw new UsageError(`put ${command} first: cablesim ${command} [options]`);
  if (command !== 'run') throw new UsageError(`unknown command "${command}" (the commands are: run, bench, info)`);
  if (rest.length === 0) throw new UsageError('missing the model file: cablesim run MODEL.json');
  if (rest.length > 1) throw new UsageError(`one model file at a time, got ${rest.length}: ${rest.join(' ')}`);
  return { command: 'run', model: rest[0], backend: backend ?? 'auto', strategy: strategy ?? 'auto', out };
}
