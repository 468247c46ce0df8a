import type { FfprobeStreamJson } from './ffprobe-json.js';

/**
 * The streams of an ffprobe report as raw ffprobe dictionaries, as the Python library's `Streams`.
 *
 * Use it for fields the typed `MediaInfo` does not model. Lists are arrays (the Python ones were generators).
 * Attached pictures (cover art) are not counted as video, matching `MediaInfo.video`.
 *
 * @example
 * (await FFProbe.probe('in.mp4')).streams().video()['codec_name']; // → 'h264'
 */
export class FFProbeStreams {
  readonly #streams: readonly FfprobeStreamJson[];

  constructor(streams: readonly FfprobeStreamJson[]) {
    this.#streams = streams;
  }

  /** Every stream, in input order. */
  all(): readonly FfprobeStreamJson[] {
    return this.#streams;
  }

  /** Every video stream except attached pictures. */
  videos(): readonly FfprobeStreamJson[] {
    return this.#streams.filter((s) => s.codec_type === 'video' && s.disposition?.['attached_pic'] !== 1);
  }

  /** Every audio stream. */
  audios(): readonly FfprobeStreamJson[] {
    return this.#streams.filter((s) => s.codec_type === 'audio');
  }

  /** The first video stream, or `{}` when there is none. */
  video(): FfprobeStreamJson {
    return this.videos()[0] ?? {};
  }

  /** The first audio stream, or `{}` when there is none. */
  audio(): FfprobeStreamJson {
    return this.audios()[0] ?? {};
  }

  /** The first stream of any kind, or `{}` when there is none. */
  firstStream(): FfprobeStreamJson {
    return this.#streams[0] ?? {};
  }
}
