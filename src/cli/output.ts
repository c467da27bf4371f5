/**
 * The `--out` file: checked before a run (so a long run does not end in "cannot write"), and
 * written atomically after it, creating missing parent folders only then.
 */
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { writeFileAtomic } from '../io/write-file.js';
import { CablesimError } from '../model/errors.js';

function why(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EISDIR') return 'is a folder';
  if (code === 'ENOTDIR') return 'a part of the path is a file, not a folder';
  if (code === 'ENOENT') return `cannot create the folder ${(e as NodeJS.ErrnoException).path ?? ''}`.trim();
  return (e as Error).message;
}

/** Throw a `CablesimError` if `path` could not be written: it is a folder, or its nearest existing folder is not writable. */
export async function checkOutputPath(path: string): Promise<void> {
  const st = await stat(path).catch(() => undefined);
  if (st?.isDirectory()) throw new CablesimError(`cannot write --out ${path}: it is a folder; give a file name`);
  let dir = dirname(resolve(path));
  for (;;) {
    const d = await stat(dir).catch(() => undefined);
    if (d) {
      if (!d.isDirectory()) throw new CablesimError(`cannot write --out ${path}: ${dir} is a file, not a folder`);
      break;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  try {
    await access(dir, constants.W_OK);
    if (st) await access(path, constants.W_OK);
  } catch (e) {
    throw new CablesimError(`cannot write --out ${path}: ${why(e)}`);
  }
}

/**
 * `mkdir -p`, one level at a time: Node's own `{ recursive: true }` can spin forever on some
 * unwritable trees (e.g. under /proc).
 */
async function makeFolders(dir: string): Promise<void> {
  const missing: string[] = [];
  let d = dir;
  while (!(await stat(d).catch(() => undefined))) {
    missing.unshift(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const m of missing) await mkdir(m).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
}

/** Write `data` to `path` atomically, creating its folder if needed; errors as `CablesimError`. */
export async function writeOutput(path: string, data: Iterable<string>): Promise<void> {
  try {
    await makeFolders(dirname(resolve(path)));
    await writeFileAtomic(path, data);
  } catch (e) {
    throw new CablesimError(`cannot write --out ${path}: ${why(e)}`);
  }
}
