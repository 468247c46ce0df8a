import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { execa } from 'execa';
import { lastValueFrom, toArray } from 'rxjs';
import { isPackagerError } from '../../lib/errors.js';
import { input } from '../../lib/facade/input.js';
import { runFfmpeg } from '../../lib/ffmpeg/run-ffmpeg.js';
import { openMediaInput, probeInputOptions } from '../../lib/job/open-media-input.js';
import { probe } from '../../lib/probe/probe.js';
import { captureInput, fromCapture } from '../../sources/from-capture.js';
import { Bitrate, Representation, Size, packageHls } from '../../lib/index.js';
import { listCaptureDevices } from '../../sources/list-capture-devices.js';
import { requireFfmpeg } from '../helpers/require-tool.js';
import { startOrSkip } from '../helpers/servers/index.js';
import { ffmpegChildren } from './helpers/scratch.js';
import { isDisplayTaken, startXvfb, type XvfbServer } from './helpers/xvfb.js';

/** The first timestamp of a media file's first stream of `type` (ffprobe's stream start_time), seconds. */
async function streamStart(path: string, type: 'video' | 'audio'): Promise<number> {
  const { stdout } = await execa('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,start_time', '-of', 'json', path]);
  const streams = (JSON.parse(stdout) as { streams: { codec_type: string; start_time: string }[] }).streams;
  return Number(streams.find((st) => st.codec_type === type)?.start_time ?? Number.NaN);
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isPackagerError(error), `expected a PackagerError, got ${String(error)}`).to.equal(true);
  return { code: (error as { code: string }).code, message: (error as Error).message };
}

describe('fromCapture: a real X screen under Xvfb through x11grab', function () {
  this.timeout(120_000);
  let xvfb: XvfbServer;
  let out: string;

  before(async function () {
    if (process.platform !== 'linux') this.skip();
    requireFfmpeg.call(this);
    xvfb = await startOrSkip(this, () => startXvfb({ first: 97, screen: '640x480' }));
    out = await mkdtemp(join(tmpdir(), 'ffs-capture-it-'));
  });
  after(async () => {
    await xvfb?.stop();
    if (out) await rm(out, { recursive: true, force: true });
  });
  afterEach(() => {
    expect(ffmpegChildren(), 'no ffmpeg or ffprobe left running').to.deep.equal([]);
  });

  it('is a live input; opening checks the display; probe sees the requested size', async () => {
    const source = captureInput(xvfb.display, { kind: 'screen', size: '320x240', frameRate: 10 });
    expect(source).to.deep.include({ kind: 'capture', uri: xvfb.display, isLive: true });
    const opened = await openMediaInput(source);
    try {
      const info = await probe(opened.uri, { inputOptions: probeInputOptions(opened.inputOptions), signal: AbortSignal.timeout(20_000) });
      expect(info.video?.width).to.equal(320);
      expect(info.video?.height).to.equal(240);
      expect(info.video?.frameRate).to.be.closeTo(10, 0.01);
    } finally {
      await opened.release();
    }
  });

  it('records 2 s into three renditions from ONE opening of the screen (one -i, split to 3 outputs)', async () => {
    const source = captureInput(xvfb.display, { kind: 'screen', size: '320x240', frameRate: 10 });
    const opened = await openMediaInput(source);
    const outputs = [0, 1, 2].map((i) => join(out, `rung${i}.mp4`));
    const args = [
      ...opened.inputOptions,
      '-i',
      opened.uri,
      '-filter_complex',
      '[0:v]split=3[s0][s1][s2];[s0]scale=320:240[v0];[s1]scale=160:120[v1];[s2]scale=96:72[v2]',
      ...outputs.flatMap((path, i) => ['-map', `[v${i}]`, '-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', path]),
    ];
    const events = await lastValueFrom(runFfmpeg(args, { ffmpegPath: 'ffmpeg' }).pipe(toArray()));
    await opened.release();
    const started = events.find((e) => e.type === 'started');
    const argv = started?.type === 'started' ? started.argv : [];
    expect(argv.filter((a) => a === '-i'), 'the screen is opened once').to.have.length(1);
    expect(argv.filter((a) => a === 'x11grab')).to.have.length(1);
    const sizes = [];
    for (const path of outputs) {
      const info = await probe(path);
      expect(info.durationSeconds).to.be.closeTo(2, 0.35);
      sizes.push(`${info.video?.width}x${info.video?.height}`);
    }
    expect(sizes).to.deep.equal(['320x240', '160x120', '96x72']);
  });

  it('screen + a microphone (ALSA "null"), packaged live: the audio starts when the microphone really opened (-isync 0), not 0.6 s early', async () => {
    const output = join(out, 'mic', 'mic.m3u8');
    const result = await lastValueFrom(
      fromCapture(xvfb.display, { kind: 'screen', size: '320x240', frameRate: 10, audioDevice: 'alsa:null' }).pipe(
        packageHls({ output, representations: [new Representation(new Size(320, 240), new Bitrate(300_000))], segmentDurationSeconds: 2, live: { playlistType: 'event', durationMs: 4000 } }),
      ),
    );
    expect(result.type).to.equal('done');
    // The first video and the first audio segment: their first timestamps are on the one clock of the job.
    const names = await readdir(join(out, 'mic'));
    const firstOf = (pattern: RegExp): string => join(out, 'mic', names.filter((n) => pattern.test(n)).sort()[0] ?? 'missing');
    const starts = { video: await streamStart(firstOf(/_240p_\d+\.ts$/u), 'video'), audio: await streamStart(firstOf(/_audio_\d+\.ts$/u), 'audio') };
    const lateBySeconds = starts.audio - starts.video;
    // ffmpeg opens the microphone after probing the screen: its first sample was recorded that much later. Without
    // -isync both streams would start together and the sound would play early by that much.
    expect(lateBySeconds, JSON.stringify(starts)).to.be.within(0.05, 3);
  });

  it('the facade input(display, { capture: true, screen: true }) probes the screen (the seed\'s capture=True, screen=True)', async () => {
    const ffprobe = await input(xvfb.display, { capture: true, screen: true, size: '320x240', frameRate: 10 }).probe();
    expect(String(ffprobe.videoSize)).to.equal('320x240');
  });

  it('listCaptureDevices() sees the X display', async () => {
    const { platform, video } = await listCaptureDevices();
    expect(platform).to.equal('linux');
    expect(video.map((d) => d.name)).to.include(xvfb.display);
    expect(video.find((d) => d.name === xvfb.display)?.kind).to.equal('screen');
  });

  it('a display with no X server is INPUT_NOT_FOUND naming it and how to list devices, before anything is encoded', async function () {
    if (isDisplayTaken(45)) this.skip();
    const { code, message } = await failure(openMediaInput(captureInput(':45', { kind: 'screen' })));
    expect(code).to.equal('INPUT_NOT_FOUND');
    expect(message).to.include(':45').and.include('ffstream devices').and.match(/Cannot open display/iu);
  });

  it('a capture area larger than the screen is INPUT_UNREADABLE with ffmpeg\'s words', async () => {
    const { code, message } = await failure(openMediaInput(captureInput(xvfb.display, { kind: 'screen', size: '1920x1080' })));
    expect(code).to.equal('INPUT_UNREADABLE');
    expect(message).to.match(/outside the screen|Capture area/iu);
  });

  it('a camera that does not exist (/dev/video9) is INPUT_NOT_FOUND', async function () {
    if (existsSync('/dev/video9')) this.skip();
    const { code, message } = await failure(openMediaInput(captureInput('/dev/video9', { kind: 'camera' })));
    expect(code).to.equal('INPUT_NOT_FOUND');
    expect(message).to.include('/dev/video9').and.include('ffstream devices');
  });

  it('an audio device that does not exist (alsa:hw:9) is INPUT_NOT_FOUND naming it', async () => {
    const { code, message } = await failure(openMediaInput(captureInput(xvfb.display, { kind: 'screen', audioDevice: 'alsa:hw:9' })));
    expect(code).to.equal('INPUT_NOT_FOUND');
    expect(message).to.include('alsa:hw:9');
  });

  it('a kind the platform lacks is UNSUPPORTED, at once', () => {
    try {
      captureInput('/dev/video0', { kind: 'camera', platform: 'sunos' });
      expect.fail('should throw');
    } catch (error) {
      expect(isPackagerError(error) && error.code).to.equal('UNSUPPORTED');
    }
  });
});
