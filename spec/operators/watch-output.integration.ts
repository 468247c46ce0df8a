import { expect } from 'chai';
import { readFileSync, watch } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom, lastValueFrom, toArray, tap } from 'rxjs';
import sinon from 'sinon';
import { Bitrate, Formats, Representation, Size, fromFile, packageDash, packageHls, type PackagingEvent } from '../../lib/index.js';
import { watchOutput } from '../../operators/watch-output.js';
import { makeTestVideo } from '../helpers/media.js';
import { requireFfmpeg } from '../helpers/require-tool.js';

/** The prototype of Node's `fs.watch()` watchers (the class is not exported), to spy on `close()`. */
const fsWatcherPrototype = ((): { close(): void } => {
  const probe = watch(tmpdir());
  const prototype = Object.getPrototypeOf(probe) as { close(): void };
  probe.close();
  return prototype;
})();

const ladder = [new Representation(new Size(640, 360), new Bitrate(700_000)), new Representation(new Size(320, 180), new Bitrate(250_000))];
const format = Formats.h264({ videoOptions: { preset: 'ultrafast' } });

describe('watchOutput(): each file once, complete, while ffmpeg writes', function () {
  this.timeout(120_000);
  let out: string;
  let source: string;
  before(requireFfmpeg);
  before(async () => {
    source = await makeTestVideo({ width: 640, height: 360, fps: 25, durationSeconds: 16 });
  });
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'watch-it-'));
  });
  afterEach(async () => {
    sinon.restore();
    // An unsubscribed job's cleanup may still be removing its files: retry on ENOTEMPTY.
    await rm(out, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  const cases = [
    { name: 'HLS TS', op: () => packageHls({ output: join(out, 'master.m3u8'), format, representations: ladder, segmentDurationSeconds: 2 }) },
    { name: 'HLS fMP4', op: () => packageHls({ output: join(out, 'master.m3u8'), format, representations: ladder, segmentDurationSeconds: 2, segmentType: 'fmp4' }) },
    { name: 'DASH', op: () => packageDash({ output: join(out, 'manifest.mpd'), format, representations: ladder, segmentDurationSeconds: 2, generateHlsPlaylist: true }) },
    // chokidar polling, for mounts that send no change events: the same guarantees.
    { name: 'HLS TS, polled', op: () => packageHls({ output: join(out, 'master.m3u8'), format, representations: ladder, segmentDurationSeconds: 2 }), watch: { usePolling: true, pollIntervalMs: 100 } },
  ];
  for (const c of cases) {
    it(`${c.name}: reports every file once, byte-identical to the final file, the first before ffmpeg exits`, async () => {
      const close = sinon.spy(fsWatcherPrototype, 'close');
      const snapshots = new Map<string, Buffer>();
      const events = await lastValueFrom(
        fromFile(source).pipe(
          c.op(),
          watchOutput('watch' in c ? c.watch : {}),
          // Copy each file the moment it is reported: it must already be complete.
          tap((e: PackagingEvent) => {
            if (e.type === 'segment' || e.type === 'init') snapshots.set(e.file.key, readFileSync(e.file.localPath));
            if (e.type === 'playlist' || e.type === 'manifest') snapshots.set(e.file.key, Buffer.from(e.content));
          }),
          toArray(),
        ),
      );
      const done = events.at(-1);
      if (done?.type !== 'done') throw new Error('no done event');
      const fileEvents = events.filter((e) => ['init', 'segment', 'key', 'playlist', 'manifest'].includes(e.type));
      const keys = fileEvents.map((e) => ('file' in e ? e.file.key : ''));
      expect(new Set(keys).size, 'each file once').to.equal(keys.length);
      expect(new Set(keys)).to.deep.equal(new Set(done.result.files.map((f) => f.key)));
      for (const file of done.result.files) {
        expect(snapshots.get(file.key)?.equals(await readFile(file.localPath)), `${file.key} as reported = final`).to.equal(true);
      }
      const finalProgress = events.findIndex((e) => e.type === 'progress' && e.progress.isFinal);
      const firstSegment = events.findIndex((e) => e.type === 'segment');
      expect(firstSegment, 'a segment is reported before ffmpeg finishes').to.be.within(0, finalProgress);
      // init before the first segment of its rendition; the entry manifest last.
      for (const init of fileEvents.filter((e) => e.type === 'init')) {
        const firstOfRendition = fileEvents.findIndex((e) => e.type === 'segment' && init.type === 'init' && e.rendition === init.rendition);
        expect(fileEvents.indexOf(init)).to.be.lessThan(firstOfRendition);
      }
      const lastFile = fileEvents.at(-1);
      expect(lastFile?.type === 'manifest' ? lastFile.file.localPath : '').to.equal(done.result.manifestPath);
      // fs.watch() watchers are closed; chokidar's polling uses stat watchers instead, which this spy does not see.
      if (!('watch' in c)) expect(close.callCount, 'watcher closed').to.be.at.least(1);
    });
  }

  it('closes the watcher when unsubscribed mid-job', async () => {
    const close = sinon.spy(fsWatcherPrototype, 'close');
    await firstValueFrom(fromFile(source).pipe(packageHls({ output: join(out, 'master.m3u8'), format, representations: ladder, segmentDurationSeconds: 2 }), watchOutput(), filter((e) => e.type === 'segment')));
    // The output watcher (an H.264/AAC job starts no first-segment watcher of its own).
    expect(close.callCount).to.be.at.least(1);
  });
});
