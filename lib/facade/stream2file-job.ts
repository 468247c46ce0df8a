import type { Observable } from 'rxjs';
import type { MediaInput } from '../contracts/media-input.js';
import type { PackageResult, PackagingEvent } from '../contracts/packaging-event.js';
import type { BinaryOptions } from '../ffmpeg/locate-ffmpeg.js';
import type { VideoFormat } from '../format/video-format.js';
import { runConvertJob } from '../job/run-convert-job.js';
import { defaultOutputPath } from './default-output-path.js';
import type { OutputOptions } from './output-options.js';
import { runToPromise } from './run-to-promise.js';

/** The seed-style stream-to-file job: any input ffmpeg reads (HLS/DASH manifests included) to one MP4. */
export class Stream2FileJob {
  constructor(
    private readonly input: MediaInput,
    private readonly format: VideoFormat,
    private readonly binaries: BinaryOptions,
  ) {}

  /** Writes the MP4 and resolves with the result. With no path, writes beside a local input. */
  output(path?: string, options: OutputOptions = {}): Promise<PackageResult> {
    return runToPromise(this.events(path, options), options);
  }

  /** The same job as a cold Observable of events. */
  events(path?: string, options: Pick<OutputOptions, 'signal'> = {}): Observable<PackagingEvent> {
    const output = path ?? defaultOutputPath(this.input, '.mp4');
    return runConvertJob(this.input, { ...this.binaries, output, format: this.format, ...(options.signal ? { signal: options.signal } : {}) });
  }
}
