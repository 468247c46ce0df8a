/**
 * Test media, generated with ffmpeg's lavfi sources instead of committed: see {@link makeTestVideo}.
 * Also {@link makeTruncatedCopy} (a broken MP4), {@link fakeMediaInfo} (a synthetic probe result for pure tests)
 * and {@link hasFfmpeg} (skip integration tests where ffmpeg is missing).
 *
 * Files live in one temporary directory per test process (under `os.tmpdir()`), removed when the process exits.
 * Don't write into it or delete its files: they are shared by every test that asks for the same parameters.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { copyFile, open, rename, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { execa } from 'execa';
import type { AudioStreamInfo, MediaInfo, VideoStreamInfo } from '../../lib/probe/media-info.js';

/** What {@link makeTestVideo} generates. Every field has a default, so `makeTestVideo({})` is a valid call. */
export interface TestVideoOptions {
  /** Coded width, pixels. Odd sizes need a pixel format without chroma subsampling (`pixFmt: 'yuv444p'`). @default 320 */
  readonly width?: number;
  /** Coded height, pixels. @default 180 */
  readonly height?: number;
  /** Frames per second; fractional rates such as 29.97 are written as ffmpeg rationals. @default 25 */
  readonly fps?: number;
  /** Length, seconds. @default 2 */
  readonly durationSeconds?: number;
  /** A 440 Hz sine track. `true` = stereo AAC; or pick channels and codec. @default true */
  readonly audio?: boolean | { readonly channels?: number; readonly codec?: 'aac' | 'opus' };
  /** A `testsrc2` video track (moving pattern and a clock). `false` gives an audio-only file (`.m4a`). @default true */
  readonly video?: boolean;
  /** Pixel format, e.g. `yuv444p` or `yuv420p10le` (10-bit H.264/HEVC). @default 'yuv420p' */
  readonly pixFmt?: string;
  /**
   * Writes the legacy `rotate` tag (remux with `-metadata:s:v:0 rotate=N`), which ffmpeg 5.1 stores as a
   * display matrix. ffprobe then reports a rotation, and 90/270 swap the displayed size. MP4/MOV only.
   * (ffmpeg 5.1 writes the matrix the other way round from phones: `rotate=90` is displayed 90° counter-clockwise,
   * so probe() reports 270. Assert on the swap, not the sign.) @default 0
   */
  readonly rotationDegrees?: 0 | 90 | 180 | 270;
  /** Video codec: libx264, libx265 (tagged hvc1), libvpx-vp9 or libaom-av1, all at their fastest settings. @default 'h264' */
  readonly codec?: 'h264' | 'hevc' | 'vp9' | 'av1';
  /** Container. @default 'mp4', or 'm4a' without video */
  readonly container?: 'mp4' | 'mov' | 'mkv' | 'webm' | 'ts' | 'm4a';
  /** Target video bitrate (`-b:v`), bits per second; default: the encoder's own rate control. */
  readonly videoBitrateBps?: number;
  /** Distance between key frames, seconds. @default 1 */
  readonly keyFrameIntervalSeconds?: number;
}

const ENCODER_ARGS: Readonly<Record<NonNullable<TestVideoOptions['codec']>, readonly string[]>> = {
  h264: ['-c:v', 'libx264', '-preset', 'ultrafast'],
  hevc: ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1'],
  vp9: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-row-mt', '1'],
  av1: ['-c:v', 'libaom-av1', '-usage', 'realtime', '-cpu-used', '8', '-row-mt', '1'],
};

const cache = new Map<string, Promise<string>>();
let mediaDir: string | undefined;
let counter = 0;

/**
 * Generates a short media file with ffmpeg (lavfi `testsrc2` + `sine`) and resolves to its absolute path.
 *
 * Calls with the same parameters share one file for the whole test run (concurrent calls share one ffmpeg),
 * so call it freely in `before` hooks. A 2 s 320x180 H.264 file takes about 0.3 s. A failed generation
 * rejects with ffmpeg's argv and stderr and is not cached.
 *
 * @example
 * const portrait = await makeTestVideo({ width: 180, height: 320, fps: 30, durationSeconds: 2 });
 * const tenBit = await makeTestVideo({ pixFmt: 'yuv420p10le' });
 * const audioOnly = await makeTestVideo({ video: false, audio: { channels: 1 } }); // → …/….m4a
 */
export function makeTestVideo(options: TestVideoOptions = {}): Promise<string> {
  const resolved = resolve(options);
  const key = JSON.stringify(resolved);
  let pending = cache.get(key);
  if (!pending) {
    pending = generate(resolved);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

type Resolved = ReturnType<typeof resolve>;

function resolve(options: TestVideoOptions) {
  const video = options.video ?? true;
  const audioOption = options.audio ?? true;
  const audio = audioOption === false ? null : { channels: 2, codec: 'aac' as const, ...(audioOption === true ? {} : audioOption) };
  if (!video && !audio) throw new Error('makeTestVideo: asked for neither video nor audio; a media file needs at least one.');
  return {
    video,
    audio,
    width: options.width ?? 320,
    height: options.height ?? 180,
    fps: options.fps ?? 25,
    durationSeconds: options.durationSeconds ?? 2,
    pixFmt: options.pixFmt ?? 'yuv420p',
    rotationDegrees: options.rotationDegrees ?? 0,
    codec: options.codec ?? 'h264',
    container: options.container ?? (video ? 'mp4' : 'm4a'),
    videoBitrateBps: options.videoBitrateBps ?? null,
    keyFrameIntervalSeconds: options.keyFrameIntervalSeconds ?? 1,
  };
}

async function generate(o: Resolved): Promise<string> {
  if (o.rotationDegrees !== 0 && o.container !== 'mp4' && o.container !== 'mov') {
    throw new Error(`makeTestVideo: rotationDegrees needs an mp4 or mov container (ffmpeg 5.1 writes rotation only there), not ${o.container}.`);
  }
  const dir = testMediaDir();
  const stem = [
    o.video ? `${o.width}x${o.height}-${o.fps}fps-${o.codec}-${o.pixFmt}` : 'audio',
    o.audio ? `${o.audio.codec}${o.audio.channels}ch` : 'noaudio',
    `${o.durationSeconds}s`,
    o.rotationDegrees ? `rot${o.rotationDegrees}` : '',
    String(++counter),
  ]
    .filter(Boolean)
    .join('-');
  const path = join(dir, `${stem}.${o.container}`);
  const partial = join(dir, `${stem}.partial.${o.container}`);
  const args = ['-v', 'error', '-nostdin', '-y'];
  if (o.video) args.push('-f', 'lavfi', '-i', `testsrc2=size=${o.width}x${o.height}:rate=${o.fps}`);
  if (o.audio) args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  args.push('-t', String(o.durationSeconds));
  if (o.video) {
    args.push('-map', '0:v', ...ENCODER_ARGS[o.codec], '-pix_fmt', o.pixFmt);
    args.push('-g', String(Math.max(1, Math.round(o.fps * o.keyFrameIntervalSeconds))));
    if (o.videoBitrateBps !== null) args.push('-b:v', String(o.videoBitrateBps));
  }
  if (o.audio) {
    args.push('-map', `${o.video ? 1 : 0}:a`, '-c:a', o.audio.codec === 'opus' ? 'libopus' : 'aac', '-ac', String(o.audio.channels));
  }
  args.push(partial);
  await runFfmpeg(args);
  if (o.rotationDegrees !== 0) {
    // ffmpeg 5.1 ignores the rotate tag while encoding but honours it on a stream copy.
    await runFfmpeg(['-v', 'error', '-nostdin', '-y', '-i', partial, '-map', '0', '-c', 'copy', '-metadata:s:v:0', `rotate=${o.rotationDegrees}`, path]);
    await rm(partial, { force: true });
  } else {
    await rename(partial, path);
  }
  return path;
}

/**
 * Copies `source` and cuts the copy to `keepFraction` of its size: a truncated MP4 whose moov box (written last
 * by ffmpeg's mp4 muxer) is missing, as after an interrupted download. Resolves to the new path.
 */
export async function makeTruncatedCopy(source: string, keepFraction = 0.5): Promise<string> {
  const target = join(testMediaDir(), `truncated-${++counter}-${basename(source, extname(source))}${extname(source)}`);
  await copyFile(source, target);
  const { size } = await stat(target);
  await truncate(target, Math.floor(size * keepFraction));
  return target;
}

/** Writes `content` to a new file in the test media directory and returns its path (e.g. a text file named `.mp4`). */
export async function makeTestFile(name: string, content: string | Uint8Array): Promise<string> {
  const target = join(testMediaDir(), `${++counter}-${name}`);
  const handle = await open(target, 'wx');
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
  return target;
}

/** The per-process directory holding generated media; created on first use, removed when the process exits. */
export function testMediaDir(): string {
  if (mediaDir === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'ffmpeg-streaming-test-media-'));
    mediaDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return mediaDir;
}

/** True when `ffmpeg` and `ffprobe` run (checked once). Integration tests call `this.skip()` otherwise. */
export function hasFfmpeg(): boolean {
  if (ffmpegPresent === undefined) {
    try {
      execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
      execFileSync('ffprobe', ['-version'], { stdio: 'ignore' });
      ffmpegPresent = true;
    } catch {
      ffmpegPresent = false;
    }
  }
  return ffmpegPresent;
}
let ffmpegPresent: boolean | undefined;

async function runFfmpeg(args: string[]): Promise<void> {
  const result = await execa('ffmpeg', args, { reject: false, stdin: 'ignore' });
  if (result.failed) {
    throw new Error(`makeTestVideo: ffmpeg failed (exit ${String(result.exitCode)}).\nargv: ffmpeg ${args.join(' ')}\n${String(result.stderr)}`);
  }
}

/** Shape of a synthetic input for {@link fakeMediaInfo}. */
export interface FakeMediaInfoOptions {
  /** Coded width, pixels (before rotation). @default 1920 */
  readonly width?: number;
  /** Coded height, pixels (before rotation). @default 1080 */
  readonly height?: number;
  /** Clockwise rotation; 90/270 swap the displayed `width`/`height` as probe() does. @default 0 */
  readonly rotationDegrees?: 0 | 90 | 180 | 270;
  /** @default 30 (null = unknown) */
  readonly frameRate?: number | null;
  /** Video stream bitrate. @default null (unknown) */
  readonly videoBitrateBps?: number | null;
  /** Container (overall) bitrate. @default null (unknown) */
  readonly overallBitrateBps?: number | null;
  /** @default '1:1' */
  readonly sampleAspectRatio?: string | null;
  /** @default 'h264' */
  readonly videoCodec?: string;
  /** @default 'yuv420p' */
  readonly pixelFormat?: string;
  /** `false` = no video stream at all. @default true */
  readonly video?: boolean;
  /** `false` = no audio stream. @default { channels: 2, bitrateBps: null } */
  readonly audio?: false | { readonly channels?: number; readonly bitrateBps?: number | null };
  /** @default 60 */
  readonly durationSeconds?: number | null;
  /** @default 'synthetic.mp4' */
  readonly input?: string;
}

/**
 * A synthetic {@link MediaInfo} shaped like probe() output, for pure tests (ladders, argument builders) that must
 * not run ffprobe. Displayed size follows the rotation, exactly as probe() computes it.
 *
 * @example
 * fakeMediaInfo({ width: 1920, height: 1080, rotationDegrees: 90 }).video?.width; // → 1080
 */
export function fakeMediaInfo(options: FakeMediaInfoOptions = {}): MediaInfo {
  const codedWidth = options.width ?? 1920;
  const codedHeight = options.height ?? 1080;
  const rotationDegrees = options.rotationDegrees ?? 0;
  const swap = rotationDegrees === 90 || rotationDegrees === 270;
  const durationSeconds = options.durationSeconds === undefined ? 60 : options.durationSeconds;
  const video: VideoStreamInfo | null =
    options.video === false
      ? null
      : {
          type: 'video',
          index: 0,
          codecName: options.videoCodec ?? 'h264',
          profile: 'High',
          width: swap ? codedHeight : codedWidth,
          height: swap ? codedWidth : codedHeight,
          codedWidth,
          codedHeight,
          rotationDegrees,
          frameRate: options.frameRate === undefined ? 30 : options.frameRate,
          pixelFormat: options.pixelFormat ?? 'yuv420p',
          bitDepth: 8,
          bitrateBps: options.videoBitrateBps ?? null,
          durationSeconds,
          sampleAspectRatio: options.sampleAspectRatio === undefined ? '1:1' : options.sampleAspectRatio,
          isAttachedPicture: false,
        };
  const audioOption = options.audio ?? {};
  const audio: AudioStreamInfo | null =
    audioOption === false
      ? null
      : {
          type: 'audio',
          index: video ? 1 : 0,
          codecName: 'aac',
          profile: 'LC',
          channels: audioOption.channels ?? 2,
          channelLayout: (audioOption.channels ?? 2) === 1 ? 'mono' : 'stereo',
          sampleRateHz: 48_000,
          bitrateBps: audioOption.bitrateBps ?? null,
          durationSeconds,
          language: 'und',
        };
  return {
    input: options.input ?? 'synthetic.mp4',
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationSeconds,
    bitrateBps: options.overallBitrateBps ?? null,
    sizeBytes: null,
    streams: [video, audio].filter((s): s is VideoStreamInfo | AudioStreamInfo => s !== null),
    video,
    audio,
    raw: {},
  };
}
