import type { Observable } from 'rxjs';
import { of } from 'rxjs';
import type { PackagingEvent } from '../contracts/packaging-event.js';
import { runPackageJob } from '../job/run-package-job.js';
import { resolveHlsOptions, type PackageOptions } from '../options/package-options.js';
import { StreamingJob } from './streaming-job.js';
import { concatMap } from 'rxjs';

/** The seed-style HLS job: `input(...).hls(Formats.h264())...output('out/master.m3u8')`. */
export class HlsJob extends StreamingJob {
  private segmentType: 'mpegts' | 'fmp4' | undefined;
  private streamInfo: Record<string, readonly string[]> = {};

  /** Writes fMP4 (CMAF-style) segments instead of MPEG-TS. */
  fragmentedMp4(): this {
    this.segmentType = 'fmp4';
    return this;
  }

  /** Adds attributes to one rung's `EXT-X-STREAM-INF` line (the seed's `stream_info`), by rung name, e.g. `'720p'`. */
  streamInfoFor(rungName: string, attributes: readonly string[]): this {
    this.streamInfo = { ...this.streamInfo, [rungName]: attributes };
    return this;
  }

  protected extension(): string {
    return '.m3u8';
  }

  protected run(options: PackageOptions): Observable<PackagingEvent> {
    const resolved = resolveHlsOptions({ ...options, ...(this.segmentType ? { segmentType: this.segmentType } : {}), streamInfo: this.streamInfo });
    return of(this.input).pipe(concatMap((input) => runPackageJob(input, resolved)));
  }
}
