import type { VideoCodec } from '../format/video-format.js';

/**
 * Reference video bitrates, kb/s, for a 16:9 rung of each short side at ≤ 30 fps, modelled on Apple's HLS
 * Authoring Specification ladders (§1.25: H.264 and HEVC SDR columns).
 *
 * - H.264: Apple's values; 720p takes the lower of Apple's two (3000, not 4500), 1440p and 2160p are
 *   interpolated/extrapolated (Apple lists no H.264 above 1080p).
 * - HEVC: Apple's HEVC SDR column; 540p takes the middle of Apple's three (900), 234p (not in Apple's
 *   HEVC ladder) is 100.
 * - VP9: the HEVC column (the two codecs are about as efficient).
 * - AV1: 0.8 × HEVC.
 */
export const REFERENCE_LADDER_KBPS: Readonly<Record<VideoCodec, Readonly<Record<number, number>>>> = Object.freeze({
  h264: Object.freeze({ 234: 145, 360: 365, 432: 1100, 540: 2000, 720: 3000, 1080: 6000, 1440: 10000, 2160: 16000 }),
  hevc: Object.freeze({ 234: 100, 360: 145, 432: 300, 540: 900, 720: 2400, 1080: 4500, 1440: 8100, 2160: 11600 }),
  vp9: Object.freeze({ 234: 100, 360: 145, 432: 300, 540: 900, 720: 2400, 1080: 4500, 1440: 8100, 2160: 11600 }),
  av1: Object.freeze({ 234: 80, 360: 116, 432: 240, 540: 720, 720: 1920, 1080: 3600, 1440: 6480, 2160: 9280 }),
});

/** How bitrate grows with pixel count: doubling the pixels multiplies the bitrate by 2^0.75 ≈ 1.68. */
export const PIXEL_EXPONENT = 0.75;

/**
 * The video bitrate, bits per second (not yet rounded or capped), the ladder gives a `width`×`height` rung of
 * `codec` at `frameRate` frames per second. Pure.
 *
 * 1. Look up the short side in {@link REFERENCE_LADDER_KBPS}; between two table rows interpolate linearly in
 *    log(bitrate)–log(short side); beyond the ends extrapolate with pixels^0.75.
 * 2. Scale by (pixels / pixels of the 16:9 reference of that short side)^0.75, so a 4:3 rung (fewer pixels)
 *    gets less and a 2.39:1 rung gets more; portrait and landscape of the same size get the same.
 * 3. Scale by frame rate: above 30 fps × (fps/30)^0.5 (60 fps ≈ 1.41×); below 24 fps × (fps/24)^0.5, never
 *    below 0.5×; 24–30 fps and unknown rates × 1.
 *
 * @example
 * estimateVideoBps('h264', 1280, 720, 30);  // → 3000000
 * estimateVideoBps('h264', 1280, 720, 60);  // → ≈ 4242641
 * estimateVideoBps('h264', 720, 1280, 30);  // → 3000000 (portrait: same pixels)
 */
export function estimateVideoBps(codec: VideoCodec, width: number, height: number, frameRate: number | null): number {
  const shortSide = Math.min(width, height);
  const referencePixels = shortSide * ((shortSide * 16) / 9);
  const aspectFactor = ((width * height) / referencePixels) ** PIXEL_EXPONENT;
  return referenceKbps(codec, shortSide) * 1000 * aspectFactor * frameRateFactor(frameRate);
}

/** The frame-rate multiplier of step 3 of {@link estimateVideoBps}. */
export function frameRateFactor(frameRate: number | null): number {
  if (frameRate === null || !Number.isFinite(frameRate) || frameRate <= 0) return 1;
  if (frameRate > 30) return Math.sqrt(frameRate / 30);
  if (frameRate < 24) return Math.max(0.5, Math.sqrt(frameRate / 24));
  return 1;
}

function referenceKbps(codec: VideoCodec, shortSide: number): number {
  const rows = Object.entries(REFERENCE_LADDER_KBPS[codec])
    .map(([side, kbps]) => [Number(side), kbps] as const)
    .sort((a, b) => a[0] - b[0]);
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (first === undefined || last === undefined) throw new Error('empty reference ladder');
  // Pixels grow with the square of the short side, hence the exponent × 2 when extrapolating.
  if (shortSide <= first[0]) return first[1] * (shortSide / first[0]) ** (2 * PIXEL_EXPONENT);
  if (shortSide >= last[0]) return last[1] * (shortSide / last[0]) ** (2 * PIXEL_EXPONENT);
  for (let i = 1; i < rows.length; i++) {
    const upper = rows[i];
    const lower = rows[i - 1];
    if (upper === undefined || lower === undefined || shortSide > upper[0]) continue;
    const t = Math.log(shortSide / lower[0]) / Math.log(upper[0] / lower[0]);
    return lower[1] * (upper[1] / lower[1]) ** t;
  }
  return last[1];
}
