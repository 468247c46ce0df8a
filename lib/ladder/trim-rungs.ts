/** What {@link trimRungs} needs of a rung. */
export interface TrimmableRung {
  readonly videoBps: number;
}

/**
 * Drops rungs until at most `maxRungs` remain. Pure; `rungs` are ordered from the highest bitrate down.
 *
 * The top rung (best quality) and the bottom one (the fallback for poor networks) are always kept. Each step
 * removes the interior rung whose neighbours are closest in bitrate, i.e. the one whose loss leaves the
 * smallest switching gap; on a tie the higher rung goes (low rungs matter more on mobile networks).
 * For a 4K H.264 source this drops 1440p first: 2160 → 1080 is a 2.7× bitrate step, the smallest there is.
 *
 * @example
 * trimRungs([{ videoBps: 16e6 }, { videoBps: 10e6 }, { videoBps: 6e6 }, { videoBps: 3e6 }], 3);
 * // → [{ videoBps: 16e6 }, { videoBps: 6e6 }, { videoBps: 3e6 }]
 */
export function trimRungs<T extends TrimmableRung>(rungs: readonly T[], maxRungs: number): T[] {
  const kept = [...rungs];
  if (maxRungs < 1) return kept.slice(0, 1);
  while (kept.length > maxRungs) {
    if (kept.length <= 2) {
      kept.splice(1);
      break;
    }
    let drop = 1;
    let smallestGap = Number.POSITIVE_INFINITY;
    for (let i = 1; i < kept.length - 1; i++) {
      const above = kept[i - 1];
      const below = kept[i + 1];
      if (above === undefined || below === undefined) continue;
      const gap = above.videoBps / below.videoBps;
      if (gap < smallestGap - 1e-9) {
        smallestGap = gap;
        drop = i;
      }
    }
    kept.splice(drop, 1);
  }
  return kept;
}
