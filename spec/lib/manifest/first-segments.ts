/**
 * Makes one-rendition HLS (TS or fMP4) and DASH packages with real ffmpeg from lavfi sources (nothing committed),
 * and returns the bytes of each rendition's first segment as the library measures them: init + first media
 * segment for fMP4, the segment alone for TS.
 */
import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The bytes `segmentFactsOfBytes` / `probeSegmentBytes` take, and which kind they are. */
export interface FirstSegment {
  readonly kind: 'fmp4' | 'mpegts';
  readonly bytes: Uint8Array;
}

/** A test clip: a testsrc2 picture and/or a sine tone, with the encoder arguments for each. */
export interface ClipSpec {
  readonly video?: { readonly size: string; readonly rate: string; readonly args: readonly string[] };
  readonly audio?: { readonly sampleRateHz: number; readonly channels: number; readonly args: readonly string[] };
  /** Extra output arguments, e.g. `-metadata:s:a:0 language=eng`. */
  readonly extra?: readonly string[];
}

const CLIP_SECONDS = '2';

/** The encoders this ffmpeg has (`ffmpeg -encoders`). */
export async function availableEncoders(): Promise<Set<string>> {
  const { stdout } = await execa('ffmpeg', ['-hide_banner', '-encoders']);
  return new Set(stdout.split('\n').map((line) => /^\s*[VAS][.A-Z]{5}\s+(\S+)/.exec(line)?.[1]).filter((name): name is string => name !== undefined));
}

/** One HLS rendition holding the clip's streams (muxed when both); its first segment. */
export async function hlsFirstSegment(dir: string, name: string, segmentType: 'mpegts' | 'fmp4', clip: ClipSpec): Promise<FirstSegment> {
  const ext = segmentType === 'fmp4' ? 'm4s' : 'ts';
  await encode([
    ...inputsAndCodecs(clip),
    '-f', 'hls', '-hls_time', '1', '-hls_playlist_type', 'vod',
    ...(segmentType === 'fmp4' ? ['-hls_segment_type', 'fmp4', '-hls_fmp4_init_filename', `${name}_init.mp4`] : []),
    '-hls_segment_filename', join(dir, `${name}_%03d.${ext}`),
    join(dir, `${name}.m3u8`),
  ]);
  const first = await readFile(join(dir, `${name}_000.${ext}`));
  if (segmentType === 'mpegts') return { kind: 'mpegts', bytes: first };
  return { kind: 'fmp4', bytes: Buffer.concat([await readFile(join(dir, `${name}_init.mp4`)), first]) };
}

/** A DASH package with one representation per stream (video first); each one's init + first segment. */
export async function dashFirstSegments(dir: string, name: string, clip: ClipSpec): Promise<FirstSegment[]> {
  const sets = [clip.video && 'id=0,streams=v', clip.audio && `id=${clip.video ? 1 : 0},streams=a`].filter(Boolean).join(' ');
  await encode([
    ...inputsAndCodecs(clip),
    '-f', 'dash', '-dash_segment_type', 'mp4', '-seg_duration', '1', '-adaptation_sets', sets,
    '-init_seg_name', `${name}_init_$RepresentationID$.m4s`, '-media_seg_name', `${name}_$RepresentationID$_$Number%05d$.m4s`,
    join(dir, `${name}.mpd`),
  ]);
  const count = (clip.video ? 1 : 0) + (clip.audio ? 1 : 0);
  return Promise.all(
    Array.from({ length: count }, async (_, id) => ({
      kind: 'fmp4' as const,
      bytes: Buffer.concat([await readFile(join(dir, `${name}_init_${id}.m4s`)), await readFile(join(dir, `${name}_${id}_00001.m4s`))]),
    })),
  );
}

function inputsAndCodecs(clip: ClipSpec): string[] {
  const args: string[] = [];
  if (clip.video) args.push('-f', 'lavfi', '-i', `testsrc2=size=${clip.video.size}:rate=${clip.video.rate}`);
  if (clip.audio) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=${clip.audio.sampleRateHz}`);
  args.push('-t', CLIP_SECONDS);
  if (clip.video) args.push('-map', '0:v', ...clip.video.args, '-force_key_frames', 'expr:gte(t,n_forced*1)', '-pix_fmt', 'yuv420p');
  if (clip.audio) args.push('-map', `${clip.video ? 1 : 0}:a`, ...clip.audio.args, '-ac', String(clip.audio.channels));
  return [...args, ...(clip.extra ?? [])];
}

async function encode(args: readonly string[]): Promise<void> {
  await execa('ffmpeg', ['-y', '-v', 'error', ...args]);
}
