/**
 * One `-progress pipe:1` block as ffmpeg printed it: key=value lines ending with `progress=continue|end`.
 *
 * Why this shape: ffmpeg 5.1 prints `N/A` for unknown values (first block, HLS outputs with no
 * `total_size`), pads `speed=   0x`, and despite its name `out_time_ms` carries microseconds, the same value
 * as `out_time_us`. We read `out_time_us` only, and keep unknowns as `null`.
 */
export interface RawProgress {
  readonly frame: number;
  readonly fps: number | null;
  readonly bitrateBps: number | null;
  readonly outTimeUs: number | null;
  readonly speed: number | null;
  readonly totalSizeBytes: number | null;
  readonly isFinal: boolean;
}

/** Pure: parses one block of `-progress` lines (the last line is `progress=...`). */
export function parseProgressBlock(lines: readonly string[]): RawProgress {
  const fields = new Map<string, string>();
  for (const line of lines) {
    const eq = line.indexOf('=');
    if (eq > 0) fields.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const bitrate = /^([\d.]+)\s*kbits\/s$/u.exec(fields.get('bitrate') ?? '');
  const outTimeUs = numberOrNull(fields.get('out_time_us'));
  return {
    frame: numberOrNull(fields.get('frame')) ?? 0,
    fps: numberOrNull(fields.get('fps')),
    bitrateBps: bitrate?.[1] ? Math.round(Number(bitrate[1]) * 1000) : null,
    // ffmpeg prints a negative out_time before the first packet of some inputs: that is "unknown", not a time.
    outTimeUs: outTimeUs !== null && outTimeUs >= 0 ? outTimeUs : null,
    speed: numberOrNull((fields.get('speed') ?? '').replace(/x$/u, '')),
    totalSizeBytes: numberOrNull(fields.get('total_size')),
    isFinal: fields.get('progress') === 'end',
  };
}

function numberOrNull(text: string | undefined): number | null {
  if (text === undefined || text === '' || text === 'N/A') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}
