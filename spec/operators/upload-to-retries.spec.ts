import { expect } from 'chai';
import { Subject } from 'rxjs';
import sinon from 'sinon';
import type { PackagingEvent } from '../../lib/contracts/packaging-event.js';
import { SinkError, isSinkError } from '../../lib/contracts/sink-error.js';
import type { Sink, SinkPutRequest } from '../../lib/contracts/sink.js';
import { isPackagerError } from '../../lib/errors.js';
import { collect, fakePackage, uploadedKeys, type FakePackage } from './upload-to-fixtures.js';

/** uploadTo()'s retries, backoff, give-up errors and aborts, under sinon's fake timers. */
describe('uploadTo()', () => {
  let pkg: FakePackage;
  beforeEach(() => {
    pkg = fakePackage();
  });
  afterEach(() => {
    sinon.restore();
    pkg.cleanup();
  });

  describe('retries and failures (fake timers)', () => {
    let clock: sinon.SinonFakeTimers;
    beforeEach(() => {
      clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      sinon.stub(Math, 'random').returns(0.5);
    });
    afterEach(() => clock.restore());

    const transient = (key: string, n: number): SinkError =>
      new SinkError({ sinkName: 'stub://', key, operation: 'put', isTransient: true, statusCode: 503, reason: `HTTP 503: try ${n}` });

    /** A sink whose put for each key runs `behaviour(key, attempt)`. */
    function stubSink(behaviour: (request: SinkPutRequest, attempt: number, signal: AbortSignal) => Promise<void>): Sink & { calls: string[]; signals: AbortSignal[] } {
      const attempts = new Map<string, number>();
      const calls: string[] = [];
      const signals: AbortSignal[] = [];
      return {
        name: 'stub://',
        calls,
        signals,
        async put(request, signal) {
          const n = (attempts.get(request.key) ?? 0) + 1;
          attempts.set(request.key, n);
          calls.push(`${request.key}#${n}@${Date.now()}`);
          signals.push(signal);
          await behaviour(request, n, signal);
          return { key: request.key, location: `stub://${request.key}`, bytes: request.bytes };
        },
        delete: async () => undefined,
      };
    }

    it('retries transient failures with exponential backoff and full jitter, a retry event each, then succeeds', async () => {
      const sink = stubSink(async (request, n) => {
        if (n <= 3) throw transient(request.key, n);
      });
      const source = new Subject<PackagingEvent>();
      const run = collect(source, sink, { retry: { initialDelayMs: 100, maxDelayMs: 300 } });
      source.next(pkg.start());
      source.next(pkg.segment('r_00000.ts'));
      source.next(pkg.done('r.m3u8', []));
      source.complete();
      await clock.tickAsync(0);
      expect(sink.calls).to.deep.equal(['r_00000.ts#1@0']);
      await clock.tickAsync(49); // half of 100 ms (random 0.5)
      expect(sink.calls).to.have.lengthOf(1);
      await clock.tickAsync(1);
      expect(sink.calls.at(-1)).to.equal('r_00000.ts#2@50');
      await clock.tickAsync(100); // half of 200
      expect(sink.calls.at(-1)).to.equal('r_00000.ts#3@150');
      await clock.tickAsync(150); // half of min(400, 300)
      expect(sink.calls.at(-1)).to.equal('r_00000.ts#4@300');
      const events = await run.result;
      expect(events.filter((e) => e.type === 'retry')).to.deep.equal([
        { type: 'retry', sink: 'stub://', key: 'r_00000.ts', attempt: 1, delayMs: 50, reason: 'HTTP 503: try 1' },
        { type: 'retry', sink: 'stub://', key: 'r_00000.ts', attempt: 2, delayMs: 100, reason: 'HTTP 503: try 2' },
        { type: 'retry', sink: 'stub://', key: 'r_00000.ts', attempt: 3, delayMs: 150, reason: 'HTTP 503: try 3' },
      ]);
      expect(events.find((e) => e.type === 'uploaded')).to.include({ key: 'r_00000.ts', attempt: 4 });
    });

    it('retries plain network errors of custom sinks too, but not other errors', async () => {
      const sink = stubSink(async (request, n) => {
        if (request.key === 'net.ts' && n === 1) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        if (request.key === 'bug.ts') throw new TypeError('cannot read x of undefined');
      });
      const source = new Subject<PackagingEvent>();
      const run2 = collect(source, sink);
      source.next(pkg.start());
      source.next(pkg.segment('net.ts'));
      await clock.tickAsync(1000);
      source.next(pkg.segment('bug.ts'));
      await clock.tickAsync(0);
      const error = await run2.result.catch((e: unknown) => e);
      expect(isSinkError(error), String(error)).to.equal(true);
      expect((error as Error).message).to.equal('stub:// could not store "bug.ts": cannot read x of undefined');
      expect(run2.events.filter((e) => e.type === 'retry').map((e) => e.type === 'retry' && e.reason)).to.deep.equal(['socket hang up']);
      expect(uploadedKeys(run2.events)).to.deep.equal(['net.ts']);
    });

    it('gives up after maxAttempts: errors with a SinkError naming sink, key and cause, aborts the other uploads, reports nothing not stored', async () => {
      const sink = stubSink(async (request, n, signal) => {
        if (request.key === 'bad.ts') throw transient(request.key, n);
        if (request.key === 'slow.ts') await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
      });
      const source = new Subject<PackagingEvent>();
      const run = collect(source, sink, { retry: { maxAttempts: 3, initialDelayMs: 200 } });
      source.next(pkg.start());
      source.next(pkg.segment('ok.ts'));
      source.next(pkg.segment('slow.ts'));
      source.next(pkg.segment('bad.ts'));
      await clock.tickAsync(1000);
      const error = await run.result.catch((e: unknown) => e);
      expect(isSinkError(error), String(error)).to.equal(true);
      if (!isSinkError(error)) return;
      expect(error).to.include({ sinkName: 'stub://', key: 'bad.ts', code: 'SINK_WRITE_FAILED', statusCode: 503, isTransient: true });
      expect(error.message).to.equal(
        'stub:// could not store "bad.ts": HTTP 503: try 3 Gave up after 3 attempts over 0.3 s; raise `retry.maxAttempts` if the store needs longer to recover.',
      );
      expect((error.cause as Error).message).to.include('try 3');
      expect(sink.signals[1]?.aborted, 'the slow upload was aborted').to.equal(true);
      expect(uploadedKeys(run.events)).to.deep.equal(['ok.ts']);
      expect(source.observed, 'unsubscribed from the source').to.equal(false);
    });

    it('gives up when the next wait would pass budgetMs, and at once on a non-transient failure', async () => {
      const sink = stubSink(async (request, n) => {
        if (request.key === 'budget.ts') throw transient(request.key, n);
        throw new SinkError({ sinkName: 'stub://', key: request.key, operation: 'put', isTransient: false, statusCode: 403, reason: 'HTTP 403 AccessDenied: no', hint: 'Check the credentials.' });
      });
      const source = new Subject<PackagingEvent>();
      const run = collect(source, sink, { retry: { initialDelayMs: 1000, maxDelayMs: 1000, budgetMs: 1200, maxAttempts: 10 } });
      source.next(pkg.start());
      source.next(pkg.segment('budget.ts'));
      await clock.tickAsync(5000);
      const error = await run.result.catch((e: unknown) => e);
      expect(sink.calls).to.deep.equal(['budget.ts#1@0', 'budget.ts#2@500', 'budget.ts#3@1000']);
      expect((error as Error).message).to.match(/could not store "budget.ts": HTTP 503: try 3 Gave up after 3 attempts over 1\.0 s; raise `retry.budgetMs`/u);

      const source2 = new Subject<PackagingEvent>();
      const run2 = collect(source2, sink);
      source2.next(pkg.start());
      source2.next(pkg.segment('denied.ts'));
      await clock.tickAsync(0);
      const denied = await run2.result.catch((e: unknown) => e);
      expect((denied as Error).message).to.equal('stub:// could not store "denied.ts": HTTP 403 AccessDenied: no Check the credentials.');
      expect(run2.events.filter((e) => e.type === 'retry')).to.deep.equal([]);
    });

    it('aborts an attempt that takes longer than attemptTimeoutMs and retries it', async () => {
      const sink = stubSink(async (_request, n, signal) => {
        if (n === 1) await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted by signal'))));
      });
      const source = new Subject<PackagingEvent>();
      const run = collect(source, sink, { retry: { attemptTimeoutMs: 1000, initialDelayMs: 10 } });
      source.next(pkg.start());
      source.next(pkg.segment('hang.ts'));
      source.next(pkg.done('hang.m3u8', []));
      source.complete();
      await clock.tickAsync(2000);
      const events = await run.result;
      expect(events.find((e) => e.type === 'retry')).to.deep.include({ attempt: 1, reason: 'no answer within 1000 ms (retry.attemptTimeoutMs)' });
      expect(events.find((e) => e.type === 'uploaded')).to.include({ key: 'hang.ts', attempt: 2 });
    });

    it('on unsubscribe: aborts every upload in flight and cancels pending retries', async () => {
      const sink = stubSink(async (request, n, signal) => {
        if (request.key === 'retrying.ts') throw transient(request.key, n);
        await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
      });
      const source = new Subject<PackagingEvent>();
      const run = collect(source, sink);
      source.next(pkg.start());
      source.next(pkg.segment('inflight.ts'));
      source.next(pkg.segment('retrying.ts'));
      await clock.tickAsync(0);
      run.unsubscribe();
      expect(sink.signals[0]?.aborted).to.equal(true);
      await clock.tickAsync(60_000);
      expect(sink.calls.filter((c) => c.startsWith('retrying.ts'))).to.have.lengthOf(1);
      expect(source.observed).to.equal(false);
    });

    it('errors with ABORTED when its signal aborts', async () => {
      const sink = stubSink(async (_r, _n, signal) => {
        await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
      });
      const controller = new AbortController();
      const source = new Subject<PackagingEvent>();
      const run = collect(source, sink, { signal: controller.signal });
      source.next(pkg.start());
      source.next(pkg.segment('s.ts'));
      await clock.tickAsync(0);
      controller.abort();
      const error = await run.result.catch((e: unknown) => e);
      expect(isPackagerError(error) && error.code).to.equal('ABORTED');
      expect(sink.signals[0]?.aborted).to.equal(true);
    });
  });
});
