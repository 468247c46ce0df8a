import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { expect } from 'chai';
import { lastValueFrom, toArray } from 'rxjs';
import { isPackagerError } from '../../lib/errors.js';
import { runFfmpeg, type FfmpegRunEvent } from '../../lib/ffmpeg/run-ffmpeg.js';
import { openMediaInput, probeInputOptions } from '../../lib/job/open-media-input.js';
import { probe } from '../../lib/probe/probe.js';
import { packageHls } from '../../operators/package-hls.js';
import { fromUrl, urlInput } from '../../sources/from-url.js';
import { makeTestVideo } from '../helpers/media.js';
import { requireFfmpeg } from '../helpers/require-tool.js';
import { freePort } from '../helpers/servers/free-port.js';
import { spawnManaged, stopProcesses, type ManagedProcess } from '../helpers/servers/managed-process.js';
import { startMediaHttpServer, type MediaHttpServer } from './helpers/media-http-server.js';
import { ffmpegChildren, ffprobeReadStats, topLevelBoxes } from './helpers/scratch.js';

const SECRET = 'Bearer s3cr3t-token-4711';

/** Opens a URL input as a job will, and probes what was opened. */
async function openAndProbe(url: string, options: Parameters<typeof urlInput>[1] = {}) {
  const opened = await openMediaInput(urlInput(url, options));
  try {
    return await probe(opened.uri, { inputOptions: probeInputOptions(opened.inputOptions) });
  } finally {
    await opened.release();
  }
}

/** Reads `seconds` of a URL input with a real ffmpeg (`-f null`), through the library's runner; resolves its events. */
async function readWithFfmpeg(url: string, options: Parameters<typeof urlInput>[1], seconds: number): Promise<FfmpegRunEvent[]> {
  const input = urlInput(url, options);
  return lastValueFrom(runFfmpeg([...input.inputOptions, '-i', input.uri, '-t', String(seconds), '-f', 'null', '-'], { ffmpegPath: 'ffmpeg' }).pipe(toArray()));
}

async function codeAndMessage(promise: Promise<unknown>): Promise<{ code: string; message: string; all: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isPackagerError(error), `expected a PackagerError, got ${String(error)}`).to.equal(true);
  const e = error as { code: string; message: string };
  return { code: e.code, message: e.message, all: inspect(error, { depth: 6 }) };
}

describe('fromUrl: any protocol ffmpeg reads, input options before -i (real ffmpeg, real servers)', function () {
  this.timeout(120_000);
  let root: string;
  let open: MediaHttpServer;
  let guarded: MediaHttpServer;
  let sizeBytes: number;

  before(async function () {
    requireFfmpeg.call(this);
    root = await mkdtemp(join(tmpdir(), 'ffs-url-it-'));
    // 10 s at 640x360: several hundred kB, moov written last (ffmpeg's default without +faststart).
    const video = await makeTestVideo({ width: 640, height: 360, durationSeconds: 10, videoBitrateBps: 1_500_000 });
    await copyFile(video, join(root, 'moov-last.mp4'));
    const { size } = await import('node:fs/promises').then((fs) => fs.stat(video));
    sizeBytes = size;
    open = await startMediaHttpServer(root);
    guarded = await startMediaHttpServer(root, { requireHeader: { name: 'Authorization', value: SECRET } });
  });
  after(async () => {
    await open?.close();
    await guarded?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });
  afterEach(() => {
    open.clear();
    guarded.clear();
    expect(ffmpegChildren(), 'no ffmpeg or ffprobe left running').to.deep.equal([]);
  });

  it('reads an MP4 whose index is at the end in place, with range requests (random access, nothing downloaded first)', async () => {
    const boxes = await topLevelBoxes(join(root, 'moov-last.mp4'));
    expect(boxes.indexOf('moov')).to.be.greaterThan(boxes.indexOf('mdat'));
    const info = await openAndProbe(`${open.url}/moov-last.mp4`);
    expect(info.durationSeconds).to.be.closeTo(10, 0.2);
    expect(info.video?.width).to.equal(640);
    // The reader started at 0, dropped that connection long before the end, and jumped to the index (moov) at the
    // end with a new range request: random access in place. (Byte counts include the server's read-ahead into
    // socket buffers, so they say nothing about what ffprobe consumed.)
    const gets = open.requests.filter((r) => r.method === 'GET');
    const shown = JSON.stringify(gets.map((r) => `${r.range ?? 'whole'} → ${r.status}, ${r.bytesSent} B`));
    expect(gets[0]?.bytesSent, shown).to.be.lessThan(sizeBytes);
    const toIndex = gets.findIndex((r) => r.status === 206 && Number(/^bytes=(\d+)-/u.exec(r.range ?? '')?.[1] ?? 0) > sizeBytes * 0.9);
    expect(toIndex, shown).to.equal(1);
    const stats = await ffprobeReadStats(`${open.url}/moov-last.mp4`, probeInputOptions(urlInput(`${open.url}/moov-last.mp4`).inputOptions));
    expect(stats.seeks).to.be.greaterThan(0);
    expect(stats.bytesRead, `${stats.bytesRead} of ${sizeBytes} bytes`).to.be.lessThan(sizeBytes / 2);
    open.clear();
    const events = await readWithFfmpeg(`${open.url}/moov-last.mp4`, {}, 1);
    expect(events[0]?.type).to.equal('started');
    expect(open.requests.some((r) => r.status === 206)).to.equal(true);
  });

  it('sends the headers with every request of ffprobe and ffmpeg, and never shows them in events or errors', async () => {
    const headers = { Authorization: SECRET };
    const info = await openAndProbe(`${guarded.url}/moov-last.mp4`, { headers });
    expect(info.durationSeconds).to.be.closeTo(10, 0.2);
    const events = await readWithFfmpeg(`${guarded.url}/moov-last.mp4`, { headers }, 1);
    expect(guarded.requests.length).to.be.greaterThan(1);
    expect(guarded.requests.every((r) => r.headers['authorization'] === SECRET && r.status !== 401)).to.equal(true);
    const started = events.find((e) => e.type === 'started');
    expect(JSON.stringify(started)).to.not.include('s3cr3t');
    expect(started?.type === 'started' && started.argv).to.include('<redacted>');

    const probeError = await codeAndMessage(openAndProbe(`${guarded.url}/missing.mp4`, { headers }));
    expect(probeError.code).to.equal('INPUT_NOT_FOUND');
    expect(probeError.all).to.not.include('s3cr3t');
    const ffmpegError = await codeAndMessage(readWithFfmpeg(`${guarded.url}/missing.mp4`, { headers }, 1));
    expect(ffmpegError.code).to.equal('FFMPEG_FAILED');
    expect(ffmpegError.message).to.include('404');
    expect(ffmpegError.all).to.not.include('s3cr3t');
  });

  it('without the header the origin refuses (401), and the error says so', async () => {
    const { code, message } = await codeAndMessage(openAndProbe(`${guarded.url}/moov-last.mp4`));
    expect(code).to.be.oneOf(['INPUT_UNREADABLE', 'INPUT_FORBIDDEN']);
    expect(message).to.match(/401|Unauthorized/u);
  });

  it('a 404 is INPUT_NOT_FOUND; a 403 is a clear error naming the status', async () => {
    const missing = await codeAndMessage(openAndProbe(`${open.url}/nope.mp4`));
    expect(missing.code).to.equal('INPUT_NOT_FOUND');
    expect(missing.message).to.include('nope.mp4');
    const forbidden = await codeAndMessage(openAndProbe(`${open.url}/forbidden/a.mp4`));
    expect(forbidden.code).to.be.oneOf(['INPUT_UNREADABLE', 'INPUT_FORBIDDEN']);
    expect(forbidden.message).to.match(/403|Forbidden/u);
  });

  it('a closed port on 127.0.0.1 fails fast with the cause (connection refused), nothing left running', async () => {
    const port = await freePort();
    const started = Date.now();
    const { code, message } = await codeAndMessage(openAndProbe(`http://127.0.0.1:${port}/a.mp4`));
    expect(code).to.equal('INPUT_UNREADABLE');
    expect(message).to.match(/Connection refused/iu);
    expect(Date.now() - started).to.be.lessThan(15_000);
  });

  describe('live protocols with the default options (ffmpeg as the server)', () => {
    let publishers: ManagedProcess[] = [];
    let logDir: string;
    before(async () => {
      logDir = await mkdtemp(join(tmpdir(), 'ffs-url-live-'));
    });
    afterEach(async () => {
      await stopProcesses(publishers);
      publishers = [];
    });
    after(async () => {
      if (logDir) await rm(logDir, { recursive: true, force: true });
    });

    /** A looping ffmpeg that serves (rtmp/srt listen) or sends (udp) the test file in real time. */
    async function publish(args: readonly string[]): Promise<void> {
      const source = join(root, 'moov-last.mp4');
      const name = `publisher-${publishers.length}`;
      publishers.push(
        await spawnManaged(name, 'ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', source, '-c', 'copy', ...args], {
          logPath: join(logDir, `${name}.log`),
        }),
      );
      await new Promise((r) => setTimeout(r, 700));
    }

    it('rtmp:// (isLive, -rw_timeout): probed and read', async () => {
      const port = await freePort();
      const url = `rtmp://127.0.0.1:${port}/live/stream`;
      expect(urlInput(url).isLive).to.equal(true);
      await publish(['-f', 'flv', '-listen', '1', url]);
      const info = await openAndProbe(url);
      expect(info.video?.width).to.equal(640);
      // ffmpeg's rtmp server serves one client, then exits: a second one for the read.
      await publish(['-f', 'flv', '-listen', '1', url]);
      expect((await readWithFfmpeg(url, {}, 1))[0]?.type).to.equal('started');
    });

    it('srt:// caller (-rw_timeout): probed and read', async () => {
      const port = await freePort();
      const target = `srt://127.0.0.1:${port}?mode=listener`;
      await publish(['-f', 'mpegts', target]);
      const info = await openAndProbe(`srt://127.0.0.1:${port}`);
      expect(info.video?.width).to.equal(640);
      await publish(['-f', 'mpegts', target]);
      expect((await readWithFfmpeg(`srt://127.0.0.1:${port}`, {}, 1))[0]?.type).to.equal('started');
    });

    it('udp:// (waits for a sender; -timeout when asked): probed and read, and a silent port times out', async () => {
      const port = await freePort();
      await publish(['-f', 'mpegts', `udp://127.0.0.1:${port}?pkt_size=1316`]);
      const info = await openAndProbe(`udp://127.0.0.1:${port}`, { timeoutMs: 5000 });
      expect(info.video?.width).to.equal(640);
      expect((await readWithFfmpeg(`udp://127.0.0.1:${port}`, { timeoutMs: 5000 }, 1))[0]?.type).to.equal('started');
      const silent = await freePort();
      const started = Date.now();
      const { code } = await codeAndMessage(openAndProbe(`udp://127.0.0.1:${silent}`, { timeoutMs: 1500 }));
      expect(code).to.equal('INPUT_UNREADABLE');
      expect(Date.now() - started).to.be.lessThan(10_000);
    });
  });

  // ENABLE AFTER WIRING: needs runPackageJob to open inputs (withOpenedInput) and to probe with
  // probeInputOptions(input.inputOptions): before that, the job's ffprobe is sent no headers and gets 401.
  describe('end to end through packageHls', () => {
    it('packages a header-protected URL; the header reaches every request and no event shows it', async () => {
      const out = await mkdtemp(join(tmpdir(), 'ffs-url-e2e-'));
      try {
        const events = await lastValueFrom(
          fromUrl(`${guarded.url}/moov-last.mp4`, { headers: { Authorization: SECRET } }).pipe(
            packageHls({ output: join(out, 'master.m3u8'), segmentDurationSeconds: 2 }),
            toArray(),
          ),
        );
        expect(events.at(-1)?.type).to.equal('done');
        expect(JSON.stringify(events)).to.not.include('s3cr3t');
        expect(guarded.requests.every((r) => r.status !== 401)).to.equal(true);
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    });
  });
});
