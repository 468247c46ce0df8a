/**
 * Pure parsers for the loosely typed values in ffprobe's JSON. Each returns `null` for "unknown" rather than
 * throwing: ffprobe prints `N/A`, `0/0`, or leaves fields out whenever a container does not say.
 */

/** A positive finite number from ffprobe's number-or-string fields; `null` for `N/A`, 0, negatives and junk. */
export function positiveNumberOrNull(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** A rate such as `30000/1001` or `25/1` as a number (29.97…, 25); `null` for `0/0`, `N/A` or a zero denominator. */
export function parseRate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(\d+(?:\.\d+)?))?\s*$/u.exec(value);
  if (!m) return null;
  const num = Number(m[1]);
  const den = m[2] === undefined ? 1 : Number(m[2]);
  return den > 0 && num > 0 ? num / den : null;
}

/** A sample aspect ratio as `num:den`, or `null` when ffprobe does not know it (`0:1`, `N/A`, absent). */
export function parseAspectRatio(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d+):(\d+)$/u.exec(value.trim());
  return m && Number(m[1]) > 0 && Number(m[2]) > 0 ? `${m[1]}:${m[2]}` : null;
}

/** Matroska's `DURATION` tag (`00:01:02.500000000`) in seconds, or `null`. */
export function parseClockDuration(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/u.exec(value.trim());
  if (!m) return null;
  const seconds = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  return seconds > 0 ? seconds : null;
}

/**
 * Clockwise rotation, in degrees (0, 90, 180 or 270), a player applies to show the picture upright.
 *
 * ffprobe ≥ 5 reports it as a Display Matrix side data entry whose `rotation` is *counter-clockwise*
 * (`av_display_rotation_get`; a phone shot upright usually says -90). Older files and ffprobe < 5 carry a
 * clockwise `rotate` tag (`"90"`). The side data wins when both are present, as it does in ffmpeg.
 */
export function parseRotationDegrees(sideData: unknown, tags: Readonly<Record<string, string>> | undefined): number {
  if (Array.isArray(sideData)) {
    for (const entry of sideData as unknown[]) {
      if (typeof entry !== 'object' || entry === null) continue;
      const rotation = (entry as { rotation?: unknown }).rotation;
      const n = typeof rotation === 'number' ? rotation : typeof rotation === 'string' ? Number(rotation) : Number.NaN;
      if (Number.isFinite(n)) return normaliseQuarterTurns(-n);
    }
  }
  const tag = tags?.['rotate'];
  if (tag !== undefined && Number.isFinite(Number(tag))) return normaliseQuarterTurns(Number(tag));
  return 0;
}

function normaliseQuarterTurns(degrees: number): number {
  const quarter = Math.round(degrees / 90) * 90;
  return ((quarter % 360) + 360) % 360;
}

/** 8-bit pixel formats ffmpeg names without a bit depth. */
const EIGHT_BIT_PIX_FMT = /^(?:yuvj?\d{3}p|yuva\d{3}p|nv\d{2}|gray|gbrp|gbrap|rgb24|bgr24|[a0x]?rgb[a0x]?|[a0x]?bgr[a0x]?|yuyv422|uyvy422|yvyu422|pal8)$/u;

/**
 * Bits per sample of a video stream: `bits_per_raw_sample` when ffprobe gives it, else read from the pixel
 * format (`yuv420p10le` → 10, `p010le` → 10, `gray16le` → 16, `yuv420p` → 8); `null` when neither says.
 */
export function parseBitDepth(bitsPerRawSample: unknown, pixFmt: string | null): number | null {
  const raw = positiveNumberOrNull(bitsPerRawSample);
  if (raw !== null && Number.isInteger(raw)) return raw;
  if (pixFmt === null) return null;
  const planar = /^(?:yuva?\d{3}|gbra?)p(\d{1,2})(?:le|be)$/u.exec(pixFmt) ?? /^(?:gray|ya)(\d{1,2})(?:le|be)$/u.exec(pixFmt);
  if (planar?.[1]) return Number(planar[1]);
  const semiPlanar = /^p[0-9](\d{2})(?:le|be)?$/u.exec(pixFmt); // p010le, p016le, p210le, p410le
  if (semiPlanar?.[1]) return Number(semiPlanar[1]);
  return EIGHT_BIT_PIX_FMT.test(pixFmt) ? 8 : null;
}
