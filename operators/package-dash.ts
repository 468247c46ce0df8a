import { concatMap, type OperatorFunction } from 'rxjs';
import type { MediaInput } from '../lib/contracts/media-input.js';
import type { PackagingEvent } from '../lib/contracts/packaging-event.js';
import { runPackageJob } from '../lib/job/run-package-job.js';
import { resolveDashOptions, type DashPackageOptions } from '../lib/options/package-options.js';

/**
 * Packages each input into a DASH ladder (one MPD; one video AdaptationSet holding every rung; one audio
 * AdaptationSet), optionally with HLS playlists over the same segments. One ffmpeg per input, in order.
 *
 * Cold: subscribing twice runs ffmpeg twice. Options are validated synchronously at `pipe()` time.
 *
 * @example
 * fromFile('talk.mov').pipe(packageDash({ output: 'out/manifest.mpd', generateHlsPlaylist: true }))
 */
export function packageDash(options: DashPackageOptions): OperatorFunction<MediaInput, PackagingEvent> {
  const resolved = resolveDashOptions(options);
  return concatMap((input) => runPackageJob(input, resolved));
}
