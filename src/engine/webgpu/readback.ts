/**
 * A small pool of staging buffers for reading the record buffer back in large chunks: chunk
 * j is copied into buffer j mod size and mapped; the pool hands a buffer out again only once
 * its previous chunk has been consumed, so mapAsync never stalls the next chunk's dispatches.
 *
 * While a mapAsync is pending, Dawn in Node polls the device from the event loop without
 * pause, a whole core (measured: on a 2-core machine with SwiftShader, which runs the
 * kernels on the same cores, that halves the simulation's speed). So `read` first awaits the
 * caller's `before` (the previous chunk's mapping, then the caller's estimate of when this
 * chunk's work is done), and only then asks for the mapping.
 */
export class StagingPool {
  private readonly buffers: GPUBuffer[];
  private readonly pending: Array<Promise<void> | undefined>;
  private next = 0;

  constructor(device: GPUDevice, bytes: number, size = 2, label = 'cablesim') {
    this.buffers = Array.from({ length: size }, (_, i) =>
      device.createBuffer({ label: `${label}: staging ${i}`, size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
    );
    this.pending = this.buffers.map(() => undefined);
  }

  /** The next buffer, after its previous contents were consumed (awaits that). */
  async acquire(): Promise<{ buffer: GPUBuffer; index: number }> {
    const index = this.next;
    this.next = (this.next + 1) % this.buffers.length;
    await this.pending[index];
    this.pending[index] = undefined;
    return { buffer: this.buffers[index], index };
  }

  /**
   * After the copy into buffer `index` is submitted: map it (once `before` resolves) and give
   * its data to `consume`; `done` is told when the mapping arrived [ms, performance.now()].
   * Returns the promise of it all (also what `acquire` awaits).
   */
  read(index: number, bytes: number, consume: (data: Float32Array) => void, before?: () => Promise<void>, done?: (t_ms: number) => void): Promise<void> {
    const b = this.buffers[index];
    const wait = before ? before() : Promise.resolve();
    return (this.pending[index] = wait
      .then(() => b.mapAsync(GPUMapMode.READ, 0, bytes))
      .then(() => {
        done?.(performance.now());
        try {
          consume(new Float32Array(b.getMappedRange(0, bytes)));
        } finally {
          b.unmap();
        }
      }));
  }

  /** Wait for every chunk in flight. */
  async drain(): Promise<void> {
    for (let i = 0; i < this.pending.length; i++) {
      await this.pending[i];
      this.pending[i] = undefined;
    }
  }

  dispose(): void {
    for (const b of this.buffers) b.destroy();
  }
}
