import { readFile } from 'node:fs/promises';
import { PackagerError } from '../errors.js';
import { codecsOfInitBytes } from './codecs-of-init.js';
import type { StreamCodecs } from './codecs-of-init.js';
import { codecsOfTsBytes } from './codecs-of-ts-segment.js';
import { looksLikeMpegTs } from '../bitstream/ts-demux.js';

/**
 * Codec strings of an fMP4 init segment or an MPEG-TS segment, told apart by their first bytes (TS sync byte
 * versus an ISO box). Use it when the caller does not know the segment format.
 *
 * Rejects with `UNKNOWN_CODEC` for an fMP4 *media* segment (no `moov`): pass its init segment instead.
 *
 * @example
 * await codecsOf('out/clip_audio_init.mp4'); // { audio: 'mp4a.40.2' }
 * await codecsOf('out/clip_360p_00000.ts'); // { video: 'avc1.64001e' }
 */
export async function codecsOf(initOrSegmentPath: string): Promise<StreamCodecs> {
  const bytes = await readFile(initOrSegmentPath).catch((cause: unknown) => {
    throw new PackagerError('OUTPUT_INCOMPLETE', `Cannot read "${initOrSegmentPath}" to find its codecs; check the package was fully written.`, { cause });
  });
  return looksLikeMpegTs(bytes) ? codecsOfTsBytes(bytes) : codecsOfInitBytes(bytes);
}
