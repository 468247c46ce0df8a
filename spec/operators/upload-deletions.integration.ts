/**
 * `uploadTo(..., { deleteRemoved: true })` against the four real stores (nginx DAV, Swift S3, Azurite, the fake
 * GCS JSON API), driven by hand: a test writes and deletes files in a watched directory the way ffmpeg does for a
 * live sliding window (`*.tmp` then rename; the oldest segment deleted once the playlist no longer names it), and
 * `watchOutput()` reports them as it would for a live job.
 *
 * Every sink is wrapped in a recorder that logs, in order, each put as it completes (with the playlist text it
 * stored) and each delete as it starts, so "deleted only after the playlist version that no longer names it is
 * stored" is checked at each sink, not inferred from timing.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subject, lastValueFrom, tap, toArray } from 'rxjs';
import { contentTypeFor } from '../../lib/contracts/content-type.js';
import type { OutputFile, OutputFileKind } from '../../lib/contracts/output-file.js';
import type { OutputLayout } from '../../lib/contracts/output-layout.js';
import type { PackagingEvent } from '../../lib/contracts/packaging-event.js';
import type { Sink } from '../../lib/contracts/sink.js';
import type { UploadEvent } from '../../lib/contracts/upload-event.js';
import { AbortedError } from '../../lib/errors.js';
import { playlistReferences } from '../../lib/upload/playlist-references.js';
import { uploadTo } from '../../operators/upload-to.js';
import { watchOutput } from '../../operators/watch-output.js';
import { until } from './upload-to-fixtures.js';
import { expectSamePackage, localPackage, startStores, type StoreUnderTest, type Stores } from './upload-to-stores.js';

type Event = PackagingEvent | UploadEvent;

/** What one sink was asked to do, in order: puts as they completed (with stored text), deletes as they started. */
type Entry =
  | { readonly op: 'put-start'; readonly key: string; readonly text: string | null }
  | { readonly op: 'put'; readonly key: string; readonly text: string | null }
  | { readonly op: 'delete'; readonly key: string };

/** Wraps a sink: records what it does, and can hold puts of chosen keys until released. */
function recorded(sink: Sink, options: { hold?: (key: string) => boolean; released?: Promise<void> } = {}): { sink: Sink; log: Entry[] } {
  const log: Entry[] = [];
  return {
    log,
    sink: {
      name: sink.name,
      async put(request, signal) {
        const text = /\.m3u8$/u.test(request.key) ? await readFile(request.localPath, 'utf8') : null;
        log.push({ op: 'put-start', key: request.key, text });
        if (options.hold?.(request.key) && options.released) {
          await Promise.race([
            options.released,
            new Promise((_, reject) => signal.addEventListener('abort', () => reject(new AbortedError('held put aborted')), { once: true })),
          ]);
        }
        const result = await sink.put(request, signal);
        log.push({ op: 'put', key: request.key, text });
        return result;
      },
      async delete(key, signal) {
        log.push({ op: 'delete', key });
        await sink.delete(key, signal);
      },
      ...(sink.close ? { close: () => sink.close?.() ?? Promise.resolve() } : {}),
    },
  };
}

const SLUG = 'live';
const RENDITION = '720p';
const PLAYLIST = `${SLUG}_${RENDITION}.m3u8`;
const MASTER = `${SLUG}.m3u8`;
const segmentName = (n: number): string => `${SLUG}_${RENDITION}_${String(n).padStart(5, '0')}.ts`;

function livePlaylist(first: number, last: number, endList = false): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', `#EXT-X-MEDIA-SEQUENCE:${first}`];
  for (let n = first; n <= last; n++) lines.push('#EXTINF:2.000,', segmentName(n));
  if (endList) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

const masterText = `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=1280x720\n${PLAYLIST}\n`;

/** A hand-driven live job: a directory, the `start` / `done` events, and ffmpeg-like writes and deletes. */
class HandDrivenJob {
  readonly events = new Subject<PackagingEvent>();
  constructor(readonly dir: string) {}

  start(): void {
    const layout: OutputLayout = { format: 'hls', outDir: this.dir, slug: SLUG, renditions: [RENDITION], segmentExtension: 'ts', isLive: true, manifests: [MASTER] };
    this.events.next({ type: 'start', input: 'hand-driven', argv: ['ffmpeg'], pid: undefined, layout });
  }

  /** As ffmpeg writes: into `<name>.tmp`, then renamed into place. */
  async write(name: string, content: string | Buffer): Promise<void> {
    await writeFile(join(this.dir, `${name}.tmp`), content);
    await rename(join(this.dir, `${name}.tmp`), join(this.dir, name));
  }

  remove(name: string): Promise<void> {
    return unlink(join(this.dir, name));
  }

  /** `done` with what the directory holds now, then completion. */
  async finish(): Promise<void> {
    const files: OutputFile[] = [];
    for (const key of (await readdir(this.dir)).sort()) {
      const kind: OutputFileKind = key === MASTER ? 'manifest' : key.endsWith('.m3u8') ? 'playlist' : 'segment';
      const bytes = (await readFile(join(this.dir, key))).length;
      files.push({ key, localPath: join(this.dir, key), kind, contentType: contentTypeFor(key), bytes });
    }
    const manifestPath = join(this.dir, MASTER);
    this.events.next({
      type: 'done',
      result: { format: 'hls', outDir: this.dir, manifestPath, manifests: [manifestPath], files, presentation: null, hlsMasterPath: null, argv: [], elapsedMs: 1 },
    });
    this.events.complete();
  }
}

let runId = 0;
const prefixOf = (label: string): string => `${label}-${Date.now().toString(36)}-${++runId}`;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('uploadTo({ deleteRemoved: true }): a live sliding window at nginx, S3, Azure and GCS', function () {
  this.timeout(120_000);
  let stores: Stores;
  let dir: string;

  before(async function () {
    this.timeout(180_000);
    stores = await startStores(this);
  });
  after(async () => {
    await stores?.stop();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'upload-deletions-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const allFour = (label: string): StoreUnderTest[] => {
    const prefix = prefixOf(label);
    return [stores.http(prefix), stores.s3(prefix), stores.azure(prefix), stores.gcsStore(prefix)];
  };

  it('deletes a removed segment at each sink only after the playlist version that no longer names it is stored there; each store ends with exactly the local set', async () => {
    const targets = allFour('window');
    const recorders = targets.map((t) => recorded(t.sink));
    const job = new HandDrivenJob(dir);
    const run = lastValueFrom(job.events.pipe(watchOutput(), uploadTo(recorders.map((r) => r.sink), { deleteRemoved: true }), toArray()));
    try {
      job.start();
      await pause(50);
      // A window of 3 segments over 9 segments: after segment n, the playlist names n-2..n, then n-3 is deleted.
      const windowSegments = 3;
      const last = 9;
      for (let n = 1; n <= last; n++) {
        await job.write(segmentName(n), randomBytes(48 * 1024 + n));
        await job.write(PLAYLIST, livePlaylist(Math.max(1, n - windowSegments + 1), n));
        if (n === 1) await job.write(MASTER, masterText);
        if (n > windowSegments) await job.remove(segmentName(n - windowSegments));
        await pause(120);
      }
      await job.write(PLAYLIST, livePlaylist(last - windowSegments + 1, last, true));
      await pause(50);
      await job.finish();
      const events: Event[] = await run;

      expect(events.at(-1)?.type).to.equal('done');
      const removed = Array.from({ length: last - windowSegments }, (_, i) => segmentName(i + 1));
      const local = await localPackage((events.at(-1) as Extract<Event, { type: 'done' }>).result);
      expect([...local.keys()].sort()).to.deep.equal([MASTER, PLAYLIST, segmentName(7), segmentName(8), segmentName(9)].sort());
      for (const [i, target] of targets.entries()) {
        const label = `${target.label} (${target.sink.name})`;
        const log = recorders[i]?.log ?? [];
        const deletes = log.flatMap((e) => (e.op === 'delete' ? [e.key] : []));
        expect([...deletes].sort(), `${label}: every removed segment deleted, once`).to.deep.equal(removed);
        let deletedAfterANamingVersion = 0;
        for (const [at, entry] of log.entries()) {
          if (entry.op !== 'delete') continue;
          const storedBefore = log.slice(0, at).filter((e): e is Extract<Entry, { op: 'put' }> => e.op === 'put' && e.key === PLAYLIST);
          const current = storedBefore.at(-1);
          expect(current, `${label}: a playlist was stored before ${entry.key} was deleted`).to.not.equal(undefined);
          expect(playlistReferences(PLAYLIST, current?.text ?? ''), `${label}: the playlist stored when ${entry.key} was deleted no longer names it`).to.not.include(entry.key);
          // (A slow store may skip versions that a newer one replaced while queued, so this is counted, not required.)
          if (storedBefore.some((e) => playlistReferences(PLAYLIST, e.text ?? '')?.includes(entry.key))) deletedAfterANamingVersion += 1;
          expect(log.slice(0, at).some((e) => e.op === 'put' && e.key === entry.key), `${label}: ${entry.key} was stored before it was deleted`).to.equal(true);
        }
        expect(deletedAfterANamingVersion, `${label}: deletions of segments a stored version had named`).to.be.greaterThan(0);
        const deletedEvents = events.flatMap((e) => (e.type === 'deleted' && e.sink === target.sink.name ? [e.key] : []));
        expect(deletedEvents.sort(), `${label}: a deleted event per deletion`).to.deep.equal(removed);
        expectSamePackage(label, await target.list(), local, true);
      }
    } finally {
      await Promise.all(targets.map((t) => t.sink.close?.()));
    }
  });

  it('never uploads, and never waits for, a segment removed before it could be uploaded', async () => {
    const targets = allFour('gone');
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Each sink is busy with segment 1 (held) while segment 2 is reported, then removed locally.
    const recorders = targets.map((t) => recorded(t.sink, { hold: (key) => key === segmentName(1), released }));
    const job = new HandDrivenJob(dir);
    const reported = new Set<string>();
    const run = lastValueFrom(
      job.events.pipe(
        watchOutput(),
        tap((e) => {
          if (e.type === 'segment') reported.add(e.file.key);
        }),
        uploadTo(
          recorders.map((r) => r.sink),
          { deleteRemoved: true, concurrencyPerSink: 1 },
        ),
        toArray(),
      ),
    );
    try {
      job.start();
      await pause(50);
      await job.write(segmentName(1), randomBytes(32 * 1024));
      await until(() => recorders.every((r) => r.log.some((e) => e.op === 'put-start' && e.key === segmentName(1))), 10_000);
      await job.write(segmentName(2), randomBytes(32 * 1024));
      // The playlist that names segment 2 is reported while segment 2 still exists: it depends on it.
      await job.write(PLAYLIST, livePlaylist(1, 2));
      await until(() => reported.has(segmentName(2)), 10_000);
      await pause(100);
      await job.remove(segmentName(2));
      release();
      await job.write(segmentName(3), randomBytes(32 * 1024));
      await job.write(PLAYLIST, livePlaylist(3, 3, true));
      await job.remove(segmentName(1));
      await pause(100);
      await job.finish();
      const events: Event[] = await run;

      expect(events.at(-1)?.type, 'the job ends: nothing waits for the removed segment').to.equal('done');
      const local = await localPackage((events.at(-1) as Extract<Event, { type: 'done' }>).result);
      expect([...local.keys()].sort()).to.deep.equal([PLAYLIST, segmentName(3)].sort());
      for (const [i, target] of targets.entries()) {
        const label = `${target.label} (${target.sink.name})`;
        const log = recorders[i]?.log ?? [];
        expect(
          log.filter((e) => e.key === segmentName(2)),
          `${label}: segment 2 was never sent to the store`,
        ).to.deep.equal([]);
        expect(events.some((e) => e.type === 'uploaded' && e.sink === target.sink.name && e.key === segmentName(2)), `${label}: no uploaded event for segment 2`).to.equal(false);
        expectSamePackage(label, await target.list(), local, true);
      }
    } finally {
      release();
      await Promise.all(targets.map((t) => t.sink.close?.()));
    }
  });
});
