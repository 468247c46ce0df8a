import type { Progress } from '../contracts/progress.js';

/**
 * Pure: one line of the TTY progress bar, e.g. `[#########-----------]  45.0%  x2.31  eta 0:12`; without a percent
 * (live, or a duration ffmpeg does not know) the media time encoded, the speed and the bitrate:
 * `1:15 encoded  x1.00  2.45 Mb/s`.
 */
export function renderProgressLine(progress: Progress, widthChars = 30): string {
  const speed = progress.speed !== null ? `x${progress.speed.toFixed(2)}` : '';
  if (progress.percent === null) {
    const bitrate = progress.bitrateBps !== null && progress.bitrateBps > 0 ? `${(progress.bitrateBps / 1e6).toFixed(2)} Mb/s` : '';
    return [`${formatClock(progress.outTimeMs)} encoded`, speed, bitrate].filter((part) => part !== '').join('  ');
  }
  const filled = Math.round((progress.percent / 100) * widthChars);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(widthChars - filled)}]`;
  const eta = progress.etaMs !== null ? `eta ${formatClock(progress.etaMs)}` : '';
  return `${bar} ${progress.percent.toFixed(1).padStart(5)}%  ${speed}  ${eta}`.trimEnd();
}

/** Pure: milliseconds as `m:ss` or `h:mm:ss`. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
