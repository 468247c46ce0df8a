import { of, type Observable } from 'rxjs';
import type { MediaInput } from '../lib/contracts/media-input.js';
import { InvalidOptionError } from '../lib/errors.js';
import { redactUrl } from '../lib/probe/redact-url.js';

/** Options of {@link fromUrl}. */
export interface FromUrlOptions {
  /** ffmpeg input options placed before `-i`, e.g. `['-rtsp_transport', 'tcp']`. @default [] */
  readonly inputOptions?: readonly string[];
  /** True for live streams (no duration, no percent). @default false */
  readonly isLive?: boolean;
}

/**
 * A URL ffmpeg can read (http(s), ftp, rtmp, rtsp, srt, udp, an HLS or DASH manifest...) as a source.
 * The URL goes to ffmpeg as one argv element; credentials in it never appear in events or errors.
 */
export function fromUrl(url: string, options: FromUrlOptions = {}): Observable<MediaInput> {
  return of(urlInput(url, options));
}

/** The {@link MediaInput} for a URL, without an Observable around it. */
export function urlInput(url: string, options: FromUrlOptions = {}): MediaInput {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidOptionError('url', 'an absolute URL such as https://host/video.mp4', redactUrl(url));
  }
  const last = decodeURIComponent(parsed.pathname.split('/').filter(Boolean).pop() ?? '');
  const label = last.replace(/\.[^.]*$/u, '') || parsed.hostname || 'stream';
  return { kind: 'url', uri: url, inputOptions: options.inputOptions ?? [], isLive: options.isLive ?? false, label };
}
