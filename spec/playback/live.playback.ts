import { expect } from 'chai';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Observable, Subscription } from 'rxjs';
import { httpPutSink } from '../../sinks/index.js';
import {
  Bitrate,
  Formats,
  Representation,
  Size,
  fromCapture,
  fromUrl,
  packageDash,
  packageHls,
  uploadTo,
  watchOutput,
  type PackageResult,
  type PackagingEvent,
  type UploadEvent,
} from '../../lib/index.js';
import {
  expectPlayback,
  playInBrowser,
  readFileTree,
  startStaticServer,
  usePlaybackBrowser,
  waitForUrl,
  type PlaybackResult,
  type PlayOptions,
  type StaticServer,
} from '../helpers/playback/index.js';
import { isRunning, waitUntilGone } from '../helpers/process.js';
import { requireFfmpeg } from '../helpers/require-tool.js';
import { startNginxDav, startOrSkip, startXvfb, type NginxDavServer, type XvfbServer } from '../helpers/servers/index.js';

/**
 * Issues #4 and #6 as a user would see them: a live job (a real X screen under Xvfb through x11grab, then ffmpeg's
 * lavfi at real-time rate) packaged with a sliding window, pushed to an nginx origin by `watchOutput()` +
 * `uploadTo(httpPutSink)` while it encodes, and played from that origin (not from the local disk) by hls.js, shaka and
 * dash.js in Chromium **while the job is still running**; then old segments are gone from the origin, and a stop
 * through `live.stopSignal` leaves final playlists and an origin holding exactly the local files.
 */
describe('live packages played from the nginx origin while the job runs', function () {
  this.timeout(150_000);
  const env = usePlaybackBrowser();
  let nginx: NginxDavServer;
  let page: StaticServer;
  let work: string;

  // The player page comes from another origin than the media: the nginx origin must answer with CORS headers.
  const playLive = (player: PlayOptions['player'], url: string): Promise<PlaybackResult> =>
    playInBrowser(env.browser, { player, url, pageUrl: `${page.url}/__play.html`, live: true, minAdvancedSeconds: 4, minFrames: 75, timeoutMs: 25_000 });
  const h264 = Formats.h264({ videoOptions: { preset: 'ultrafast' } });

  before(requireFfmpeg);
  before(async function () {
    nginx = await startOrSkip(this, () => startNginxDav());
    work = await mkdtemp(join(tmpdir(), 'ffs-live-playback-'));
    await mkdir(join(work, 'page'));
    page = await startStaticServer(join(work, 'page'));
  });
  after(async () => {
    await page?.close();
    await nginx?.stop();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  describe('a 1280x720 screen under Xvfb, three renditions, live HLS (2 s segments, window of 4)', () => {
    let xvfb: XvfbServer;
    before(async function () {
      xvfb = await startOrSkip(this, () => startXvfb({ size: '1280x720' }));
    });
    after(async () => {
      await xvfb?.stop();
    });

    it('plays in hls.js and shaka from the origin, old segments leave it, and a stop ends every playlist', async () => {
      const out = join(work, 'screen');
      const origin = `${nginx.url}/live/screen`;
      const stop = new AbortController();
      const job = runJob(
        fromCapture(xvfb.display, { kind: 'screen', size: '1280x720', frameRate: 30 }).pipe(
          packageHls({
            output: join(out, 'master.m3u8'),
            format: h264,
            representations: [
              new Representation(new Size(1280, 720), new Bitrate(2_500_000)),
              new Representation(new Size(854, 480), new Bitrate(1_200_000)),
              new Representation(new Size(640, 360), new Bitrate(700_000)),
            ],
            segmentDurationSeconds: 2,
            live: { windowSegments: 4, stopSignal: stop.signal },
          }),
          watchOutput(),
          uploadTo(httpPutSink({ baseUrl: `${origin}/` }), { deleteRemoved: true }),
        ),
      );
      try {
        const master = await job.during(waitForUrl(`${origin}/master.m3u8`, { timeoutMs: 30_000 }));
        const mediaPlaylists = [...master.body.matchAll(/^#EXT-X-STREAM-INF:.*\n(\S+)$/gmu)].map((m) => m[1] as string);
        expect(mediaPlaylists, master.body).to.have.length(3);
        expect(master.body).to.match(/RESOLUTION=1280x720/u).and.match(/RESOLUTION=854x480/u).and.match(/RESOLUTION=640x360/u);

        for (const player of ['hls', 'shaka'] as const) {
          const result = await job.during(playLive(player, `${origin}/master.m3u8`));
          expectPlayback(result);
          expect(result.renditions.map((r) => r.height), `${player}: variants`).to.have.members([720, 480, 360]);
          // Read from the origin while the job runs: segments came from nginx, and the job has not ended yet.
          expect(result.responses.filter((r) => r.url.startsWith(origin) && r.url.endsWith('.ts') && r.status === 200), `${player}: segments from the origin`).to.not.be.empty;
          expect(job.ended, `${player} played while the job was running`).to.equal(false);
        }
        for (const name of mediaPlaylists) {
          const playlist = await fetchText(`${origin}/${name}`);
          expect(playlist.body, name).to.include('#EXT-X-PROGRAM-DATE-TIME');
          expect(playlist.body, `${name} while the job runs`).to.not.include('#EXT-X-ENDLIST');
        }

        // The first segment of every rendition has left the window: deleted at the origin (404), while every segment
        // the origin's playlists list now is there.
        const firstSegments = [...job.firstSegments.values()];
        expect(firstSegments, 'one first segment per rendition').to.have.length(3);
        await job.during(until(() => firstSegments.every((key) => job.deleted.includes(key)), 30_000, `${firstSegments.join(', ')} to be deleted`));
        for (const key of job.deleted) expect((await fetchText(`${origin}/${key}`)).status, `${key} deleted from the origin`).to.equal(404);
        for (const name of mediaPlaylists) {
          const listed = segmentUris((await fetchText(`${origin}/${name}`)).body);
          expect(listed.length, name).to.be.within(1, 4);
          for (const uri of listed) expect((await fetchText(`${origin}/${uri}`)).status, `${uri} listed in ${name}`).to.equal(200);
        }

        stop.abort();
        const result = await job.finished(30_000);
        expect(result.format).to.equal('hls');
        for (const name of mediaPlaylists) {
          const playlist = (await fetchText(`${origin}/${name}`)).body;
          expect(playlist.trimEnd(), `${name} at the origin after the stop`).to.match(/#EXT-X-ENDLIST$/u);
          expect(segmentUris(playlist).length, name).to.be.within(1, 4);
        }
        await expectOriginHoldsPackage(join(nginx.root, 'live', 'screen'), out, result);
        await job.expectFfmpegGone();
      } finally {
        job.unsubscribe();
      }
    });
  });

  describe('ffmpeg lavfi at real-time rate, live DASH', () => {
    it('plays in dash.js and shaka from the origin while the job runs, and a stop leaves the final MPD', async () => {
      const out = join(work, 'lavfi');
      const origin = `${nginx.url}/live/lavfi`;
      const stop = new AbortController();
      const job = runJob(
        fromUrl('testsrc2=size=1280x720:rate=30', { inputOptions: ['-f', 'lavfi', '-re'], isLive: true }).pipe(
          packageDash({
            output: join(out, 'manifest.mpd'),
            format: h264,
            representations: [new Representation(new Size(1280, 720), new Bitrate(2_000_000)), new Representation(new Size(640, 360), new Bitrate(600_000))],
            segmentDurationSeconds: 2,
            live: { windowSegments: 6, stopSignal: stop.signal },
          }),
          watchOutput(),
          uploadTo(httpPutSink({ baseUrl: `${origin}/` }), { deleteRemoved: true }),
        ),
      );
      try {
        const mpd = await job.during(waitForUrl(`${origin}/manifest.mpd`, { timeoutMs: 30_000 }));
        expect(mpd.body).to.match(/type="dynamic"/u).and.match(/<UTCTiming /u);

        for (const player of ['dash', 'shaka'] as const) {
          const result = await job.during(playLive(player, `${origin}/manifest.mpd`));
          expectPlayback(result);
          expect(result.renditions.map((r) => r.height), `${player}: representations`).to.have.members([720, 360]);
          expect(result.responses.filter((r) => r.url.startsWith(origin) && r.url.endsWith('.m4s') && r.status === 200), `${player}: segments from the origin`).to.not.be.empty;
          expect(job.ended, `${player} played while the job was running`).to.equal(false);
        }

        for (const key of job.deleted) expect((await fetchText(`${origin}/${key}`)).status, `${key} deleted from the origin`).to.equal(404);

        stop.abort();
        const result = await job.finished(30_000);
        const final = (await fetchText(`${origin}/manifest.mpd`)).body;
        expect(final, 'the origin MPD is the final one').to.equal(await readFile(join(out, 'manifest.mpd'), 'utf8'));
        await expectOriginHoldsPackage(join(nginx.root, 'live', 'lavfi'), out, result);
        await job.expectFfmpegGone();
      } finally {
        job.unsubscribe();
      }
    });
  });
});

/** A running live job with what the tests need to see of it. */
interface LiveJob {
  /** Keys deleted at the origin so far (`deleted` events). */
  readonly deleted: readonly string[];
  /** Per rendition, the key of the first segment `watchOutput()` reported (the lowest sequence number). */
  readonly firstSegments: ReadonlyMap<string, string>;
  /** True once the stream completed or failed. */
  readonly ended: boolean;
  /** Resolves with `step`, or rejects as soon as the job fails or ends first: a test never waits on a dead job. */
  during<T>(step: Promise<T>): Promise<T>;
  /** The `done` result, once the job completes (within `timeoutMs`). */
  finished(timeoutMs: number): Promise<PackageResult>;
  /** The job's ffmpeg has exited (by the pid of its `start` event). */
  expectFfmpegGone(): Promise<void>;
  unsubscribe(): void;
}

/** Subscribes to a live job's events and records what the assertions need. */
function runJob(events$: Observable<PackagingEvent | UploadEvent>): LiveJob {
  const deleted: string[] = [];
  const firstSegments = new Map<string, { key: string; sequence: number }>();
  let pid: number | undefined;
  let result: PackageResult | undefined;
  let ended = false;
  let subscription: Subscription | undefined;
  const completion = new Promise<PackageResult>((resolve, reject) => {
    subscription = events$.subscribe({
      next: (event) => {
        if (event.type === 'start') pid = event.pid;
        if (event.type === 'deleted') deleted.push(event.key);
        if (event.type === 'done') result = event.result;
        if (event.type === 'segment' && (firstSegments.get(event.rendition)?.sequence ?? Infinity) > event.sequence) {
          firstSegments.set(event.rendition, { key: event.file.key, sequence: event.sequence });
        }
      },
      error: (error: unknown) => {
        ended = true;
        reject(error instanceof Error ? error : new Error(String(error)));
      },
      complete: () => {
        ended = true;
        if (result === undefined) reject(new Error('the live job completed without a done event'));
        else resolve(result);
      },
    });
  });
  // Observed by `during`/`finished`; never an unhandled rejection.
  completion.catch(() => undefined);
  const endedEarly = (): Promise<never> =>
    completion.then(
      () => Promise.reject(new Error('the live job ended before the test step did (it should run until stopped)')),
      (error: unknown) => Promise.reject(error),
    );
  return {
    get deleted() {
      return deleted;
    },
    get firstSegments() {
      return new Map([...firstSegments].map(([rendition, { key }]) => [rendition, key]));
    },
    get ended() {
      return ended;
    },
    during: (step) => Promise.race([step, endedEarly()]),
    finished: (timeoutMs) =>
      Promise.race([completion, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the live job did not finish within ${timeoutMs} ms of its stop`)), timeoutMs).unref())]),
    expectFfmpegGone: async () => {
      expect(pid, 'the start event carries the ffmpeg pid').to.be.a('number');
      expect(await waitUntilGone(pid ?? 0, 7_000), `ffmpeg ${pid} is gone`).to.equal(true);
      expect(isRunning(pid ?? 0)).to.equal(false);
    },
    unsubscribe: () => subscription?.unsubscribe(),
  };
}

/**
 * After the job: the origin's files are exactly the package the job reported (`result.files`) and exactly what is in
 * the local output directory, byte for byte (nginx's document root is read from disk).
 */
async function expectOriginHoldsPackage(originDir: string, outDir: string, result: PackageResult): Promise<void> {
  const origin = await readFileTree(originDir);
  expect(Object.keys(origin), 'the origin holds exactly the files of the result').to.have.members(result.files.map((f) => f.key));
  expect(origin, 'the origin holds exactly the local output directory, byte for byte').to.deep.equal(await readFileTree(outDir));
}

async function fetchText(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { cache: 'no-store' });
  return { status: response.status, body: await response.text() };
}

/** The segment URIs of a media playlist, in order. */
function segmentUris(playlist: string): string[] {
  return playlist.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

async function until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
