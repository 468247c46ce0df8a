import { of, type Observable } from 'rxjs';
import type { MediaInput } from '../lib/contracts/media-input.js';
import { InvalidOptionError } from '../lib/errors.js';
import { redactUrl } from '../lib/probe/redact-url.js';
import { isLiveScheme, urlInputOptions } from './url-input-options.js';

/** Options of {@link fromUrl}. */
export interface FromUrlOptions {
  /** ffmpeg input options placed before `-i`, e.g. `['-user_agent', 'my-app/1.0']`; they win over the defaults below. @default [] */
  readonly inputOptions?: readonly string[];
  /** True for live streams (no duration, no percent). @default true for rtmp, rtsp, srt, udp, rtp, rist and tcp URLs, else false */
  readonly isLive?: boolean;
  /**
   * HTTP request headers sent with every request ffmpeg makes (`-headers`), e.g. `{ Authorization: 'Bearer …' }`.
   * Values never appear in events, errors or logs. http(s) URLs only. @default {}
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Give up when the server sends nothing for this long (ffmpeg `-rw_timeout`, or `-timeout` for rtsp/udp/rtp);
   * 0 waits forever. @default 30000, but 0 for udp and rtp (they wait for a sender)
   */
  readonly timeoutMs?: number;
}

/**
 * A URL ffmpeg can read (http(s), ftp, rtmp, rtsp, srt, udp, an HLS or DASH manifest...) as a source: emits one
 * {@link MediaInput} and completes. Cold and cheap: nothing is read until a job probes the input.
 *
 * Use it for anything that is not a local file. Input options go before `-i`, with robust defaults per scheme:
 * http(s) reconnects (a dropped connection resumes with a range request), rtsp uses TCP, and every network read
 * has a timeout (see {@link FromUrlOptions.timeoutMs}). The URL goes to ffmpeg as one argv element; credentials in
 * it and header values never appear in events or errors. A bad URL or option throws `INVALID_OPTION` at once.
 *
 * @example
 * fromUrl('https://cdn.example.com/talk.mp4', { headers: { Authorization: `Bearer ${token}` } })
 *   .pipe(packageHls({ output: 'out/master.m3u8' }));
 * urlInput('rtsp://cam.local/stream').inputOptions; // → ['-rtsp_transport', 'tcp', '-timeout', '30000000']
 * // Any ffmpeg input format: with `-f` in inputOptions, `url` is what that format reads (here a live test pattern).
 * fromUrl('testsrc2=size=1280x720:rate=30', { inputOptions: ['-f', 'lavfi', '-re'], isLive: true });
 */
export function fromUrl(url: string, options: FromUrlOptions = {}): Observable<MediaInput> {
  return of(urlInput(url, options));
}

/** The {@link MediaInput} for a URL, without an Observable around it. Throws like {@link fromUrl}. */
export function urlInput(url: string, options: FromUrlOptions = {}): MediaInput {
  const matched = typeof url === 'string' ? /^([a-z][a-z0-9+.-]*):/iu.exec(url)?.[1] : undefined;
  // `X:` is a Windows drive letter, not a scheme.
  const scheme = matched !== undefined && matched.length >= 2 ? matched : undefined;
  // With an explicit input format (`-f lavfi`, `-f v4l2`...), the "URL" is whatever that format reads.
  const hasFormat = options.inputOptions?.includes('-f') === true;
  if (typeof url !== 'string' || url === '' || (scheme === undefined && !hasFormat)) {
    throw new InvalidOptionError(
      'url',
      'an absolute URL such as https://host/video.mp4 (or, with `-f FORMAT` in inputOptions, what that format reads)',
      typeof url === 'string' ? redactUrl(url) : url,
    );
  }
  const label = scheme === undefined ? url.split(/[=:,]/u)[0] || 'stream' : labelOf(url);
  const inputOptions = urlInputOptions(scheme ?? '', {
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.inputOptions === undefined ? {} : { inputOptions: options.inputOptions }),
  });
  return { kind: 'url', uri: url, inputOptions, isLive: options.isLive ?? (scheme !== undefined && isLiveScheme(scheme)), label };
}

/** The last path segment without its extension, else the host; ffmpeg URLs WHATWG rejects (`udp://:1234`) get `stream`. */
function labelOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'stream';
  }
  const last = safeDecode(parsed.pathname.split('/').filter(Boolean).pop() ?? '');
  return last.replace(/\.[^.]*$/u, '') || parsed.hostname || 'stream';
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
