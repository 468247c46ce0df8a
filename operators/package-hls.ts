import { concatMap, type OperatorFunction } from 'rxjs';
import type { MediaInput } from '../lib/contracts/media-input.js';
import type { PackagingEvent } from '../lib/contracts/packaging-event.js';
import { runPackageJob } from '../lib/job/run-package-job.js';
import { resolveHlsOptions, type HlsPackageOptions } from '../lib/options/package-options.js';

/**
 * Packages each input into an HLS ladder: one ffmpeg per input, one input at a time (`concatMap`).
 * Emits `start`, `progress` and `done`; the master playlist is written after encoding, from the real segments.
 *
 * Cold: subscribing twice runs ffmpeg twice; `share()` at the call site to fan out. Options are validated here,
 * synchronously, so a bad option throws at `pipe()` time. Unsubscribing stops ffmpeg and removes its files.
 *
 * @example
 * fromFile('talk.mov').pipe(packageHls({ output: 'out/master.m3u8' })).subscribe((e) => console.log(e.type));
 * // start, progress, ..., done
 */
export function packageHls(options: HlsPackageOptions): OperatorFunction<MediaInput, PackagingEvent> {
  const resolved = resolveHlsOptions(options);
  return concatMap((input) => runPackageJob(input, resolved));
}
