import { filter, tap, type Observable } from 'rxjs';
import type { MediaInput } from '../contracts/media-input.js';
import type { PackagingEvent } from '../contracts/packaging-event.js';
import type { UploadEvent } from '../contracts/upload-event.js';
import { InvalidOptionError } from '../errors.js';
import type { BinaryOptions } from '../ffmpeg/locate-ffmpeg.js';
import type { VideoFormat } from '../format/video-format.js';
import { Representation } from '../format/representation.js';
import type { AutoLadderOptions } from '../ladder/auto-representations.js';
import type { LiveOptions, PackageOptions } from '../options/package-options.js';
import { UploadTally } from '../upload/upload-tally.js';
import { sinksOf } from './cloud-manager.js';
import type { StreamingOutputOptions, StreamingOutputResult } from './output-options.js';
import { publishEvents } from './publish-events.js';
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
  protected liveOptions: LiveOptions | boolean | undefined;

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
   * Packages live: media playlists with PROGRAM-DATE-TIME and no ENDLIST while the job runs, a sliding window of
   * `windowSegments` (older segments deleted) or an event playlist, the master (or a dynamic MPD) written as soon
   * as the first segments exist. `output()` resolves when the job stops: `stopSignal` aborted, `durationMs` reached
   * or the source ended; the final playlists then end with ENDLIST (a static MPD for DASH). Live sources
   * (`isLive`) are packaged live even without this call.
   *
   * @example
   * const stop = new AbortController();
   * await input(':99', { capture: true }).hls(Formats.h264()).live({ windowSegments: 6, stopSignal: stop.signal }).output('out/master.m3u8');
   */
  live(options: LiveOptions = {}): this {
    this.liveOptions = options;
    return this;
  }

  /**
   * Runs the job and resolves with its result once every file and the entry manifest are written.
   * With no path, writes next to the input, named after it, as the Python library does.
   *
   * Publishing while encoding:
   * - `output(path, { clouds })` also uploads every file to each sink (`new CloudManager().add(s3Sink(...))`, a
   *   sink, or a list): segments as ffmpeg writes them, each playlist after what it references, the master or MPD
   *   last, with retries; it resolves once every sink holds the whole package, with `uploads` per sink. With
   *   `clouds` and no path, the package is written to a temporary directory (named after the input) that is
   *   removed afterwards, also on failure.
   * - `output('http://origin/live/master.m3u8')` publishes to an HTTP origin that accepts PUT (nginx DAV, a CDN
   *   ingest), as the seed did "to a server instantly". It is implemented as packaging into a temporary
   *   directory and uploading with `httpPutSink` to the URL's directory, rather than through ffmpeg's own
   *   `-method PUT`: the same files arrive while encoding, but in a safe order, with retries, and the master
   *   playlist (which the library writes after encoding) arrives too. Credentials in the URL become Basic auth.
   * The sinks are closed (`close()`) when the job ends; the built-in ones can be used again afterwards.
   */
  async output(path?: string, options: StreamingOutputOptions = {}): Promise<StreamingOutputResult> {
    const tally = new UploadTally(sinksOf(options.clouds).map((sink) => sink.name));
    const { onUpload } = options;
    const events$ = this.events(path, options).pipe(
      tap((event) => {
        if (!tally.add(event) || onUpload === undefined) return;
        try {
          onUpload(event as UploadEvent);
        } catch {
          // A throwing callback must not stop the job (as for `monitor`).
        }
      }),
      filter((event): event is PackagingEvent => !isUploadEvent(event)),
    );
    const result = await runToPromise(events$, options);
    return { ...result, uploads: tally.summary() };
  }

  /**
   * The same job as a cold Observable of events (`start`, `progress`, `done`); with `clouds` or an URL path also
   * the file events and `uploaded`, `retry` and `deleted` (see `output()`), and `done` once everything is uploaded.
   */
  events(path?: string, options: Pick<StreamingOutputOptions, 'signal' | 'clouds' | 'upload'> = {}): Observable<PackagingEvent | UploadEvent> {
    return publishEvents(
      { path, input: this.input, extension: this.extension(), clouds: options.clouds, upload: options.upload, signal: options.signal },
      (output) => this.run(this.packageOptions(output, options.signal)),
    );
  }

  protected packageOptions(output: string, signal: AbortSignal | undefined): PackageOptions {
    return {
      ...this.jobOptions,
      ...this.binaries,
      output,
      format: this.format,
      representations: this.ladder,
      autoRepresentations: this.autoOptions,
      ...(this.liveOptions !== undefined ? { live: this.liveOptions } : {}),
      ...(signal ? { signal } : {}),
    };
  }

  protected abstract extension(): string;
  protected abstract run(options: PackageOptions): Observable<PackagingEvent>;
}

function isUploadEvent(event: PackagingEvent | UploadEvent): event is UploadEvent {
  return event.type === 'uploaded' || event.type === 'retry' || event.type === 'deleted';
}
