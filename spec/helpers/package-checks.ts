/**
 * Checks of a finished package against real files, shared by the integration tests: every segment probes,
 * starts with a key frame, and rungs cut at the same times. Uses real ffprobe.
 */
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import HLS from 'hls-parser';

/** First frame facts of a segment (for fMP4 pass the init segment too). */
export interface FirstFrame {
  readonly isKey: boolean;
  readonly pictType: string;
}

/** Probes the streams of a segment (TS alone, or fMP4 init + segment concatenated). */
export async function probeSegment(segmentPath: string, initPath?: string): Promise<{ codec_type: string; codec_name: string; width?: number; height?: number; pix_fmt?: string }[]> {
  return withJoined(segmentPath, initPath, async (path) => {
    const { stdout } = await execa('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', path]);
    return (JSON.parse(stdout) as { streams: { codec_type: string; codec_name: string; width?: number; height?: number; pix_fmt?: string }[] }).streams;
  });
}

/** The first video frame of a segment: must be a key frame for every segment of a ladder. */
export async function firstVideoFrame(segmentPath: string, initPath?: string): Promise<FirstFrame> {
  return withJoined(segmentPath, initPath, async (path) => {
    const { stdout } = await execa('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_frames', '-read_intervals', '%+#1', '-show_entries', 'frame=key_frame,pict_type', '-of', 'json', path]);
    const frame = (JSON.parse(stdout) as { frames: { key_frame: number; pict_type: string }[] }).frames[0];
    if (!frame) throw new Error(`no video frame in ${segmentPath}`);
    return { isKey: frame.key_frame === 1, pictType: frame.pict_type };
  });
}

async function withJoined<T>(segmentPath: string, initPath: string | undefined, use: (path: string) => Promise<T>): Promise<T> {
  if (!initPath) return use(segmentPath);
  const dir = await mkdtemp(join(tmpdir(), 'seg-'));
  try {
    const joined = join(dir, 'joined.mp4');
    await writeFile(joined, Buffer.concat([await readFile(initPath), await readFile(segmentPath)]));
    return await use(joined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Parses a playlist with hls-parser in strict mode (throws on any rule it knows). */
export function parseStrict(text: string): ReturnType<typeof HLS.parse> {
  HLS.setOptions({ strictMode: true });
  try {
    return HLS.parse(text);
  } finally {
    HLS.setOptions({ strictMode: false });
  }
}

/** Reads and strictly parses a media playlist; returns its segments with absolute paths. */
export async function readMediaPlaylist(path: string): Promise<{ targetDuration: number; segments: { path: string; duration: number; init?: string }[]; text: string }> {
  const text = await readFile(path, 'utf8');
  const playlist = parseStrict(text);
  if (playlist.isMasterPlaylist) throw new Error(`${path} is a master playlist`);
  const media = playlist as HLS.types.MediaPlaylist;
  return {
    text,
    targetDuration: media.targetDuration,
    segments: media.segments.map((s) => ({
      path: join(dirname(path), decodeURIComponent(s.uri)),
      duration: s.duration,
      ...(s.map ? { init: join(dirname(path), decodeURIComponent(s.map.uri)) } : {}),
    })),
  };
}
