import { expect } from 'chai';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { EMPTY, Subject, from, lastValueFrom, NEVER, toArray, type Subscription } from 'rxjs';
import sinon from 'sinon';
import type { PackagingEvent } from '../../lib/contracts/packaging-event.js';
import { SinkError, isSinkError } from '../../lib/contracts/sink-error.js';
import type { Sink, SinkPutRequest } from '../../lib/contracts/sink.js';
import type { UploadEvent } from '../../lib/contracts/upload-event.js';
import { isPackagerError } from '../../lib/errors.js';
import { uploadTo } from '../../operators/upload-to.js';
import { memorySink } from '../../sinks/memory-sink.js';
import { fakePackage, gatedSink, masterPlaylist, mediaPlaylist, until, type FakePackage } from './upload-to-fixtures.js';

type Out = PackagingEvent | UploadEvent;

/** Subscribes, collecting every event; `result` settles with the events or the error. */
function collect(source: Subject<PackagingEvent>, sinks: Sink | readonly Sink[], options: Parameters<typeof uploadTo>[1] = {}) {
  const events: Out[] = [];
  let subscription: Subscription | undefined;
  const result = new Promise<Out[]>((resolve, reject) => {
    subscription = source.pipe(uploadTo(sinks, options)).subscribe({ next: (e) => events.push(e), error: reject, complete: () => resolve(events) });
  });
  result.catch(() => undefined);
  return { events, result, unsubscribe: () => subscription?.unsubscribe() };
}

const uploadedKeys = (events: readonly Out[], sink?: string): string[] =>
  events.flatMap((e) => (e.type === 'uploaded' && (sink === undefined || e.sink === sink) ? [e.key] : []));

function snapshotDirs(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith('ffs-upload-') && !n.startsWith('ffs-upload-spec-'));
}

describe('uploadTo()', () => {
  let pkg: FakePackage;
  beforeEach(() => {
    pkg = fakePackage();
  });
  afterEach(() => {
    sinon.restore();
    pkg.cleanup();
  });

  describe('options', () => {
    it('throws at call time for no sinks, a non-sink, duplicate names or a bad concurrency', () => {
      expect(() => uploadTo([])).to.throw(/Expected the `sinks` option to be at least one Sink/u);
      expect(() => uploadTo([{ name: 'x' } as unknown as Sink])).to.throw(/Sink objects with `name`, `put` and `delete`/u);
      expect(() => uploadTo([memorySink(), memorySink()])).to.throw(/sinks with distinct names, got "memory:\/\/"/u);
      expect(() => uploadTo(memorySink(), { concurrencyPerSink: 0 })).to.throw(/`concurrencyPerSink` option to be an integer ≥ 1/u);
      expect(() => uploadTo(memorySink(), { retry: { maxAttempts: 0 } })).to.throw(/`retry.maxAttempts`/u);
      expect(() => uploadTo(memorySink(), { retry: { initialDelayMs: 100, maxDelayMs: 10 } })).to.throw(/`retry.maxDelayMs`/u);
    });
  });

  describe('the rxjs checklist', () => {
    it('completes on an empty source, errors with the source, and stays silent on a never-ending one', async () => {
      expect(await lastValueFrom(EMPTY.pipe(uploadTo(memorySink()), toArray()))).to.deep.equal([]);
      const boom = new Error('boom');
      const error = await lastValueFrom(from(Promise.reject(boom)).pipe(uploadTo(memorySink()))).catch((e: unknown) => e);
      expect(error).to.equal(boom);
      const seen: unknown[] = [];
      const sub = NEVER.pipe(uploadTo(memorySink())).subscribe((e) => seen.push(e));
      sub.unsubscribe();
      expect(seen).to.deep.equal([]);
    });
  });

  it('passes every event through, stores each file at every sink byte for byte with its type and cache policy, and holds done until then', async () => {
    const a = memorySink();
    const b = gatedSink('b://');
    const input = [
      pkg.start(),
      { type: 'progress', progress: { percent: 10, outTimeMs: 0, frame: 0, fps: null, speed: null, bitrateBps: null, etaMs: null, elapsedMs: 0, isFinal: false } } as PackagingEvent,
      pkg.init('master_720p_init.mp4'),
      pkg.segment('master_720p_00000.m4s'),
      pkg.segment('master_720p_00001.m4s'),
      pkg.playlist('master_720p.m3u8', mediaPlaylist(['master_720p_00000.m4s', 'master_720p_00001.m4s'], { map: 'master_720p_init.mp4' })),
      pkg.manifest('master.m3u8', masterPlaylist(['master_720p.m3u8'])),
    ];
    input.push(pkg.done('master.m3u8'));
    const events = await lastValueFrom(from(input).pipe(uploadTo([a, b]), toArray()));
    expect(events.filter((e) => e.type !== 'uploaded')).to.deep.equal(input);
    expect(events.at(-1)?.type).to.equal('done');
    const keys = input.flatMap((e) => ('file' in e ? [e.file.key] : []));
    expect(new Set(uploadedKeys(events, 'memory://'))).to.deep.equal(new Set(keys));
    expect(new Set(uploadedKeys(events, 'b://'))).to.deep.equal(new Set(keys));
    for (const key of keys) {
      const object = a.objects.get(key);
      expect(Buffer.from(object?.body ?? []).equals(b.stored.get(key) ?? Buffer.alloc(1)), key).to.equal(true);
    }
    expect(a.objects.get('master_720p_00000.m4s')).to.include({ contentType: 'video/iso.segment', cacheControl: 'public, max-age=31536000, immutable', kind: 'segment' });
    expect(a.objects.get('master_720p_init.mp4')).to.include({ contentType: 'video/mp4', kind: 'init' });
    expect(a.objects.get('master_720p.m3u8')).to.include({ contentType: 'application/vnd.apple.mpegurl', cacheControl: 'public, max-age=60' });
    const uploaded = events.find((e) => e.type === 'uploaded' && e.key === 'master_720p_00000.m4s' && e.sink === 'memory://');
    expect(uploaded).to.include({ sink: 'memory://', bytes: Buffer.byteLength('segment master_720p_00000.m4s'), attempt: 1 });
    expect(uploaded?.type === 'uploaded' && uploaded.durationMs).to.be.a('number');
    // The master goes last at each sink.
    expect(b.storedOrder().at(-1)).to.equal('master.m3u8');
  });

  it('stores a playlist only after the segments, init and key it references; the master after everything', async () => {
    const sink = gatedSink();
    sink.hold((k) => k.endsWith('00001.ts') || k.endsWith('.key'));
    const source = new Subject<PackagingEvent>();
    const run = collect(source, sink);
    source.next(pkg.start());
    source.next(pkg.key('k1.key'));
    source.next(pkg.segment('master_720p_00000.ts'));
    source.next(pkg.segment('master_720p_00001.ts'));
    source.next(pkg.segment('master_audio_00000.ts'));
    source.next(pkg.playlist('master_720p.m3u8', mediaPlaylist(['master_720p_00000.ts', 'master_720p_00001.ts'], { key: 'k1.key' })));
    source.next(pkg.playlist('master_audio.m3u8', mediaPlaylist(['master_audio_00000.ts'])));
    source.next(pkg.manifest('master.m3u8', masterPlaylist(['master_720p.m3u8'], 'master_audio.m3u8')));
    source.next(pkg.done('master.m3u8'));
    source.complete();
    await until(() => sink.storedOrder().includes('master_audio.m3u8'));
    expect(sink.log).to.not.include('start master_720p.m3u8');
    expect(sink.log).to.not.include('start master.m3u8');
    expect(run.events.some((e) => e.type === 'done'), 'done is held').to.equal(false);
    sink.release((k) => k.endsWith('.key'));
    await new Promise((r) => setTimeout(r, 30));
    expect(sink.log, 'still waiting for segment 1').to.not.include('start master_720p.m3u8');
    sink.release();
    await run.result;
    const order = sink.storedOrder();
    for (const dep of ['k1.key', 'master_720p_00000.ts', 'master_720p_00001.ts']) expect(order.indexOf(dep)).to.be.lessThan(order.indexOf('master_720p.m3u8'));
    expect(order.at(-1)).to.equal('master.m3u8');
    expect(run.events.at(-1)?.type).to.equal('done');
    const doneAt = run.events.findIndex((e) => e.type === 'done');
    expect(run.events.slice(doneAt + 1)).to.deep.equal([]);
  });

  it('VOD with two manifests (DASH + HLS master): the entry manifest, reported last, lands last', async () => {
    const sink = gatedSink();
    sink.hold((k) => k === 'm.m3u8');
    const source = new Subject<PackagingEvent>();
    const run = collect(source, sink);
    source.next(pkg.start());
    source.next(pkg.segment('m_chunk_0_00001.m4s'));
    source.next(pkg.playlist('m_media_0.m3u8', mediaPlaylist(['m_chunk_0_00001.m4s'])));
    source.next(pkg.manifest('m.m3u8', masterPlaylist(['m_media_0.m3u8'])));
    source.next(pkg.manifest('m.mpd', '<MPD/>'));
    source.next(pkg.done('m.mpd'));
    source.complete();
    await until(() => sink.log.includes('start m.m3u8'));
    await new Promise((r) => setTimeout(r, 30));
    expect(sink.log).to.not.include('start m.mpd');
    sink.release();
    await run.result;
    expect(sink.storedOrder().slice(-2)).to.deep.equal(['m.m3u8', 'm.mpd']);
  });

  it('live: manifests never wait for each other, so newer versions cannot deadlock', async () => {
    const sink = memorySink();
    const source = new Subject<PackagingEvent>();
    const run = collect(source, sink);
    source.next(pkg.start({ isLive: true }));
    source.next(pkg.segment('l_00001.ts'));
    source.next(pkg.manifest('l.m3u8', masterPlaylist(['l_media.m3u8']), 1));
    source.next(pkg.manifest('l.mpd', '<MPD/>', 1));
    source.next(pkg.manifest('l.m3u8', masterPlaylist(['l_media.m3u8']) + '#v2\n', 2));
    source.next(pkg.manifest('l.mpd', '<MPD><!-- v2 --></MPD>', 2));
    source.next(pkg.done('l.mpd', []));
    source.complete();
    const events = await run.result;
    expect(new Set(uploadedKeys(events))).to.deep.equal(new Set(['l_00001.ts', 'l.m3u8', 'l.mpd']));
  });

  it('uploads the playlist text as reported, even when ffmpeg rewrote the file meanwhile, and removes its snapshots', async () => {
    const sink = gatedSink();
    sink.hold((k) => k.endsWith('.ts'));
    const source = new Subject<PackagingEvent>();
    const before = new Set(snapshotDirs());
    const run = collect(source, sink);
    source.next(pkg.start());
    source.next(pkg.segment('a_00000.ts'));
    const reported = mediaPlaylist(['a_00000.ts']);
    const event = pkg.playlist('a.m3u8', reported);
    source.next(event);
    source.next(pkg.done('a.m3u8'));
    source.complete();
    await until(() => sink.log.includes('start a_00000.ts'));
    writeFileSync(pkg.files.get('a.m3u8')?.localPath ?? '', '#EXTM3U\n# rewritten\n');
    sink.release();
    await run.result;
    expect(sink.stored.get('a.m3u8')?.toString()).to.equal(reported);
    expect(snapshotDirs().filter((d) => !before.has(d)), 'snapshot directory removed').to.deep.equal([]);
  });

  it('lets a newer version of a live playlist replace a queued older one, and never runs two puts of one key at once', async () => {
    const sink = gatedSink();
    sink.hold((k) => k === 's_00002.ts');
    const source = new Subject<PackagingEvent>();
    const run = collect(source, sink);
    source.next(pkg.start({ isLive: true }));
    source.next(pkg.segment('s_00001.ts'));
    source.next(pkg.playlist('live.m3u8', mediaPlaylist(['s_00001.ts'], { endList: false }), 1));
    await until(() => sink.storedOrder().includes('live.m3u8'));
    source.next(pkg.segment('s_00002.ts'));
    source.next(pkg.playlist('live.m3u8', mediaPlaylist(['s_00001.ts', 's_00002.ts'], { endList: false }), 2));
    source.next(pkg.segment('s_00003.ts'));
    const v3 = mediaPlaylist(['s_00002.ts', 's_00003.ts'], { endList: false, sequence: 1 });
    source.next(pkg.playlist('live.m3u8', v3, 3));
    source.next(pkg.done('live.m3u8'));
    source.complete();
    await new Promise((r) => setTimeout(r, 30));
    sink.release();
    await run.result;
    expect(uploadedKeys(run.events).filter((k) => k === 'live.m3u8')).to.have.lengthOf(2); // v1, then v3 (v2 superseded)
    expect(sink.stored.get('live.m3u8')?.toString()).to.equal(v3);
    expect(sink.requests.find((r) => r.key === 'live.m3u8')?.cacheControl).to.equal('public, max-age=1');
  });

  it('does not wait for references outside the package or for files that do not exist', async () => {
    const sink = memorySink();
    const events = await lastValueFrom(
      from([
        pkg.start(),
        pkg.segment('x_00000.ts'),
        pkg.playlist('x.m3u8', mediaPlaylist(['x_00000.ts', 'https://cdn.example.com/ad.ts', '../outside.ts', 'gone_00009.ts'], { key: 'https://keys.example.com/k' })),
        pkg.done('x.m3u8'),
      ]).pipe(uploadTo(sink), toArray()),
    );
    expect(uploadedKeys(events)).to.deep.equal(['x_00000.ts', 'x.m3u8']);
  });

  it('waits for a referenced file that is on disk but not reported yet', async () => {
    const sink = gatedSink();
    const source = new Subject<PackagingEvent>();
    const run = collect(source, sink);
    source.next(pkg.start({ isLive: true }));
    pkg.write('late_00000.ts', 'late segment'); // ffmpeg renamed it; the watcher has not reported it yet
    source.next(pkg.playlist('late.m3u8', mediaPlaylist(['late_00000.ts'], { endList: false })));
    await new Promise((r) => setTimeout(r, 30));
    expect(sink.log).to.deep.equal([]);
    source.next(pkg.segment('late_00000.ts', 'late segment'));
    source.next(pkg.done('late.m3u8'));
    source.complete();
    await run.result;
    expect(sink.storedOrder()).to.deep.equal(['late_00000.ts', 'late.m3u8']);
  });

  it('runs at most concurrencyPerSink puts at once per sink, and one slow sink does not hold back another', async () => {
    const slow = gatedSink('slow://');
    const fast = gatedSink('fast://');
    slow.hold(() => true);
    const source = new Subject<PackagingEvent>();
    const run = collect(source, [slow, fast], { concurrencyPerSink: 2 });
    source.next(pkg.start());
    for (let i = 0; i < 6; i += 1) source.next(pkg.segment(`c_0000${i}.ts`));
    await until(() => fast.storedOrder().length === 6);
    expect(slow.log.filter((l) => l.startsWith('start'))).to.have.lengthOf(2);
    slow.release();
    source.next(pkg.done('c.m3u8', []));
    source.complete();
    await run.result;
    expect(slow.maxRunning).to.equal(2);
    expect(fast.maxRunning).to.be.at.most(2);
    expect(slow.storedOrder()).to.have.lengthOf(6);
  });

  it('uploads the files of done.result when no watchOutput() reported them (entry manifest last)', async () => {
    const sink = memorySink();
    const files = [
      pkg.write('m.mpd', '<MPD></MPD>', 'manifest'),
      pkg.write('m_chunk_0_00001.m4s', 'c1'),
      pkg.write('m_media_0.m3u8', mediaPlaylist(['m_chunk_0_00001.m4s']), 'playlist'),
      pkg.write('m_init_0.m4s', 'i0', 'init'),
    ];
    const events = await lastValueFrom(from([pkg.start(), pkg.done('m.mpd', files)]).pipe(uploadTo(sink), toArray()));
    const keys = uploadedKeys(events);
    expect(new Set(keys)).to.deep.equal(new Set(files.map((f) => f.key)));
    expect(keys.at(-1)).to.equal('m.mpd');
    expect(keys.indexOf('m_media_0.m3u8')).to.be.greaterThan(keys.indexOf('m_chunk_0_00001.m4s'));
  });

  it('propagates live sliding-window deletions when asked, once no stored playlist references the key', async () => {
    const sink = memorySink();
    const source = new Subject<PackagingEvent>();
    const run = collect(source, sink, { deleteRemoved: true });
    source.next(pkg.start({ isLive: true }));
    source.next(pkg.segment('w_00001.ts'));
    source.next(pkg.segment('w_00002.ts'));
    source.next(pkg.playlist('w.m3u8', mediaPlaylist(['w_00001.ts', 'w_00002.ts'], { endList: false }), 1));
    await until(() => sink.objects.has('w.m3u8'));
    // ffmpeg slides the window: segment 1 leaves the playlist and the disk.
    pkg.write('w_00003.ts', 'segment w_00003.ts');
    const { rmSync } = await import('node:fs');
    rmSync(pkg.files.get('w_00001.ts')?.localPath ?? '');
    await new Promise((r) => setTimeout(r, 20));
    expect(sink.deletes, 'still referenced by the stored playlist').to.deep.equal([]);
    source.next(pkg.segment('w_00003.ts'));
    source.next(pkg.playlist('w.m3u8', mediaPlaylist(['w_00002.ts', 'w_00003.ts'], { endList: false, sequence: 2 }), 2));
    // The final package, as a live job's done lists it: the window and its playlist.
    source.next(pkg.done('w.m3u8', ['w.m3u8', 'w_00002.ts', 'w_00003.ts'].map((k) => pkg.files.get(k)).filter((f) => f !== undefined)));
    source.complete();
    const events = await run.result;
    expect(sink.deletes).to.deep.equal(['w_00001.ts']);
    expect(events.filter((e) => e.type === 'deleted')).to.deep.equal([{ type: 'deleted', sink: 'memory://', key: 'w_00001.ts' }]);
    expect([...sink.objects.keys()].sort()).to.deep.equal(['w.m3u8', 'w_00002.ts', 'w_00003.ts']);
    expect(events.findIndex((e) => e.type === 'deleted')).to.be.lessThan(events.findIndex((e) => e.type === 'done'));
  });

  it('live, when done: deletes what a sink holds that the final package does not, even if ffmpeg still keeps it on disk', async () => {
    const sink = memorySink();
    const source = new Subject<PackagingEvent>();
    const run = collect(source, sink, { deleteRemoved: true });
    source.next(pkg.start({ isLive: true }));
    source.next(pkg.segment('k_00001.ts'));
    source.next(pkg.segment('k_00002.ts'));
    source.next(pkg.playlist('k.m3u8', mediaPlaylist(['k_00001.ts', 'k_00002.ts'], { endList: false }), 1));
    source.next(pkg.playlist('k.m3u8', mediaPlaylist(['k_00002.ts'], { sequence: 2 }), 2));
    // k_00001.ts stays on disk (ffmpeg keeps a segment past the window for players still downloading it).
    source.next(pkg.done('k.m3u8', ['k.m3u8', 'k_00002.ts'].map((k) => pkg.files.get(k)).filter((f) => f !== undefined)));
    source.complete();
    await run.result;
    expect(sink.deletes).to.deep.equal(['k_00001.ts']);
    expect([...sink.objects.keys()].sort()).to.deep.equal(['k.m3u8', 'k_00002.ts']);
  });

  it('does not delete anything unless asked', async () => {
    const sink = memorySink();
    const source = new Subject<PackagingEvent>();
    const run = collect(source, sink);
    source.next(pkg.start({ isLive: true }));
    source.next(pkg.segment('d_00001.ts'));
    await until(() => sink.objects.has('d_00001.ts'));
    const { rmSync } = await import('node:fs');
    rmSync(pkg.files.get('d_00001.ts')?.localPath ?? '');
    source.next(pkg.done('d.m3u8', []));
    source.complete();
    const events = await run.result;
    expect(events.some((e) => e.type === 'deleted')).to.equal(false);
    expect(sink.objects.has('d_00001.ts')).to.equal(true);
  });

  it('live: skips a segment the window removed before it could be uploaded; a playlist naming it does not wait for it', async () => {
    const sink = gatedSink();
    sink.hold((k) => k === 'first.ts');
    const source = new Subject<PackagingEvent>();
    const run = collect(source, sink, { concurrencyPerSink: 1 });
    source.next(pkg.start({ isLive: true }));
    source.next(pkg.segment('first.ts'));
    source.next(pkg.segment('gone.ts'));
    source.next(pkg.playlist('g.m3u8', mediaPlaylist(['first.ts', 'gone.ts'], { endList: false })));
    const { rmSync } = await import('node:fs');
    rmSync(pkg.files.get('gone.ts')?.localPath ?? '');
    source.next(pkg.done('g.m3u8', []));
    source.complete();
    await until(() => sink.log.includes('start first.ts'));
    sink.release();
    const events = await run.result;
    expect(uploadedKeys(events)).to.deep.equal(['first.ts', 'g.m3u8']);
  });

  it('VOD: a reported file that vanished before upload fails the job (the package would be incomplete)', async () => {
    const sink = memorySink();
    const seg = pkg.segment('v_00001.ts');
    const { rmSync } = await import('node:fs');
    rmSync(pkg.files.get('v_00001.ts')?.localPath ?? '');
    const error = await lastValueFrom(from([pkg.start(), seg, pkg.done('v.m3u8', [])]).pipe(uploadTo(sink))).catch((e: unknown) => e);
    expect(isSinkError(error) && error.key).to.equal('v_00001.ts');
    expect((error as Error).message).to.match(/^memory:\/\/ could not store "v_00001.ts": ENOENT/u);
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

  it('removes its snapshot directory when unsubscribed', async () => {
    const before = new Set(snapshotDirs());
    const sink = gatedSink();
    sink.hold(() => true);
    const source = new Subject<PackagingEvent>();
    const run = collect(source, sink);
    source.next(pkg.start());
    source.next(pkg.segment('u_00000.ts'));
    source.next(pkg.playlist('u.m3u8', mediaPlaylist(['u_00000.ts'])));
    await until(() => snapshotDirs().some((d) => !before.has(d)));
    run.unsubscribe();
    await until(() => snapshotDirs().every((d) => before.has(d)));
    expect(existsSync(pkg.dir)).to.equal(true);
  });
});
