/**
 * Makes small real packages with ffmpeg (lavfi sources, nothing committed) for the manifest integration
 * tests, and reads ffprobe's view of them.
 */
import { execa } from 'execa';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** 640x360 + 320x180 test pattern and a 440 Hz tone, key frames every 2 s, both scaled with setsar=1. */
const LADDER_INPUT = [
  '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30',
  '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
  '-t', '10',
  '-filter_complex', '[0:v]split=2[a][b];[a]scale=640:360,setsar=1[v0];[b]scale=320:180,setsar=1[v1]',
  '-map', '[v0]', '-map', '[v1]', '-map', '1:a',
  '-c:v', 'libx264', '-preset', 'veryfast', '-b:v:0', '800k', '-b:v:1', '300k',
  '-force_key_frames', 'expr:gte(t,n_forced*2)', '-sc_threshold', '0',
  '-c:a', 'aac', '-b:a', '96k', '-ac', '2',
];

const VAR_STREAM_MAP = 'v:0,agroup:aud,name:360p v:1,agroup:aud,name:180p a:0,agroup:aud,name:audio';

/** True when ffmpeg can be started. */
export async function hasFfmpeg(): Promise<boolean> {
  return execa('ffmpeg', ['-version']).then(() => true, () => false);
}

async function ffmpeg(args: readonly string[]): Promise<void> {
  await execa('ffmpeg', ['-y', '-v', 'error', ...args]);
}

/** HLS ladder in one ffmpeg run: `clip_<name>.m3u8`, TS or fMP4 segments, plus ffmpeg's own `ffmpeg_master.m3u8`. */
export async function makeHlsLadder(dir: string, segmentType: 'mpegts' | 'fmp4'): Promise<void> {
  const ext = segmentType === 'fmp4' ? 'm4s' : 'ts';
  await ffmpeg([
    ...LADDER_INPUT,
    '-f', 'hls', '-hls_time', '4', '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments',
    ...(segmentType === 'fmp4' ? ['-hls_segment_type', 'fmp4', '-hls_fmp4_init_filename', 'clip_%v_init.mp4'] : []),
    '-master_pl_name', 'ffmpeg_master.m3u8',
    '-var_stream_map', VAR_STREAM_MAP,
    '-hls_segment_filename', join(dir, `clip_%v_%05d.${ext}`),
    join(dir, 'clip_%v.m3u8'),
  ]);
}

/** DASH ladder with `-hls_playlist 1`: `clip.mpd`, `media_<N>.m3u8`, and ffmpeg's master renamed `ffmpeg_master.m3u8`. */
export async function makeDashLadder(dir: string): Promise<void> {
  await ffmpeg([
    ...LADDER_INPUT,
    '-f', 'dash', '-dash_segment_type', 'mp4', '-seg_duration', '4', '-use_template', '1', '-use_timeline', '1',
    '-adaptation_sets', 'id=0,streams=v id=1,streams=a',
    '-init_seg_name', 'clip_init_$RepresentationID$.m4s', '-media_seg_name', 'clip_chunk_$RepresentationID$_$Number%05d$.m4s',
    '-hls_playlist', '1', '-hls_master_name', 'ffmpeg_master.m3u8',
    join(dir, 'clip.mpd'),
  ]);
}

/** A 2-second single-rung DASH package with the given encoders (one video, one audio), for codec checks. */
export async function makeDashClip(dir: string, videoArgs: readonly string[], audioArgs: readonly string[]): Promise<void> {
  await ffmpeg([
    '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30', '-f', 'lavfi', '-i', 'sine=sample_rate=48000', '-t', '2',
    '-map', '0:v', '-map', '1:a', ...videoArgs, '-g', '30', ...audioArgs,
    '-f', 'dash', '-dash_segment_type', 'mp4', '-seg_duration', '1', '-adaptation_sets', 'id=0,streams=v id=1,streams=a',
    join(dir, 'clip.mpd'),
  ]);
}

/** A 2-second MPEG-TS file with the given video encoder and AAC. */
export async function makeTsClip(path: string, videoArgs: readonly string[]): Promise<void> {
  await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30', '-f', 'lavfi', '-i', 'sine=sample_rate=44100', '-t', '2', '-map', '0:v', '-map', '1:a', ...videoArgs, '-c:a', 'aac', '-f', 'mpegts', path]);
}

/** ffprobe's codec facts of the first stream of each type in a file (or init+segment bytes). */
export interface ProbedCodec {
  readonly codec_name: string;
  readonly profile?: string;
  readonly level?: number;
  readonly pix_fmt?: string;
}

/** Runs ffprobe on bytes through stdin and returns its streams. */
export async function probeCodecs(input: Uint8Array): Promise<ProbedCodec[]> {
  const { stdout } = await execa('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_entries', 'stream=codec_name,profile,level,pix_fmt', '-i', 'pipe:0'], { input });
  return (JSON.parse(stdout) as { streams: ProbedCodec[] }).streams;
}

/** A straightforward recomputation of peak and average bitrate from a media playlist: EXTINF and file sizes. */
export function recomputeBitrates(playlistPath: string): { peakBps: number; averageBps: number; longestSeconds: number } {
  const lines = readFileSync(playlistPath, 'utf8').split('\n');
  let peakBps = 0;
  let bits = 0;
  let seconds = 0;
  let longestSeconds = 0;
  lines.forEach((line, i) => {
    if (!line.startsWith('#EXTINF:')) return;
    const duration = Number.parseFloat(line.slice(8));
    const uri = lines.slice(i + 1).find((l) => l !== '' && !l.startsWith('#')) ?? '';
    const size = statSync(join(dirname(playlistPath), uri)).size;
    peakBps = Math.max(peakBps, (size * 8) / duration);
    bits += size * 8;
    seconds += duration;
    longestSeconds = Math.max(longestSeconds, duration);
  });
  return { peakBps, averageBps: bits / seconds, longestSeconds };
}

/** A 3-second audio-only fMP4 HLS rendition whose file names hold a space, double quotes and non-ASCII. */
export async function makeAwkwardlyNamedAudio(dir: string, stem: string): Promise<string> {
  await ffmpeg([
    '-f', 'lavfi', '-i', 'sine=sample_rate=48000', '-t', '3', '-c:a', 'aac', '-ac', '2',
    '-f', 'hls', '-hls_time', '1', '-hls_playlist_type', 'vod', '-hls_segment_type', 'fmp4',
    '-hls_fmp4_init_filename', `${stem}_init.mp4`, '-hls_segment_filename', join(dir, `${stem}_%03d.m4s`),
    join(dir, `${stem}.m3u8`),
  ]);
  return join(dir, `${stem}.m3u8`);
}
