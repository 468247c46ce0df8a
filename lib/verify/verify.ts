import { AbortedError, PackagerError } from '../errors.js';
import { assertFfprobe } from '../ffmpeg/locate-ffmpeg.js';
import { redactUrl } from '../probe/redact-url.js';
import { concurrencyLimit, type LimitedRunner } from './concurrency-limit.js';
import { detectManifestFormat } from './detect-manifest-format.js';
import { PackageStore } from './package-store.js';
import { verifyDash } from './verify-dash.js';
import { verifyHls } from './verify-hls.js';
import type { VerifyOptions, VerifyReport } from './verify-report.js';

/** ffprobes at once: the expensive part of a run, bounded for 2-core machines. */
const MAX_CONCURRENT_PROBES = 2;
const DEFAULT_FETCH_TIMEOUT_MS = 30_000;

/**
 * Checks a finished HLS or DASH package, on disk or over HTTP(S), against the rules players and Apple's
 * authoring spec enforce, by measuring its real segments: strict playlist syntax, target durations, CODECS,
 * BANDWIDTH / AVERAGE-BANDWIDTH, RESOLUTION and FRAME-RATE against the media, every segment present and
 * starting with a key frame, rungs aligned, audio as long as video; for DASH one video AdaptationSet per
 * codec, the timeline, maxSegmentDuration, codecs and bandwidth (see `RuleId` for the list).
 *
 * Use it on any package, ours or another packager's. The target is a master or media playlist or an MPD,
 * told apart by content. A broken package *resolves* with `ok: false` and the failed rules; it rejects only
 * when the target itself cannot be used: `VERIFY_INPUT_INVALID` (missing file, not a playlist or MPD, HTTP
 * error or no answer), `FFMPEG_NOT_FOUND` (no ffprobe), `ABORTED`. Downloads go to a temporary directory,
 * removed before it settles. Every segment is probed (two ffprobes at a time).
 *
 * @example
 * const report = await verify('out/master.m3u8');
 * report.ok; // false
 * report.checks.filter((c) => c.status === 'fail');
 * // [{ rule: 'hls.average-bandwidth', status: 'fail', subject: 'v0.m3u8', message: 'AVERAGE-BANDWIDTH is missing (Apple 9.14); the measured average is 556230' }]
 */
export async function verify(target: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const { signal } = options;
  const fetchTimeoutMs = options.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  if (!(fetchTimeoutMs > 0)) throw new PackagerError('INVALID_OPTION', `Expected the \`fetchTimeoutMs\` option to be a positive number of milliseconds, got ${String(fetchTimeoutMs)}.`);
  if (signal?.aborted) throw new AbortedError('verify was aborted before it started.');
  const binaries = options.ffprobePath === undefined ? {} : { ffprobePath: options.ffprobePath };
  const store = new PackageStore({ fetchTimeoutMs, signal });
  try {
    const entry = await store.readTarget(target);
    const format = detectManifestFormat(entry.text);
    if (format === undefined) {
      throw new PackagerError(
        'VERIFY_INPUT_INVALID',
        `Cannot verify "${redactUrl(target)}": it is neither an HLS playlist (first line #EXTM3U) nor a DASH MPD (<MPD> root element). Pass the master playlist or the MPD of a package.`,
      );
    }
    await assertFfprobe(binaries);
    const limit = concurrencyLimit(MAX_CONCURRENT_PROBES);
    const runProbe: LimitedRunner = (task) =>
      limit(() => {
        // Queued probes do not start once the run is aborted.
        if (signal?.aborted) throw new AbortedError('verify was aborted.');
        return task();
      });
    const context = { target, store, runProbe, binaries, signal };
    const checks = format === 'hls' ? await verifyHls(entry, context) : await verifyDash(entry, context);
    if (signal?.aborted) throw new AbortedError('verify was aborted.');
    return { target: redactUrl(target), format, ok: !checks.some((c) => c.status === 'fail'), checks };
  } finally {
    await store.close();
  }
}
