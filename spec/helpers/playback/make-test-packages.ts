import { execFile, execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A package written by {@link makeHlsLadder} or {@link makeDashLadder}. */
export interface TestPackage {
  /** Directory holding the package (serve it with startStaticServer). */
  readonly dir: string;
  /** Manifest path relative to `dir` (`master.m3u8` or `manifest.mpd`). */
  readonly manifest: string;
  /** Video rung heights, highest first. */
  readonly heights: readonly number[];
  /** Media segment paths relative to `dir`, per video rung height, in playback order. */
  readonly videoSegments: Readonly<Record<number, readonly string[]>>;
  /**
   * Audio segment paths relative to `dir`, in playback order. Every rung plays this one audio
   * rendition, so breaking an audio segment breaks the package whichever rung a player starts on.
   */
  readonly audioSegments: readonly string[];
}

/** Clip shape shared by the fixtures; the rung heights differ so a switch is visible in `videoHeight`. */
export interface LadderOptions {
  /** @default 12 */
  readonly durationSeconds?: number;
  /** @default 4 */
  readonly segmentSeconds?: number;
  /**
   * HLS only: encrypt every segment with AES-128 (`-hls_key_info_file`). `keyUri` is written
   * verbatim into the media playlists; the key itself is stored as `enc.key` in the package.
   */
  readonly aes128?: { readonly keyHex: string; readonly keyUri: string };
}

const FPS = 25;
const RUNGS = [
  { height: 360, width: 640, bitrate: '800k', maxrate: '900k', bufsize: '1600k' },
  { height: 180, width: 320, bitrate: '250k', maxrate: '300k', bufsize: '500k' },
] as const;

/** testsrc2 + sine, split into the two rungs, x264 veryfast with a keyframe forced every 2 s. */
function encodeArgs(durationSeconds: number): string[] {
  const split = `[0:v]split=2[a][b];[a]format=yuv420p[v0];[b]scale=${RUNGS[1].width}:${RUNGS[1].height},format=yuv420p[v1]`;
  return [
    ...['-v', 'error', '-y', '-nostdin'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=${RUNGS[0].width}x${RUNGS[0].height}:rate=${FPS}`],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
    ...['-t', String(durationSeconds), '-filter_complex', split],
    ...['-map', '[v0]', '-map', '[v1]', '-map', '1:a'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-force_key_frames', 'expr:gte(t,n_forced*2)', '-sc_threshold', '0'],
    ...RUNGS.flatMap((r, i) => [`-b:v:${i}`, r.bitrate, `-maxrate:v:${i}`, r.maxrate, `-bufsize:v:${i}`, r.bufsize]),
    ...['-c:a', 'aac', '-b:a', '96k', '-ac', '2'],
  ];
}

/** Segment URIs of an HLS media playlist, prefixed with the playlist's directory. */
async function hlsSegments(dir: string, variant: string): Promise<string[]> {
  const playlist = await readFile(join(dir, variant, 'index.m3u8'), 'utf8');
  return playlist
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((uri) => `${variant}/${uri}`);
}

/** DASH media segments of one representation, by file name (`chunk-<id>-NNNNN.m4s` sorts in order). */
async function dashSegments(dir: string, representationId: number): Promise<string[]> {
  const pattern = new RegExp(`^chunk-${representationId}-\\d+\\.m4s$`);
  return (await readdir(dir)).filter((name) => pattern.test(name)).sort();
}

/**
 * Writes a 2-rung HLS ladder (640x360 + 320x180, separate audio group, `master.m3u8`) into `dir`
 * with plain ffmpeg: variant `360p/`, `180p/` and `audio/` playlists, segments `seg_NNN.ts|m4s`.
 */
export async function makeHlsLadder(
  dir: string,
  segmentType: 'mpegts' | 'fmp4',
  options: LadderOptions = {},
): Promise<TestPackage> {
  const ext = segmentType === 'fmp4' ? 'm4s' : 'ts';
  await mkdir(dir, { recursive: true });
  const keyArgs: string[] = [];
  if (options.aes128 !== undefined) {
    // keyinfo: line 1 = URI for the playlist, line 2 = key file path; no line 3, so ffmpeg derives the IV.
    await writeFile(join(dir, 'enc.key'), Buffer.from(options.aes128.keyHex, 'hex'));
    await writeFile(join(dir, 'keyinfo.txt'), `${options.aes128.keyUri}\n${join(dir, 'enc.key')}\n`);
    keyArgs.push('-hls_key_info_file', join(dir, 'keyinfo.txt'));
  }
  await run('ffmpeg', [
    ...encodeArgs(options.durationSeconds ?? 12),
    ...['-f', 'hls', '-hls_time', String(options.segmentSeconds ?? 4), '-hls_playlist_type', 'vod'],
    ...['-hls_segment_type', segmentType, '-master_pl_name', 'master.m3u8'],
    ...(segmentType === 'fmp4' ? ['-hls_fmp4_init_filename', 'init.mp4'] : []),
    ...keyArgs,
    ...['-var_stream_map', 'v:0,agroup:aud,name:360p v:1,agroup:aud,name:180p a:0,agroup:aud,name:audio'],
    ...['-hls_segment_filename', join(dir, '%v', `seg_%03d.${ext}`)],
    join(dir, '%v', 'index.m3u8'),
  ]);
  return {
    dir,
    manifest: 'master.m3u8',
    heights: RUNGS.map((r) => r.height),
    videoSegments: Object.fromEntries(await Promise.all(RUNGS.map(async (r) => [r.height, await hlsSegments(dir, `${r.height}p`)]))),
    audioSegments: await hlsSegments(dir, 'audio'),
  };
}

/**
 * Writes a 2-rung DASH package (H.264 640x360 + 320x180 in one AdaptationSet, AAC in another,
 * SegmentTemplate + SegmentTimeline) into `dir` as `manifest.mpd`, `init-<id>.m4s`, `chunk-<id>-NNNNN.m4s`.
 */
export async function makeDashLadder(dir: string, options: LadderOptions = {}): Promise<TestPackage> {
  await mkdir(dir, { recursive: true });
  await run('ffmpeg', [
    ...encodeArgs(options.durationSeconds ?? 12),
    ...['-f', 'dash', '-seg_duration', String(options.segmentSeconds ?? 4), '-use_template', '1', '-use_timeline', '1'],
    ...['-adaptation_sets', 'id=0,streams=v id=1,streams=a'],
    ...['-init_seg_name', 'init-$RepresentationID$.m4s', '-media_seg_name', 'chunk-$RepresentationID$-$Number%05d$.m4s'],
    join(dir, 'manifest.mpd'),
  ]);
  // Representation ids follow the -map order: 0 = 360p, 1 = 180p, 2 = audio.
  return {
    dir,
    manifest: 'manifest.mpd',
    heights: RUNGS.map((r) => r.height),
    videoSegments: Object.fromEntries(await Promise.all(RUNGS.map(async (r, id) => [r.height, await dashSegments(dir, id)]))),
    audioSegments: await dashSegments(dir, RUNGS.length),
  };
}

/** Why ffmpeg-made fixtures cannot be built here, or `undefined` if `ffmpeg` is on PATH. */
export function ffmpegMissingReason(): string | undefined {
  try {
    execFileSync('ffmpeg', ['-hide_banner', '-version'], { stdio: 'ignore', timeout: 10_000 });
    return undefined;
  } catch {
    return 'ffmpeg is not on PATH (apt-get install -y ffmpeg)';
  }
}
