/** The progress bar: drawn only on a terminal, only after its delay, and erased at the end. */
import { describe, expect, it } from 'vitest';
import { progressBar } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let out = '';
  const stream = { isTTY, write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => out };
}

describe('progressBar', () => {
  it('draws on a terminal after the delay and erases itself', () => {
    const f = fakeStream(true);
    const p = progressBar(f.stream, 0, 10);
    p.update(25, 50);
    expect(f.text()).toMatch(/^\r\[#####\.\.\.\.\.\]  50%  25\.0 \/ 50 ms/);
    p.done();
    expect(f.text().endsWith('\r\x1b[K')).toBe(true);
  });

  it('stays silent when not a terminal, or before the delay', () => {
    const pipe = fakeStream(false);
    const p = progressBar(pipe.stream, 0);
    p.update(25, 50);
    p.done();
    expect(pipe.text()).toBe('');
    const tty = fakeStream(true);
    const q = progressBar(tty.stream, 60_000);
    q.update(25, 50);
    q.done();
    expect(tty.text()).toBe('');
  });
});
