/**
 * Pure: the key period of segment `sequence`: ⌊sequence / N⌋ with rotation every N segments, else 0 (one key).
 * The same for every rendition, so all renditions change key at the same segment index.
 *
 * @example
 * keyIndexOf(7, 3); // 2
 * keyIndexOf(7, null); // 0
 */
export function keyIndexOf(sequence: number, rotationPeriodSegments: number | null): number {
  return rotationPeriodSegments === null ? 0 : Math.floor(sequence / rotationPeriodSegments);
}
