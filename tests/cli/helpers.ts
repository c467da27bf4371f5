/** Running the built `cablesim` command in tests. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin/cablesim.js');

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run `node bin/cablesim.js ...args` in `cwd` (default: the repository root). */
export function cablesim(args: string[], opts: { cwd?: string; env?: Record<string, string>; bin?: string } = {}): Result {
  const r = spawnSync(process.execPath, [opts.bin ?? BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, CABLESIM_DEBUG: '', ...opts.env },
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary folder. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cablesim-cli-'));
}

/** Newest modification time [ms] of the files under `dir` ending in `ext`. */
function newest(dir: string, ext: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, ext));
    else if (e.name.endsWith(ext)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** Wait `ms` milliseconds, blocking. */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Build dist/ when it is missing or older than any source file (`npm test` builds first, so
 * this is for running these tests alone). A lock folder keeps the test files that run in
 * parallel from building over each other.
 */
export function ensureBuilt(): void {
  const main = join(ROOT, 'dist/cli-bundle/main.js');
  const fresh = (): boolean => {
    try {
      return statSync(main).mtimeMs >= newest(join(ROOT, 'src'), '.ts');
    } catch {
      return false;
    }
  };
  const lock = join(ROOT, 'tests/.tmp/cli-build.lock');
  mkdirSync(join(ROOT, 'tests/.tmp'), { recursive: true });
  for (;;) {
    if (fresh()) return;
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a lock older than 5 minutes is left from a killed run.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* gone already */
      }
      sleep(200);
    }
  }
  try {
    if (fresh()) return;
    const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}${r.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
