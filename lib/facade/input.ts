import type { MediaInput } from '../contracts/media-input.js';
import type { BinaryOptions } from '../ffmpeg/locate-ffmpeg.js';
import { Formats } from '../format/formats.js';
import type { VideoFormat } from '../format/video-format.js';
import { FFProbe } from '../probe/ffprobe.js';
import { openMediaInput, probeInputOptions } from '../job/open-media-input.js';
import { captureInput } from '../../sources/from-capture.js';
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
  /**
   * The name is a capture device, not a file (the seed's `capture=True`): a camera (`/dev/video0` on Linux, an
   * avfoundation index on macOS, a DirectShow name on Windows) or, with `screen`, a screen (an X display such as
   * `:0.0`; `desktop` on Windows). Opened once per job whatever the number of renditions. See `fromCapture`.
   * @default false
   */
  readonly capture?: boolean;
  /** With `capture`: capture the screen rather than a camera (the seed's `screen=True`). @default false */
  readonly screen?: boolean;
  /** With `capture`: the microphone (`pulse:default`, `alsa:hw:0`, a DirectShow or avfoundation name; the seed's `windows_audio`). @default undefined (no audio) */
  readonly audioDevice?: string;
  /** With `capture`: the capture size, `WxH`. @default the device's own */
  readonly size?: string;
  /** With `capture`: frames per second asked of the device. @default the device's own */
  readonly frameRate?: number;
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

  /** Probes the input (the seed's `Save.probe()`), with its input options; a capture device or cloud object is opened for it, then released. */
  async probe(): Promise<FFProbe> {
    const opened = await openMediaInput(this.source);
    try {
      return await FFProbe.probe(opened.uri, { ...this.binaries, inputOptions: probeInputOptions(opened.inputOptions) });
    } finally {
      await opened.release();
    }
  }
}

/**
 * Opens a local path, a URL or (with `capture`) a capture device for the seed-style facade. Nothing is read until a job runs.
 *
 * @example
 * const result = await input('talk.mp4').hls(Formats.h264()).autoGenerateRepresentations().output('out/master.m3u8');
 * input(':0.0', { capture: true, screen: true, size: '1280x720' }); // the X screen, via fromCapture (Linux x11grab)
 */
export function input(pathOrUrl: string, options: InputOptions = {}): Media {
  const { inputOptions = [], capture = false, screen = false, audioDevice, size, frameRate, ...binaries } = options;
  if (capture) {
    const source = captureInput(pathOrUrl, {
      kind: screen ? 'screen' : 'camera',
      inputOptions,
      ...binaries,
      ...(audioDevice === undefined ? {} : { audioDevice }),
      ...(size === undefined ? {} : { size }),
      ...(frameRate === undefined ? {} : { frameRate }),
    });
    return new Media(source, binaries);
  }
  const source = isUrlInput(pathOrUrl) ? urlInput(pathOrUrl, { inputOptions }) : fileInput(pathOrUrl, { inputOptions });
  return new Media(source, binaries);
}
