import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { decryptAes128Cbc } from '../../lib/encrypt/aes-128-cbc.js';
import { parseMediaPlaylist } from '../../lib/manifest/parse-media-playlist.js';

let opensslPresent: boolean | undefined;

/** True when the `openssl` command runs (checked once). */
export function hasOpenssl(): boolean {
  if (opensslPresent === undefined) {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      opensslPresent = true;
    } catch {
      opensslPresent = false;
    }
  }
  return opensslPresent;
}

/** One segment of a public encrypted media playlist, with the key in effect as the playlist names it. */
export interface KeyedSegment {
  readonly playlistPath: string;
  readonly uri: string;
  readonly path: string;
  /** Sequence number from the file name (`…_00012.ts` → 12). */
  readonly sequence: number;
  readonly keyUri: string;
  readonly keyPath: string;
  readonly ivHex: string;
  /** The init segment (fMP4), or undefined. */
  readonly initPath: string | undefined;
}

/** Reads a public media playlist: every segment with the key URI and IV in effect for it. Fails on clear segments. */
export async function keyedSegments(playlistPath: string, keyUriToPath: (uri: string) => string): Promise<KeyedSegment[]> {
  const dir = dirname(playlistPath);
  const playlist = parseMediaPlaylist(await readFile(playlistPath, 'utf8'));
  return playlist.segments.map((s) => {
    if (s.key?.method !== 'AES-128' || s.key.uri === undefined || s.key.iv === undefined) throw new Error(`${playlistPath}: segment ${s.uri} has no AES-128 key with URI and IV`);
    const sequence = Number(/_(\d+)\.(ts|m4s)$/u.exec(s.uri)?.[1]);
    return {
      playlistPath,
      uri: s.uri,
      path: join(dir, decodeURIComponent(s.uri)),
      sequence,
      keyUri: s.key.uri,
      keyPath: keyUriToPath(s.key.uri),
      ivHex: s.key.iv.replace(/^0x/iu, ''),
      initPath: s.map ? join(dir, decodeURIComponent(s.map.uri)) : undefined,
    };
  });
}

/** Decrypts a segment with its playlist's key and IV (Node crypto); prepends the clear init segment for fMP4. */
export async function decryptSegment(segment: KeyedSegment): Promise<Buffer> {
  const [encrypted, key] = await Promise.all([readFile(segment.path), readFile(segment.keyPath)]);
  const clear = decryptAes128Cbc(encrypted, key, Buffer.from(segment.ivHex, 'hex'));
  return segment.initPath ? Buffer.concat([await readFile(segment.initPath), clear]) : clear;
}

/**
 * ffprobe facts of clear segment bytes (given on stdin, one ffprobe): the streams (codec, width) and, when there is
 * video, whether its first frame is a key frame. Our segments carry one stream each (video rung or audio).
 */
export async function probeClearBytes(bytes: Uint8Array): Promise<{ streams: { codec_type: string; codec_name: string; width?: number }[]; firstVideoFrameIsKey: boolean | null }> {
  const args = ['-v', 'error', '-show_streams', '-show_frames', '-read_intervals', '%+#1', '-show_entries', 'stream=codec_type,codec_name,width:frame=media_type,key_frame', '-of', 'json', '-i', 'pipe:0'];
  const out = JSON.parse((await execa('ffprobe', args, { input: Buffer.from(bytes) })).stdout) as {
    streams?: { codec_type: string; codec_name: string; width?: number }[];
    frames?: { media_type: string; key_frame: number }[];
  };
  const frame = out.frames?.find((f) => f.media_type === 'video');
  return { streams: out.streams ?? [], firstVideoFrameIsKey: frame === undefined ? null : frame.key_frame === 1 };
}
