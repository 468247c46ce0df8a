import { expect } from 'chai';
import { isSinkError } from '../../lib/contracts/sink-error.js';
import { isPackagerError } from '../../lib/errors.js';
import { memorySink } from '../../sinks/memory-sink.js';
import { putRequest, rejectionOf, testFiles, type TestFiles } from './sink-fixtures.js';

describe('memorySink()', () => {
  let files: TestFiles;
  before(() => {
    files = testFiles();
  });
  after(() => files?.cleanup());

  it('stores bodies and records puts and deletes in completion order', async () => {
    const sink = memorySink();
    const a = files.make('a.ts', 'AAAA');
    const b = files.make('b.m3u8', '#EXTM3U\n');
    const signal = AbortSignal.timeout(1000);
    expect(await sink.put(putRequest(a, 'a.ts'), signal)).to.deep.equal({ key: 'a.ts', location: 'memory://a.ts', bytes: 4 });
    await sink.put(putRequest(b, 'index.m3u8', { contentType: 'application/vnd.apple.mpegurl', cacheControl: 'max-age=1', kind: 'playlist' }), signal);
    await sink.delete('a.ts', signal);
    await sink.delete('never.ts', signal);
    expect(sink.puts.map((p) => p.key)).to.deep.equal(['a.ts', 'index.m3u8']);
    expect(sink.deletes).to.deep.equal(['a.ts', 'never.ts']);
    expect([...sink.objects.keys()]).to.deep.equal(['index.m3u8']);
    const stored = sink.objects.get('index.m3u8');
    expect(Buffer.from(stored?.body ?? []).toString()).to.equal('#EXTM3U\n');
    expect(stored).to.include({ contentType: 'application/vnd.apple.mpegurl', cacheControl: 'max-age=1', kind: 'playlist' });
  });

  it('fails the keys it is told to with a transient SinkError, by list or predicate', async () => {
    const file = files.make('f.ts', 'x');
    for (const failKeys of [['bad.ts'], (key: string) => key.startsWith('bad')]) {
      const sink = memorySink({ failKeys });
      const error = await sink.put(putRequest(file, 'bad.ts'), AbortSignal.timeout(1000)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isSinkError(error) && error.isTransient).to.equal(true);
      expect((error as Error).message).to.equal('memory:// could not store "bad.ts": HTTP 503: memorySink was told to fail this key (failKeys)');
      await sink.put(putRequest(file, 'good.ts'), AbortSignal.timeout(1000));
      expect(sink.puts.map((p) => p.key)).to.deep.equal(['good.ts']);
      expect(sink.failedPuts.map((p) => p.key)).to.deep.equal(['bad.ts']);
    }
  });

  it('takes delayMs per call, completes concurrent puts in delay order, and rejects promptly on abort', async () => {
    const sink = memorySink({ delayMs: 200 });
    const file = files.make('d.ts', 'x');
    const started = Date.now();
    await Promise.all([sink.put(putRequest(file, 'one.ts'), AbortSignal.timeout(1000)), sink.put(putRequest(file, 'two.ts'), AbortSignal.timeout(1000))]);
    expect(Date.now() - started).to.be.within(190, 2000);
    const controller = new AbortController();
    let abortedAt = 0;
    const pending = sink.put(putRequest(file, 'three.ts'), controller.signal);
    setTimeout(() => {
      abortedAt = Date.now();
      controller.abort();
    }, 20);
    const { error, afterMs } = await rejectionOf(pending, () => abortedAt);
    expect(afterMs).to.be.below(250);
    expect(isPackagerError(error) && error.code).to.equal('ABORTED');
    expect(sink.objects.has('three.ts')).to.equal(false);
  });

  it('refuses a negative delay', () => {
    expect(() => memorySink({ delayMs: -1 })).to.throw('Expected the `delayMs` option to be a number of milliseconds ≥ 0, got -1.');
  });
});
