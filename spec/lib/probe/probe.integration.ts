import { expect } from 'chai';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPackagerError, type PackagerError } from '../../../lib/errors.js';
import { FFProbe, ffprobe } from '../../../lib/probe/ffprobe.js';
import { probe } from '../../../lib/probe/probe.js';
import { hasFfmpeg, makeTestFile, makeTestVideo, makeTruncatedCopy, type TestVideoOptions } from '../../helpers/media.js';

const LANDSCAPE = { width: 320, height: 180, fps: 25, durationSeconds: 2 } as const;
const MEDIA: readonly TestVideoOptions[] = [
  LANDSCAPE,
  { width: 180, height: 320, fps: 30, durationSeconds: 1 },
  { width: 320, height: 180, durationSeconds: 1, rotationDegrees: 90 },
  { durationSeconds: 1, pixFmt: 'yuv444p', audio: false },
  { durationSeconds: 1, pixFmt: 'yuv420p10le', audio: false },
  { video: false, audio: { channels: 1 }, durationSeconds: 1 },
  { audio: false, durationSeconds: 1 },
];

async function rejection(promise: Promise<unknown>): Promise<PackagerError> {
  try {
    await promise;
  } catch (error) {
    if (isPackagerError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('probe() with real ffprobe', function () {
  this.timeout(60_000);
  let outDir: string;

  before(async function () {
    if (!hasFfmpeg()) this.skip();
    outDir = await mkdtemp(join(tmpdir(), 'probe-spec-'));
    // Generate every input at once (makeTestVideo caches by parameters, so the tests get these same files).
    await Promise.all(MEDIA.map((options) => makeTestVideo(options)));
  });

  after(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('describes a landscape H.264 + stereo AAC file', async () => {
    const path = await makeTestVideo(LANDSCAPE);
    const info = await probe(path);
    expect(info.input).to.equal(path);
    expect(info.formatName).to.include('mp4');
    expect(info.durationSeconds).to.be.closeTo(2, 0.1);
    expect(info.bitrateBps).to.be.a('number').and.greaterThan(0);
    expect(info.sizeBytes).to.be.a('number').and.greaterThan(0);
    expect(info.video).to.deep.include({ codecName: 'h264', width: 320, height: 180, rotationDegrees: 0, frameRate: 25, pixelFormat: 'yuv420p', bitDepth: 8, isAttachedPicture: false });
    expect(info.video?.bitrateBps).to.be.a('number').and.greaterThan(0);
    expect(info.audio).to.deep.include({ codecName: 'aac', channels: 2, sampleRateHz: 48000 });
    expect(info.audio?.bitrateBps).to.be.a('number').and.greaterThan(0);
  });

  it('reports a portrait file as portrait', async () => {
    const info = await probe(await makeTestVideo({ width: 180, height: 320, fps: 30, durationSeconds: 1 }));
    expect(info.video).to.include({ width: 180, height: 320, frameRate: 30 });
  });

  it('swaps the displayed size of a rotated MP4 and keeps the coded size', async () => {
    const info = await probe(await makeTestVideo({ width: 320, height: 180, durationSeconds: 1, rotationDegrees: 90 }));
    expect(info.video).to.include({ width: 180, height: 320, codedWidth: 320, codedHeight: 180 });
    expect(info.video?.rotationDegrees).to.be.oneOf([90, 270]);
  });

  it('reads 4:4:4 and 10-bit pixel formats', async () => {
    const [yuv444, tenBit] = await Promise.all([
      probe(await makeTestVideo({ durationSeconds: 1, pixFmt: 'yuv444p', audio: false })),
      probe(await makeTestVideo({ durationSeconds: 1, pixFmt: 'yuv420p10le', audio: false })),
    ]);
    expect(yuv444.video).to.include({ pixelFormat: 'yuv444p', bitDepth: 8 });
    expect(tenBit.video).to.include({ pixelFormat: 'yuv420p10le', bitDepth: 10 });
  });

  it('describes audio-only and video-only files', async () => {
    const audioOnly = await probe(await makeTestVideo({ video: false, audio: { channels: 1 }, durationSeconds: 1 }));
    expect(audioOnly.video).to.equal(null);
    expect(audioOnly.audio).to.include({ channels: 1, codecName: 'aac' });
    const videoOnly = await probe(await makeTestVideo({ audio: false, durationSeconds: 1 }));
    expect(videoOnly.audio).to.equal(null);
    expect(videoOnly.video?.codecName).to.equal('h264');
    expect(videoOnly.streams).to.have.length(1);
  });

  it('passes input options before the input', async () => {
    const lavfi = await probe('testsrc=size=64x48:rate=5:duration=1', { inputOptions: ['-f', 'lavfi'] });
    expect(lavfi.video).to.include({ width: 64, height: 48, frameRate: 5 });
  });

  it('reads a relative path that starts with a dash (given to ffprobe with -i, not as an option)', async () => {
    await copyFile(await makeTestVideo(LANDSCAPE), join(outDir, '-dashed.mp4'));
    const previous = process.cwd();
    process.chdir(outDir);
    try {
      expect((await probe('-dashed.mp4')).video).to.include({ width: 320, height: 180 });
    } finally {
      process.chdir(previous);
    }
  });

  it('rejects a missing path with INPUT_NOT_FOUND before running ffprobe', async () => {
    const missing = join(outDir, 'nope', 'missing.mp4');
    const error = await rejection(probe(missing, { ffprobePath: '/nonexistent/ffprobe' }));
    expect(error.code).to.equal('INPUT_NOT_FOUND');
    expect(error.message).to.include(`"${missing}" does not exist`);
    expect(error.message).to.include('Check the path');
  });

  it('rejects a directory with INPUT_UNREADABLE and an empty file with INPUT_EMPTY', async () => {
    const dirError = await rejection(probe(outDir));
    expect(dirError.code).to.equal('INPUT_UNREADABLE');
    expect(dirError.message).to.include('is a directory, not a media file');
    const empty = await makeTestFile('empty.mp4', '');
    const emptyError = await rejection(probe(empty));
    expect(emptyError.code).to.equal('INPUT_EMPTY');
    expect(emptyError.message).to.include('is empty (0 bytes)');
  });

  it('rejects a text file named .mp4 as not a media file, with ffprobe\'s words', async () => {
    const text = await makeTestFile('notes.mp4', 'hello, I am not a video\n');
    const error = await rejection(probe(text));
    expect(error.code).to.equal('INPUT_UNREADABLE');
    expect(error.message).to.include('is not a media file ffmpeg can read');
    expect(error.message).to.include('Invalid data found when processing input');
  });

  it('explains a truncated MP4 (moov missing)', async () => {
    const truncated = await makeTruncatedCopy(await makeTestVideo(LANDSCAPE), 0.5);
    const error = await rejection(probe(truncated));
    expect(error.code).to.equal('INPUT_UNREADABLE');
    expect(error.message).to.include('is an incomplete MP4');
    expect(error.message).to.include('moov atom not found');
    expect(error.message).to.include('Re-export or re-download');
  });

  it('rejects a file without any stream with NO_MEDIA_STREAMS', async () => {
    const metadataOnly = await makeTestFile('metadata.txt', ';FFMETADATA1\ntitle=nothing here\n');
    const error = await rejection(probe(metadataOnly));
    expect(error.code).to.equal('NO_MEDIA_STREAMS');
    expect(error.message).to.include('found no audio, video or other stream');
  });

  it('redacts URL credentials when a network input fails', async () => {
    const error = await rejection(probe('http://user:secret@127.0.0.1:9/x.mp4?X-Amz-Signature=abc'));
    expect(error.code).to.equal('INPUT_UNREADABLE');
    expect(error.message).not.to.match(/secret|abc/u);
    expect(error.message).to.include('http://***@127.0.0.1:9/x.mp4?X-Amz-Signature=***');
  });

  it('rejects with FFMPEG_NOT_FOUND for a wrong ffprobePath and with ABORTED for an aborted signal', async () => {
    const path = await makeTestVideo(LANDSCAPE);
    expect((await rejection(probe(path, { ffprobePath: join(outDir, 'no-ffprobe') }))).code).to.equal('FFMPEG_NOT_FOUND');
    expect((await rejection(probe(path, { signal: AbortSignal.abort() }))).code).to.equal('ABORTED');
  });

  it('stops a hanging ffprobe when the signal aborts', async () => {
    // A server that accepts and never answers: ffprobe waits on it until it is stopped.
    const sockets: Socket[] = [];
    const server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(), 500);
      const error = await rejection(probe(`http://127.0.0.1:${port}/slow.mp4`, { signal: controller.signal }));
      expect(error.code).to.equal('ABORTED');
      expect(Date.now() - started).to.be.lessThan(10_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  describe('FFProbe (the Python-style facade)', () => {
    it('exposes raw streams, format, sizes and bitrates', async () => {
      const path = await makeTestVideo(LANDSCAPE);
      const p = await FFProbe.probe(path);
      expect(p.streams().all()).to.have.length(2);
      expect(p.streams().videos()).to.have.length(1);
      expect(p.streams().video()['codec_name']).to.equal('h264');
      expect(p.streams().audio()['codec_name']).to.equal('aac');
      expect(p.streams().firstStream()['index']).to.equal(0);
      expect(p.format().format_name).to.include('mp4');
      expect(p.all().streams).to.have.length(2);
      expect(String(p.videoSize)).to.equal('320x180');
      expect(p.bitrate.videoBps).to.equal(p.mediaInfo.video?.bitrateBps);
      expect(p.bitrate.audioBps).to.equal(p.mediaInfo.audio?.bitrateBps);
      expect(p.bitrate.overallBps).to.equal(p.mediaInfo.bitrateBps);
    });

    it('saves the raw JSON, creating parent directories', async () => {
      const p = await ffprobe(await makeTestVideo(LANDSCAPE));
      const target = join(outDir, 'a', 'b', 'probe.json');
      await p.saveAsJson(target);
      const saved = JSON.parse(await readFile(target, 'utf8')) as { streams: unknown[]; format: { format_name: string } };
      expect(saved.streams).to.have.length(2);
      expect(saved.format.format_name).to.include('mp4');
    });

    it('throws NO_VIDEO_STREAM for the size of an audio-only file, but still gives its bitrate', async () => {
      const p = await FFProbe.probe(await makeTestVideo({ video: false, audio: { channels: 1 }, durationSeconds: 1 }));
      expect(p.streams().video()).to.deep.equal({});
      expect(() => p.videoSize).to.throw(/has no video stream/u).with.property('code', 'NO_VIDEO_STREAM');
      expect(p.bitrate.videoBps).to.equal(undefined);
      expect(p.bitrate.audioBps).to.be.a('number');
    });
  });
});
