/**
 * `cablesim`: the command line over the library. `main` returns the exit status; it never
 * throws and never prints a stack trace unless CABLESIM_DEBUG=1 asks for one:
 *   0 done; 1 a bad model, a failed run or an internal error; 2 a bad command line.
 * Errors are one line on stderr, `cablesim: <message>`; a failed run creates or touches no
 * output file.
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebGpuEngine, createEngine } from '../engine/index.js';
import type { PreparedWebGpu } from '../engine/webgpu/engine.js';
import type { Traces } from '../engine/types.js';
import { tracesCsvChunks } from '../io/csv.js';
import { CablesimError } from '../model/errors.js';
import { loadSimulation } from '../model/load.js';
import { parseArgs, USAGE, UsageError, type Request } from './args.js';
import { BENCH_USAGE } from './bench-args.js';
import { checkOutputPath, writeOutput } from './output.js';
import { progressBar } from './progress.js';
import { summaryLines } from './summary.js';

type RunRequest = Extract<Request, { command: 'run' }>;

/** Print one line to stderr. */
function err(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Keep a message to one line. */
function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** The package's version, from its package.json. */
async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

/**
 * Run the command line `argv` (without `node` and the script name).
 * @returns the exit status: 0, 1 (bad model, failed run, internal error) or 2 (bad usage)
 */
export async function main(argv: readonly string[]): Promise<number> {
  let req: Request;
  try {
    req = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) return internalError(e);
    err(`cablesim: ${oneLine(e.message)} (see: cablesim --help)`);
    return 2;
  }
  try {
    if (req.command === 'help') process.stdout.write(`${USAGE}\n`);
    else if (req.command === 'version') process.stdout.write(`cablesim ${await packageVersion()}\n`);
    else if (req.command === 'bench' && req.help) process.stdout.write(`${BENCH_USAGE}\n`);
    // the benchmark and `info` load on demand: `run` starts sooner without them
    else if (req.command === 'bench') return await (await import('./bench.js')).benchCommand(req);
    else if (req.command === 'info') return await (await import('./bench-info.js')).infoCommand();
    else await run(req);
    return 0;
  } catch (e) {
    if (e instanceof CablesimError || (e instanceof Error && e.name === 'CablesimError')) {
      err(`cablesim: ${oneLine(e.message)}`);
      return 1;
    }
    return internalError(e);
  }
}

function internalError(e: unknown): number {
  const msg = e instanceof Error ? e.message : String(e);
  err(`cablesim: internal error: ${oneLine(msg) || String(e)}`);
  if (process.env.CABLESIM_DEBUG === '1' && e instanceof Error && e.stack) err(e.stack);
  return 1;
}

async function run(req: RunRequest): Promise<void> {
  // Refuse an unwritable --out before spending time on the run.
  if (req.out !== undefined) {
    if (resolve(req.out) === resolve(req.model)) throw new CablesimError(`--out ${req.out} is the model file itself; give another file name`);
    await checkOutputPath(req.out);
  }
  // --backend webgpu: the device and the kernel start from the model file, and the kernel
  // compiles (on a CPU adapter, ~0.1 s) while the morphology loads
  let prepared: PreparedWebGpu | undefined;
  const sim = await loadSimulation(req.model, {
    beforeMorphology: async (model) => {
      if (req.backend !== 'webgpu') return;
      prepared = WebGpuEngine.prepare(model, { strategy: req.strategy });
      await prepared.kernel.catch(() => undefined);
    },
  });
  for (const w of sim.warnings) err(`cablesim: warning: ${oneLine(w)}`);
  const engine = await createEngine(sim, { backend: req.backend, strategy: req.strategy, prepared, onNotice: (line) => err(oneLine(line)) });
  const progress = progressBar(process.stderr);
  let traces: Traces;
  const t0 = performance.now();
  try {
    traces = await engine.run({ onProgress: (t, tstop) => progress.update(t, tstop) });
  } finally {
    progress.done();
    engine.dispose();
  }
  const wall_s = (performance.now() - t0) / 1000;
  if (req.out !== undefined) await writeOutput(req.out, tracesCsvChunks(traces));
  else await writeStdout(tracesCsvChunks(traces));
  const lines = summaryLines({
    modelPath: req.model,
    backend: engine.backend,
    description: engine.description,
    compartments: sim.compartments,
    copies: sim.copies,
    nsteps: sim.nsteps,
    dt_ms: sim.dt_ms,
    tstop_ms: sim.tstop_ms,
    wall_s,
    outPath: req.out,
    records: sim.records,
    traces,
  });
  (req.out !== undefined ? process.stdout : process.stderr).write(lines.map((l) => `${l}\n`).join(''));
}

/** Write the CSV to stdout with back-pressure; a closed pipe (`| head`) ends it quietly. */
async function writeStdout(chunks: Iterable<string>): Promise<void> {
  let failure: NodeJS.ErrnoException | undefined;
  const onError = (e: NodeJS.ErrnoException): void => {
    failure ??= e;
  };
  process.stdout.on('error', onError);
  try {
    for (const chunk of chunks) {
      if (failure) break;
      if (!process.stdout.write(chunk)) {
        // `once` rejects when 'error' comes first; `onError` has recorded it by then.
        await Promise.race([once(process.stdout, 'drain'), once(process.stdout, 'close')]).catch(() => undefined);
      }
    }
  } finally {
    // Stay subscribed after a failure, so a late second error is not thrown as uncaught.
    if (!failure) process.stdout.off('error', onError);
  }
  if (failure && failure.code !== 'EPIPE') throw new CablesimError(`cannot write to stdout: ${failure.message}`);
}
