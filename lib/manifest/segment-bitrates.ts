/** Peak and average bitrate of a run of segments. */
export interface SegmentBitrates {
  /** Highest `bytes × 8 / duration` of any one segment, bits per second. */
  readonly peakBps: number;
  /** Total bits over total duration, bits per second. */
  readonly averageBps: number;
}

/**
 * Peak and average bitrate of segments, computed the way Apple's mediastreamvalidator does: the peak is
 * the maximum over **every** segment, the short final one included, so a validator recomputing it from
 * the files gets the same number (a dense last segment can only make BANDWIDTH larger, never untrue).
 * Segments with a zero duration are left out of the peak (their bitrate is undefined) but their bytes
 * count in the average. Pure.
 *
 * @example
 * segmentBitrates([{ bytes: 500_000, durationSeconds: 4 }, { bytes: 200_000, durationSeconds: 1 }]);
 * // { peakBps: 1_600_000, averageBps: 1_120_000 }
 */
export function segmentBitrates(segments: readonly { readonly bytes: number; readonly durationSeconds: number }[]): SegmentBitrates {
  let peakBps = 0;
  let totalBytes = 0;
  let totalSeconds = 0;
  for (const s of segments) {
    totalBytes += s.bytes;
    totalSeconds += s.durationSeconds;
    if (s.durationSeconds > 0) peakBps = Math.max(peakBps, (s.bytes * 8) / s.durationSeconds);
  }
  return { peakBps, averageBps: totalSeconds > 0 ? (totalBytes * 8) / totalSeconds : 0 };
}
