import { PackagerError } from '../errors.js';
import { createFormat } from './create-format.js';
import type { FormatOptions, VideoCodec, VideoFormat } from './video-format.js';

/** Accepted spellings, lower-case, of each codec name. */
const NAMES: Readonly<Record<string, VideoCodec>> = Object.freeze({
  h264: 'h264',
  avc: 'h264',
  hevc: 'hevc',
  h265: 'hevc',
  vp9: 'vp9',
  av1: 'av1',
});

/**
 * The {@link VideoFormat} for a codec named in text, as the CLI's `--codec h264|hevc|vp9|av1` gives it.
 *
 * Case and surrounding spaces are ignored; `avc` and `h265` are accepted as aliases. Anything else throws
 * `UNKNOWN_CODEC` listing the names. `options` are those of `Formats.h264()` and are validated the same way.
 *
 * @example
 * formatFromName('HEVC').videoEncoder; // → 'libx265'
 * formatFromName('mpeg2');             // throws UNKNOWN_CODEC
 */
export function formatFromName(codec: string, options?: FormatOptions): VideoFormat {
  const key = typeof codec === 'string' ? codec.trim().toLowerCase() : '';
  const known = Object.hasOwn(NAMES, key) ? NAMES[key] : undefined;
  if (known === undefined) {
    throw new PackagerError(
      'UNKNOWN_CODEC',
      `Unknown video codec ${typeof codec === 'string' ? `"${codec}"` : String(codec)}. Use one of: h264, hevc, vp9, av1 (e.g. \`--codec h264\`).`,
    );
  }
  return createFormat(known, options);
}
