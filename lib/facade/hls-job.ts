import type { Observable } from 'rxjs';
import { of } from 'rxjs';
import type { PackagingEvent } from '../contracts/packaging-event.js';
import { runPackageJob } from '../job/run-package-job.js';
import { resolveHlsOptions, type PackageOptions } from '../options/package-options.js';
import { StreamingJob } from './streaming-job.js';
import { concatMap } from 'rxjs';
import type { HlsEncryptionOptions } from '../encrypt/hls-encryption-options.js';
import { seedEncryptionOptions } from '../encrypt/seed-encryption-options.js';

/** The seed-style HLS job: `input(...).hls(Formats.h264())...output('out/master.m3u8')`. */
export class HlsJob extends StreamingJob {
  private segmentType: 'mpegts' | 'fmp4' | undefined;
  private streamInfo: Record<string, readonly string[]> = {};
  private encryptionOptions: HlsEncryptionOptions | undefined;

  /**
   * Encrypts every segment with AES-128, as the seed's `encryption(save_to, url, key_rotation_period)`.
   * One key: written to exactly `saveTo` (mode 0600), named in playlists by exactly `url`. With a rotation period N
   * (a whole number ≥ 1; leave it out for one key), segment k of every rendition uses key ⌊k/N⌋, key i is written to
   * `<saveTo>-<keyId>` and named `<url>-<keyId>` (the seed appended `-<uuid>` to both). Protect the key URLs: see README.
   */
  encryption(saveTo: string, url: string, keyRotationPeriod?: number): this {
    this.encryptionOptions = seedEncryptionOptions(saveTo, url, keyRotationPeriod);
    return this;
  }

  /** The same with full control: a key store (`localKeyStore`, `sinkKeyStore`, `callbackKeyStore`), templates, rotation. */
  encryptWith(options: HlsEncryptionOptions): this {
    this.encryptionOptions = options;
    return this;
  }

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
    const resolved = resolveHlsOptions({
      ...options,
      ...(this.segmentType ? { segmentType: this.segmentType } : {}),
      streamInfo: this.streamInfo,
      ...(this.encryptionOptions ? { encryption: this.encryptionOptions } : {}),
    });
    return of(this.input).pipe(concatMap((input) => runPackageJob(input, resolved)));
  }
}
