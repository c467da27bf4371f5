/**
 * Writing output files safely (Node only): the text goes to a temporary file beside the
 * target, which is renamed over it only once it is complete, so a failed or interrupted run
 * never leaves an existing file half-written or replaced.
 */
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Write `data` (a string, or pieces of one) to `path` atomically: a temp file in the same
 * folder, flushed to disk, then renamed over `path`. On any error the temp file is removed and
 * `path` is left as it was.
 */
export async function writeFileAtomic(path: string, data: string | Iterable<string>): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx');
  let done = false;
  try {
    if (typeof data === 'string') await fh.writeFile(data, 'utf8');
    else for (const piece of data) await fh.write(piece, null, 'utf8');
    await fh.sync();
    await fh.close();
    await rename(tmp, path);
    done = true;
  } finally {
    if (!done) {
      await fh.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
    }
  }
}
