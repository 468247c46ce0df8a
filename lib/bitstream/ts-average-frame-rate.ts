/** MPEG-TS timestamps count in 90 kHz ticks. */
const TS_CLOCK_HZ = 90_000;
/** ffprobe rounds a measured rate to a standard one when closer than this relative error (libavformat). */
const SNAP_RELATIVE_ERROR = 0.01;
/** av_reduce's largest numerator/denominator for the measured rate. */
const MAX_MEASURED_TERM = 60_000;
/** libavformat's standard rates are `get_std_framerate(j) / (12 × 1001)`. */
const STANDARD_DENOMINATOR = 12 * 1001;

/**
 * The numerators of libavformat's `get_std_framerate`, in its order: n/12 fps up to 30, whole rates 31–60, 80,
 * 120, 240, then the NTSC rates 24000/1001, 30000/1001, 60000/1001, 12000/1001, 15000/1001, 48000/1001.
 */
const STANDARD_NUMERATORS: readonly number[] = [
  ...Array.from({ length: 30 * 12 }, (_, i) => (i + 1) * 1001),
  ...Array.from({ length: 30 }, (_, i) => (i + 31) * 1001 * 12),
  ...[80, 120, 240].map((fps) => fps * 1001 * 12),
  ...[24, 30, 60, 12, 15, 48].map((fps) => fps * 1000 * 12),
];

/**
 * The average frame rate ffprobe reports for an MPEG-TS video stream whose sequence parameter set gives the nominal
 * rate `num/den`; undefined when it cannot be predicted exactly (then ask ffprobe). Pure.
 *
 * ffprobe does not take the rate from the SPS: it measures packet durations (the SPS frame duration in whole
 * 90 kHz ticks), then rounds the result to the nearest standard rate within 1%. This repeats that arithmetic for
 * the shortest and longest whole-tick frame duration; when both round to the same standard rate, that is the
 * answer; when a frame is a whole number of ticks and no standard rate is near, the nominal rate is.
 *
 * @example
 * tsAverageFrameRate({ num: 60000, den: 2002 }); // 29.97002997002997 (30000/1001)
 * tsAverageFrameRate({ num: 123, den: 10 }); // 12.333333333333334 (37/3, as ffprobe says)
 */
export function tsAverageFrameRate(nominal: { readonly num: number; readonly den: number }): number | undefined {
  if (!(nominal.num > 0 && nominal.den > 0)) return undefined;
  const ticksPerFrame = (TS_CLOCK_HZ * nominal.den) / nominal.num;
  const shortest = Math.floor(ticksPerFrame);
  const longest = Math.ceil(ticksPerFrame);
  if (shortest < 1 || !Number.isSafeInteger(longest)) return undefined;
  const fastest = standardRateNear(TS_CLOCK_HZ / shortest);
  const slowest = standardRateNear(TS_CLOCK_HZ / longest);
  if (fastest !== undefined || slowest !== undefined) return fastest === slowest ? fastest : undefined;
  if (shortest !== longest) return undefined;
  const divisor = gcd(TS_CLOCK_HZ, shortest);
  return TS_CLOCK_HZ / divisor <= MAX_MEASURED_TERM && shortest / divisor <= MAX_MEASURED_TERM ? TS_CLOCK_HZ / shortest : undefined;
}

/** libavformat's rounding: the first standard rate with the smallest relative error below 1%, else undefined. */
function standardRateNear(measured: number): number | undefined {
  let bestError = SNAP_RELATIVE_ERROR;
  let best: number | undefined;
  for (const numerator of STANDARD_NUMERATORS) {
    const error = Math.abs(measured / (numerator / STANDARD_DENOMINATOR) - 1);
    if (error < bestError) {
      bestError = error;
      best = numerator;
    }
  }
  return best === undefined ? undefined : best / STANDARD_DENOMINATOR;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
