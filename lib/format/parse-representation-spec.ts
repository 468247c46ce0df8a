import { InvalidOptionError, isPackagerError } from '../errors.js';
import { Bitrate } from './bitrate.js';
import { Representation } from './representation.js';
import { Size } from './size.js';

const FORMAT = 'WIDTHxHEIGHT@VIDEO[:AUDIO], e.g. "1280x720@2400k" or "1920x1080@6M:128k"';

/**
 * Parses a rung written as text, as the CLI's `--rep 1280x720@2400k:128k` gives it, into a {@link Representation}.
 *
 * Bitrates are bits per second with an optional suffix: `k` = ×1000, `M` (or `m`) = ×1 000 000, so `2400k`,
 * `2.4M` and `2400000` are the same. The audio part is optional. Sizes must be even. Any problem throws
 * `InvalidOptionError` for `optionName` with the expected form and a corrected example where one exists.
 *
 * @example
 * const rep = parseRepresentationSpec('1280x720@2400k:128k');
 * String(rep.size);          // → '1280x720'
 * rep.bitrate.videoBps;      // → 2400000
 * rep.bitrate.audioBps;      // → 128000
 */
export function parseRepresentationSpec(spec: string, optionName = '--rep'): Representation {
  const text = typeof spec === 'string' ? spec.trim() : '';
  const m = /^(\d+)\s*[xX×]\s*(\d+)\s*@\s*([^:\s]+)\s*(?::\s*(\S+))?$/u.exec(text);
  if (!m?.[1] || !m[2] || !m[3]) throw new InvalidOptionError(optionName, FORMAT, spec);
  const width = Number(m[1]);
  const height = Number(m[2]);
  if (width <= 0 || height <= 0) throw new InvalidOptionError(optionName, FORMAT, spec, 'Width and height must be positive whole pixels.');
  if (width % 2 !== 0 || height % 2 !== 0) {
    const fixed = `${width - (width % 2) || 2}x${height - (height % 2) || 2}`;
    throw new InvalidOptionError(optionName, FORMAT, spec, `H.264/HEVC 4:2:0 video needs even dimensions: try ${fixed}@${m[3]}${m[4] ? `:${m[4]}` : ''}.`);
  }
  const videoBps = parseBps(m[3], optionName, spec);
  const audioBps = m[4] === undefined ? undefined : parseBps(m[4], optionName, spec);
  try {
    return new Representation(new Size(width, height), new Bitrate(videoBps, audioBps));
  } catch (error) {
    if (isPackagerError(error)) throw new InvalidOptionError(optionName, FORMAT, spec, error.message);
    throw error;
  }
}

function parseBps(text: string, optionName: string, spec: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/u.exec(text);
  const value = m ? Number(m[1]) * (m[2] === '' ? 1 : m[2] === 'k' || m[2] === 'K' ? 1e3 : 1e6) : Number.NaN;
  if (!(value >= 1)) {
    throw new InvalidOptionError(optionName, FORMAT, spec, `"${text}" is not a bitrate: write bits per second with an optional k or M suffix, e.g. 2400k or 2.4M.`);
  }
  return Math.round(value);
}
