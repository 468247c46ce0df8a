import { PackagerError } from '../errors.js';

/**
 * Pure: the final form of a live media playlist: the same text with `#EXT-X-ENDLIST` at the end (added only when
 * missing). ffmpeg writes it itself when it stops cleanly (its trailer); after a hard stop it is missing, and a
 * player would keep polling a playlist that no longer changes. The playlist type is kept (none for a sliding
 * window, EVENT for an event playlist): a live playlist may not become VOD, and its PROGRAM-DATE-TIMEs stay.
 *
 * @example
 * endLiveMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\na_00003.ts\n');
 * // '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\na_00003.ts\n#EXT-X-ENDLIST\n'
 */
export function endLiveMediaPlaylist(text: string): string {
  const lines = text.replace(/^\uFEFF/u, '').split(/\r?\n/u).map((l) => l.trim()).filter((l) => l !== '');
  if (lines[0] !== '#EXTM3U') {
    throw new PackagerError('VERIFY_INPUT_INVALID', 'The text does not start with #EXTM3U, so it is not an HLS playlist; pass a media playlist.');
  }
  if (!lines.includes('#EXT-X-ENDLIST')) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}
