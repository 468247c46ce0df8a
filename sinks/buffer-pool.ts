/**
 * Reusable byte buffers for a sink that sends each file's bytes in one piece (the S3 sink's single PutObject).
 *
 * Why: a fresh buffer per segment means a malloc and a free of a few hundred KiB several times a second. glibc
 * then raises its mmap threshold and serves those sizes from its heap, which fragments and keeps the freed memory
 * in the process: over a 10-minute ladder RSS crept up by ~15 MB although no more than a few buffers were ever
 * alive. Reusing a handful of buffers keeps RSS flat. Buffers are only reused once their holder released them
 * (after the request that read them settled), so a retried or aborted request never sees another file's bytes.
 *
 * @example
 * ```ts
 * const pool = new BufferPool(16 * 1024 * 1024);
 * const body = pool.acquire(300_000); // body.length === 300_000
 * try { await send(body); } finally { pool.release(body); }
 * ```
 */
export class BufferPool {
  /** Buffers no one holds, each whole (offset 0, its full capacity). */
  private readonly free: Buffer[] = [];
  private freeBytes = 0;

  /** @param maxFreeBytes The most bytes kept for reuse; a released buffer beyond it is left to the garbage collector. */
  constructor(private readonly maxFreeBytes: number) {}

  /** A buffer of exactly `size` bytes, uninitialised; hand it back with {@link release} once nothing reads it. */
  acquire(size: number): Buffer {
    let best = -1;
    for (let i = 0; i < this.free.length; i += 1) {
      const candidate = this.free[i] as Buffer;
      if (candidate.length >= size && (best === -1 || candidate.length < (this.free[best] as Buffer).length)) best = i;
    }
    if (best === -1) return Buffer.allocUnsafeSlow(capacityFor(size)).subarray(0, size);
    const [whole] = this.free.splice(best, 1) as [Buffer];
    this.freeBytes -= whole.length;
    return whole.subarray(0, size);
  }

  /** Gives back a buffer from {@link acquire}; the caller must not touch it afterwards. */
  release(view: Buffer): void {
    const whole = Buffer.from(view.buffer, 0, view.buffer.byteLength);
    // Keep the larger buffers: they serve every size below them.
    while (this.freeBytes + whole.length > this.maxFreeBytes && this.free.length > 0) {
      const smallest = this.free.reduce((s, b, i) => (b.length < (this.free[s] as Buffer).length ? i : s), 0);
      if ((this.free[smallest] as Buffer).length >= whole.length) return;
      const [dropped] = this.free.splice(smallest, 1) as [Buffer];
      this.freeBytes -= dropped.length;
    }
    if (this.freeBytes + whole.length > this.maxFreeBytes) return;
    this.free.push(whole);
    this.freeBytes += whole.length;
  }

  /** Bytes kept for reuse. */
  get freeByteLength(): number {
    return this.freeBytes;
  }

  /** Forgets every free buffer (a closed sink keeps no memory). */
  clear(): void {
    this.free.length = 0;
    this.freeBytes = 0;
  }
}

/** Rounded up to 64 KiB, so segments of slightly different sizes reuse one buffer. */
function capacityFor(size: number): number {
  const step = 64 * 1024;
  return Math.max(step, Math.ceil(size / step) * step);
}
