import type { BinaryOptions } from '../ffmpeg/locate-ffmpeg.js';
import type { LimitedRunner } from './concurrency-limit.js';
import type { PackageStore } from './package-store.js';

/** What every step of one `verify()` run shares: the package's files, the ffprobe limit, the binaries. */
export interface VerifyContext {
  /** The path or URL given to `verify()`. */
  readonly target: string;
  readonly store: PackageStore;
  /** Every ffprobe of the run goes through it (2 at a time). */
  readonly runProbe: LimitedRunner;
  readonly binaries: BinaryOptions;
  readonly signal: AbortSignal | undefined;
}
