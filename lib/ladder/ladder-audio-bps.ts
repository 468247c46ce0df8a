import { InvalidOptionError } from '../errors.js';
import type { AudioCodec } from '../format/video-format.js';
import type { AudioStreamInfo } from '../probe/media-info.js';

/** Default audio bitrates, bits per second, by codec and channel count. */
export const DEFAULT_AUDIO_BPS: Readonly<Record<AudioCodec, { readonly mono: number; readonly stereo: number }>> = Object.freeze({
  aac: Object.freeze({ mono: 64_000, stereo: 128_000 }),
  opus: Object.freeze({ mono: 48_000, stereo: 96_000 }),
});

/** No audio rendition is made below this when the source's own bitrate is lower. */
export const MIN_AUDIO_BPS = 32_000;

/**
 * The audio bitrate, bits per second, of a ladder: `requestedBps`, else AAC 128k stereo / 64k mono, Opus 96k
 * stereo / 48k mono; lowered to the source's audio bitrate when that is known and lower (but not below
 * 32 kb/s); rounded to whole kb/s. `undefined` when the input has no audio. Pure.
 *
 * Use it for the audio of a ladder, or of an audio-only package.
 *
 * @example
 * ladderAudioBps('aac', { channels: 2, bitrateBps: 96_000 } as AudioStreamInfo);  // → 96000
 * ladderAudioBps('opus', { channels: 1, bitrateBps: null } as AudioStreamInfo);   // → 48000
 */
export function ladderAudioBps(codec: AudioCodec, audio: Pick<AudioStreamInfo, 'channels' | 'bitrateBps'> | null, requestedBps?: number): number | undefined {
  if (requestedBps !== undefined && !(typeof requestedBps === 'number' && Number.isFinite(requestedBps) && requestedBps > 0)) {
    throw new InvalidOptionError('audioBitrateBps', 'a positive number of bits per second', requestedBps, 'For example 128_000 for 128 kb/s.');
  }
  if (audio === null) return undefined;
  const defaults = DEFAULT_AUDIO_BPS[codec];
  let bps = requestedBps ?? (audio.channels === 1 ? defaults.mono : defaults.stereo);
  // Re-encoding at more than the source carries wastes bits; keep a floor so speech stays intelligible.
  if (audio.bitrateBps !== null && audio.bitrateBps < bps) bps = Math.max(MIN_AUDIO_BPS, audio.bitrateBps);
  return Math.max(1000, Math.round(bps / 1000) * 1000);
}
