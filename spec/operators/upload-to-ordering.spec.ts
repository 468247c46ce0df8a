import { expect } from 'chai';
import { Subject, from, lastValueFrom, toArray } from 'rxjs';
import type { PackagingEvent } from '../../lib/contracts/packaging-event.js';
import { uploadTo } from '../../operators/upload-to.js';
import { memorySink } from '../../sinks/memory-sink.js';
import { collect, fakePackage, gatedSink, masterPlaylist, mediaPlaylist, until, uploadedKeys, type FakePackage } from './upload-to-fixtures.js';

/** uploadTo()'s ordering rules: what each put waits for, at each sink. */
describe('uploadTo()', () => {
  let pkg: FakePackage;
  beforeEach(() => {
    pkg = fakePackage();
  });
  afterEach(() => pkg.cleanup());

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
});
