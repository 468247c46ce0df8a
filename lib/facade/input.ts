import type { MediaInput } from '../contracts/media-input.js';
import type { BinaryOptions } from '../ffmpeg/locate-ffmpeg.js';
import { Formats } from '../format/formats.js';
import type { VideoFormat } from '../format/video-format.js';
import { FFProbe } from '../probe/ffprobe.js';
import { fileInput } from '../../sources/from-file.js';
import { urlInput } from '../../sources/from-url.js';
import { isUrlInput } from '../probe/is-url-input.js';
import { DashJob } from './dash-job.js';
import { HlsJob } from './hls-job.js';
import type { StreamingJobOptions } from './streaming-job.js';
import { Stream2FileJob } from './stream2file-job.js';

/** Options of {@link input}. */
export interface InputOptions extends BinaryOptions {
  /** ffmpeg input options placed before `-i` (the seed put them after `-i`, as output options: bug B12). @default [] */
  readonly inputOptions?: readonly string[];
}

/** An opened input of the seed-style facade: choose `hls()`, `dash()` or `stream2file()`. */
export class Media {
  constructor(
    /** What the jobs read. */
    readonly source: MediaInput,
    private readonly binaries: BinaryOptions,
  ) {}

  /** An HLS job. `options` sets segment duration, key-frame interval, audio bitrate... (see `PackageOptions`). */
  hls(format: VideoFormat = Formats.h264(), options: StreamingJobOptions = {}): HlsJob {
    return new HlsJob(this.source, format, options, this.binaries);
  }

  /** A DASH job. */
  dash(format: VideoFormat = Formats.h264(), options: StreamingJobOptions = {}): DashJob {
    return new DashJob(this.source, format, options, this.binaries);
  }

  /** Writes the input (a file, a URL, an HLS or DASH manifest) to one MP4: remuxed when the codecs fit. */
  stream2file(format: VideoFormat = Formats.h264()): Stream2FileJob {
    return new Stream2FileJob(this.source, format, this.binaries);
  }

  /** Probes the input (the seed's `Save.probe()`). */
  probe(): Promise<FFProbe> {
    return FFProbe.probe(this.source.uri, this.binaries);
  }
}

/**
 * Opens a local path or a URL for the seed-style facade. Nothing is read until a job runs.
 *
 * @example
 * const result = await input('talk.mp4').hls(Formats.h264()).autoGenerateRepresentations().output('out/master.m3u8');
 */
export function input(pathOrUrl: string, options: InputOptions = {}): Media {
  const { inputOptions = [], ...binaries } = options;
  const source = isUrlInput(pathOrUrl) ? urlInput(pathOrUrl, { inputOptions }) : fileInput(pathOrUrl, { inputOptions });
  return new Media(source, binaries);
}
