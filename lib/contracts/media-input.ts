/**
 * What a source emits: one input ffmpeg can open, described as data.
 *
 * `inputOptions` go before `-i` (they are *input* options, unlike the Python library's, which leaked
 * after `-i`). `uri` is handed to ffmpeg as one argv element, never through a shell.
 */
export interface MediaInput {
  /** Where the media comes from. */
  readonly kind: 'file' | 'url' | 'capture' | 'cloud';
  /** A local path or a URL ffmpeg can read (`http(s)://`, `rtmp://`, `srt://`, a device name...). */
  readonly uri: string;
  /** ffmpeg input options placed before `-i`, e.g. `['-rtsp_transport', 'tcp']`. @default [] */
  readonly inputOptions: readonly string[];
  /** True for sources with no end (capture, live URLs): no duration, no percent. @default false */
  readonly isLive: boolean;
  /** A short label for logs and default output names (file stem). */
  readonly label: string;
}
