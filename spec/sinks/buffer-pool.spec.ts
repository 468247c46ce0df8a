import { expect } from 'chai';
import { BufferPool } from '../../sinks/buffer-pool.js';

describe('BufferPool', () => {
  it('hands out buffers of exactly the asked size', () => {
    const pool = new BufferPool(1024 * 1024);
    for (const size of [0, 1, 65_536, 300_001]) expect(pool.acquire(size).length).to.equal(size);
  });

  it('reuses a released buffer for a later file of the same or a smaller size, not while it is held', () => {
    const pool = new BufferPool(1024 * 1024);
    const first = pool.acquire(200_000);
    const second = pool.acquire(150_000);
    expect(second.buffer, 'a held buffer is never handed out twice').to.not.equal(first.buffer);
    pool.release(first);
    const third = pool.acquire(180_000);
    expect(third.buffer, 'the released one is reused').to.equal(first.buffer);
    expect(third.length).to.equal(180_000);
    expect(pool.freeByteLength).to.equal(0);
  });

  it('picks the smallest free buffer that fits and allocates when none does', () => {
    const pool = new BufferPool(4 * 1024 * 1024);
    const big = pool.acquire(1_000_000);
    const small = pool.acquire(100_000);
    pool.release(big);
    pool.release(small);
    expect(pool.acquire(90_000).buffer).to.equal(small.buffer);
    expect(pool.acquire(90_000).buffer, 'the big one serves a small file when it is all there is').to.equal(big.buffer);
    const fresh = pool.acquire(2_000_000);
    expect([big.buffer, small.buffer]).to.not.include(fresh.buffer);
  });

  it('keeps at most maxFreeBytes, preferring larger buffers, and clear() forgets them all', () => {
    const pool = new BufferPool(1024 * 1024);
    const a = pool.acquire(600_000);
    const b = pool.acquire(300_000);
    const c = pool.acquire(900_000);
    pool.release(b);
    pool.release(a);
    expect(pool.freeByteLength).to.be.at.most(1024 * 1024);
    pool.release(c);
    expect(pool.freeByteLength).to.be.at.most(1024 * 1024);
    expect(pool.acquire(800_000).buffer, 'the largest was kept').to.equal(c.buffer);
    pool.clear();
    expect(pool.freeByteLength).to.equal(0);
  });
});
