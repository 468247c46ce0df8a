import { expect } from 'chai';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { EMPTY, Subject, from, lastValueFrom, NEVER, toArray } from 'rxjs';
import type { PackagingEvent } from '../../lib/contracts/packaging-event.js';
import { isSinkError } from '../../lib/contracts/sink-error.js';
import type { Sink } from '../../lib/contracts/sink.js';
import { uploadTo } from '../../operators/upload-to.js';
import { memorySink } from '../../sinks/memory-sink.js';
import { collect, fakePackage, gatedSink, masterPlaylist, mediaPlaylist, until, uploadedKeys, type FakePackage } from './upload-to-fixtures.js';

// The ordering rules are in upload-to-ordering.spec.ts, retries and failures in upload-to-retries.spec.ts.

function snapshotDirs(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith('ffs-upload-') && !n.startsWith('ffs-upload-spec-'));
}

describe('uploadTo()', () => {
  let pkg: FakePackage;
  beforeEach(() => {
    pkg = fakePackage();
  });
  afterEach(() => pkg.cleanup());

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
