/**
 * The EXT-X-TARGETDURATION for segments whose longest lasts `maxSegmentDurationSeconds`: RFC 8216 §4.3.3.1
 * requires every EXTINF, *rounded to the nearest integer*, to be ≤ the target, so this is the longest
 * duration rounded half-up (at least 1). Pure.
 *
 * Use the package-wide longest segment (`Presentation.maxSegmentDurationSeconds`) for every media playlist:
 * Apple requires audio and video playlists to share one target duration (HLS Authoring Spec 8.2).
 *
 * @example
 * hlsTargetDurationSeconds(4.010667); // 4
 * hlsTargetDurationSeconds(4.5); // 5
 */
export function hlsTargetDurationSeconds(maxSegmentDurationSeconds: number): number {
  // EXTINF is written with 6 decimals; round what a parser will read, not float noise.
  return Math.max(1, Math.round(Number(maxSegmentDurationSeconds.toFixed(6))));
}
