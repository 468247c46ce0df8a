import type { Progress } from '../contracts/progress.js';
import type { RawProgress } from './progress-parser.js';

/**
 * Pure: turns a parsed ffmpeg block into the public {@link Progress}, given the input duration (null for live)
 * and the wall time since ffmpeg started. Percent is clamped to 0..100 and is exactly 100 on the final block.
 */
export function toProgress(raw: RawProgress, durationMs: number | null, elapsedMs: number, lastOutTimeMs = 0): Progress {
  const outTimeMs = raw.outTimeUs !== null ? Math.round(raw.outTimeUs / 1000) : lastOutTimeMs;
  let percent: number | null = null;
  let etaMs: number | null = null;
  if (durationMs !== null && durationMs > 0) {
    percent = raw.isFinal ? 100 : Math.min(100, Math.max(0, (outTimeMs / durationMs) * 100));
    percent = Math.round(percent * 10) / 10;
    if (raw.isFinal) etaMs = 0;
    // Before a second of output the rate is dominated by start-up, and the estimate would be wild: say unknown.
    else if (outTimeMs >= 1000 && elapsedMs > 0) etaMs = Math.max(0, Math.round((elapsedMs * (durationMs - outTimeMs)) / outTimeMs));
  }
  return {
    percent,
    outTimeMs,
    frame: raw.frame,
    fps: raw.fps,
    speed: raw.speed,
    bitrateBps: raw.bitrateBps,
    etaMs,
    elapsedMs,
    isFinal: raw.isFinal,
  };
}
