import type { PackageResult } from '../contracts/packaging-event.js';
import type { Progress } from '../contracts/progress.js';
import type { UploadEvent } from '../contracts/upload-event.js';
import type { UploadToOptions } from '../upload/upload-options.js';
import type { SinkUploadSummary } from '../upload/upload-tally.js';
import type { Clouds } from './cloud-manager.js';

/** Options of `output()` on every facade job. */
export interface OutputOptions {
  /**
   * Called with each progress report (a few per second). Replaces the Python library's
   * `monitor(ffmpeg, duration, time_, time_left, process)` with one typed object.
   */
  readonly monitor?: (progress: Progress) => void;
  /** Aborting stops ffmpeg, removes what it wrote and rejects with `ABORTED`; uploads in flight are cancelled too. */
  readonly signal?: AbortSignal;
}

/** Options of `output()` on the HLS and DASH jobs: {@link OutputOptions} plus publishing while encoding. */
export interface StreamingOutputOptions extends OutputOptions {
  /**
   * Publishes every file to these sinks while ffmpeg encodes (the seed's `CloudManager`): segments as they are
   * written, each playlist after what it references, the master or MPD last, with retries. `output()` resolves
   * once every sink holds the whole package, and closes the sinks (`close()`) when the job ends, whatever the
   * outcome. With no local path, the package is written to a temporary directory that is removed afterwards.
   * @default none
   */
  readonly clouds?: Clouds;
  /** Tuning of the uploads: concurrency per sink, retries, deletions. @default {} (see `UploadToOptions`) */
  readonly upload?: Omit<UploadToOptions, 'signal' | 'closeSinks'>;
  /** Called with each `uploaded`, `retry` and `deleted` event. A throwing callback does not stop the job. */
  readonly onUpload?: (event: UploadEvent) => void;
}

/** What `output()` of an HLS or DASH job resolves with: the package, and what each sink received. */
export interface StreamingOutputResult extends PackageResult {
  /**
   * One entry per sink (empty without `clouds` or an URL output). When the package was written to a temporary
   * directory, the local paths of the result point into that directory, which is gone by then.
   */
  readonly uploads: readonly SinkUploadSummary[];
}
