/**
 * What a source emits: one input ffmpeg can open, described as data.
 *
 * `inputOptions` go before `-i` (they are *input* options, unlike the Python library's, which leaked
 * after `-i`). `uri` is handed to ffmpeg as one argv element, never through a shell.
 */
export interface MediaInput {
  /** Where the media comes from. */
  readonly kind: 'file' | 'url' | 'capture' | 'cloud';
  /**
   * A local path or a URL ffmpeg can read (`http(s)://`, `rtmp://`, `srt://`, a device name...). For inputs with
   * an {@link MediaInput.open | opener} (cloud objects) it is a display form safe for events and errors, such as
   * `s3://bucket/key`: what ffmpeg reads is only known once the input is opened.
   */
  readonly uri: string;
  /** ffmpeg input options placed before `-i`, e.g. `['-rtsp_transport', 'tcp']`. @default [] */
  readonly inputOptions: readonly string[];
  /** True for sources with no end (capture, live URLs): no duration, no percent. @default false */
  readonly isLive: boolean;
  /** A short label for logs and default output names (file stem). */
  readonly label: string;
  /**
   * Prepares the input for one job, just before it is probed: signs a short-lived URL, downloads an object to a
   * temporary file, checks that a capture device exists. Called once per job (`openMediaInput` in
   * `lib/job/open-media-input.ts`); the job calls `release()` when it ends, however it ends. Rejects with an
   * `InputError` (missing, forbidden, unreadable) or `ABORTED`, and leaves nothing behind when it rejects.
   * @default undefined (`uri` and `inputOptions` are used as they are)
   */
  readonly open?: (signal: AbortSignal) => Promise<OpenedMediaInput>;
  /**
   * A second ffmpeg input that carries the audio (ffmpeg input index 1), for captures whose microphone is a device
   * of its own (Linux PulseAudio/ALSA, Windows screen capture). The video comes from `uri` (input 0).
   * @default undefined (any audio is in input 0)
   */
  readonly audioInput?: MediaInputPart;
}

/** One ffmpeg input: `[...inputOptions, '-i', uri]`. */
export interface MediaInputPart {
  /** What follows `-i`. */
  readonly uri: string;
  /** Options placed before that `-i`. */
  readonly inputOptions: readonly string[];
}

/** A {@link MediaInput} ready for ffmpeg, as one job holds it between `open()` and `release()`. */
export interface OpenedMediaInput {
  /** What ffmpeg and ffprobe read after `-i`: a path, a URL, or a signed URL (which is a secret: never log it unredacted). */
  readonly uri: string;
  /** Options placed before that `-i`. */
  readonly inputOptions: readonly string[];
  /** Frees what `open()` took: removes a temporary download (a `saveTo` copy is kept). Idempotent; never rejects. */
  release(): Promise<void>;
}
