import type { Progress } from '../contracts/progress.js';

/** Options of `output()` on every facade job. */
export interface OutputOptions {
  /**
   * Called with each progress report (a few per second). Replaces the Python library's
   * `monitor(ffmpeg, duration, time_, time_left, process)` with one typed object.
   */
  readonly monitor?: (progress: Progress) => void;
  /** Aborting stops ffmpeg, removes what it wrote and rejects with `ABORTED`. */
  readonly signal?: AbortSignal;
}
