import type { Observable } from 'rxjs';
import type { MediaInput } from '../contracts/media-input.js';
import type { PackageResult, PackagingEvent } from '../contracts/packaging-event.js';
import { InvalidOptionError } from '../errors.js';
import type { BinaryOptions } from '../ffmpeg/locate-ffmpeg.js';
import type { VideoFormat } from '../format/video-format.js';
import { Representation } from '../format/representation.js';
import type { AutoLadderOptions } from '../ladder/auto-representations.js';
import type { PackageOptions } from '../options/package-options.js';
import { defaultOutputPath } from './default-output-path.js';
import type { OutputOptions } from './output-options.js';
import { runToPromise } from './run-to-promise.js';

/** Job settings shared by the facade's HLS and DASH jobs (everything but the output path and the ladder). */
export type StreamingJobOptions = Omit<PackageOptions, 'output' | 'format' | 'representations' | 'autoRepresentations' | 'signal' | keyof BinaryOptions>;

/**
 * The part of the seed-style facade shared by HLS and DASH: choose the ladder, then `output()`.
 * Each `output()` or `events()` call is a new, independent job.
 */
export abstract class StreamingJob {
  protected ladder: readonly Representation[] | 'auto' = 'auto';
  protected autoOptions: AutoLadderOptions = {};

  constructor(
    protected readonly input: MediaInput,
    protected readonly format: VideoFormat,
    protected readonly jobOptions: StreamingJobOptions,
    protected readonly binaries: BinaryOptions,
  ) {}

  /** Uses exactly these rungs (they may exceed the source: you asked). */
  representations(...representations: Representation[]): this {
    const list = representations.flat() as Representation[];
    if (list.length === 0 || !list.every((r) => r instanceof Representation)) {
      throw new InvalidOptionError('representations', 'one or more Representation objects', list);
    }
    this.ladder = list;
    return this;
  }

  /** Builds the ladder from the probed source when the job runs (never upscales). This is the default. */
  autoGenerateRepresentations(options: AutoLadderOptions = {}): this {
    this.ladder = 'auto';
    this.autoOptions = options;
    return this;
  }

  /**
   * Runs the job and resolves with its result once every file and the entry manifest are written.
   * With no path, writes next to the input, named after it, as the Python library does.
   */
  output(path?: string, options: OutputOptions = {}): Promise<PackageResult> {
    return runToPromise(this.events(path, options), options);
  }

  /** The same job as a cold Observable of events (`start`, `progress`, `done`). */
  events(path?: string, options: Pick<OutputOptions, 'signal'> = {}): Observable<PackagingEvent> {
    const output = path ?? defaultOutputPath(this.input, this.extension());
    return this.run(this.packageOptions(output, options.signal));
  }

  protected packageOptions(output: string, signal: AbortSignal | undefined): PackageOptions {
    return {
      ...this.jobOptions,
      ...this.binaries,
      output,
      format: this.format,
      representations: this.ladder,
      autoRepresentations: this.autoOptions,
      ...(signal ? { signal } : {}),
    };
  }

  protected abstract extension(): string;
  protected abstract run(options: PackageOptions): Observable<PackagingEvent>;
}
