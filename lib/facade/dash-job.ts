import { concatMap, of, type Observable } from 'rxjs';
import type { PackagingEvent } from '../contracts/packaging-event.js';
import { runPackageJob } from '../job/run-package-job.js';
import { resolveDashOptions, type PackageOptions } from '../options/package-options.js';
import { StreamingJob } from './streaming-job.js';

/** The seed-style DASH job: `input(...).dash(Formats.h264())...output('out/manifest.mpd')`. */
export class DashJob extends StreamingJob {
  private hlsPlaylist = false;

  /** Also writes HLS playlists and a master over the same fMP4 segments (one encode serves both). */
  generateHlsPlaylist(): this {
    this.hlsPlaylist = true;
    return this;
  }

  protected extension(): string {
    return '.mpd';
  }

  protected run(options: PackageOptions): Observable<PackagingEvent> {
    const resolved = resolveDashOptions({ ...options, generateHlsPlaylist: this.hlsPlaylist });
    return of(this.input).pipe(concatMap((input) => runPackageJob(input, resolved)));
  }
}
