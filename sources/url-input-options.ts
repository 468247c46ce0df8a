import { InvalidOptionError } from '../lib/errors.js';

/** What {@link urlInputOptions} turns into ffmpeg input options. */
export interface UrlReadSettings {
  /** HTTP request headers, e.g. `{ Authorization: 'Bearer …' }`. http(s) only. @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Give up when the server sends nothing for this long, in milliseconds; 0 waits forever.
   * @default 30000 for http(s), ftp, rtmp, rtsp, srt and tcp; 0 (wait for a sender) for udp and rtp
   */
  readonly timeoutMs?: number;
  /** ffmpeg input options of the caller; an option set here is never added again by default. @default [] */
  readonly inputOptions?: readonly string[];
}

/** Schemes whose streams have no end: rtmp, rtsp, srt, udp, rtp, rist, tcp (overridable with `isLive`). */
const LIVE_SCHEMES = new Set(['rtmp', 'rtmps', 'rtmpt', 'rtmpts', 'rtmpe', 'rtmpte', 'rtsp', 'rtsps', 'srt', 'udp', 'rtp', 'rist', 'tcp']);

/**
 * The ffmpeg option that bounds a read that never returns, per scheme. Not one name for all: rtsp is a demuxer (its
 * `-timeout` is the socket timeout), udp/rtp have their own `-timeout`, and rtmp's `-timeout` means "listen",
 * so rtmp, like every other URL protocol, gets the generic `-rw_timeout`. All in microseconds.
 */
const TIMEOUT_OPTION: Readonly<Record<string, string>> = {
  http: '-rw_timeout',
  https: '-rw_timeout',
  ftp: '-rw_timeout',
  rtmp: '-rw_timeout',
  rtmps: '-rw_timeout',
  rtmpt: '-rw_timeout',
  rtmpts: '-rw_timeout',
  srt: '-rw_timeout',
  tcp: '-rw_timeout',
  rtsp: '-timeout',
  rtsps: '-timeout',
  udp: '-timeout',
  rtp: '-timeout',
};

/** Schemes that wait for a sender, so they get no timeout unless one is asked for. */
const WAITING_SCHEMES = new Set(['udp', 'rtp']);

const DEFAULT_TIMEOUT_MS = 30_000;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/u;

/** True for schemes whose streams are live by default (rtmp, rtsp, srt, udp, rtp, rist, tcp). Pure. */
export function isLiveScheme(scheme: string): boolean {
  return LIVE_SCHEMES.has(scheme.toLowerCase());
}

/**
 * Pure: the input options ffmpeg needs to read a URL of `scheme` robustly, followed by the caller's own options.
 *
 * - http(s): `-reconnect 1 -reconnect_streamed 1 -reconnect_delay_max 10` (a dropped connection is resumed with a
 *   range request instead of ending the input early), `-rw_timeout`, and `-headers` from `headers`
 *   (`"Name: value\r\n"` each; its value is redacted wherever an argv is shown);
 * - rtsp(s): `-rtsp_transport tcp` (UDP loses packets through NAT and firewalls) and `-timeout`;
 * - ftp, rtmp, srt, tcp: `-rw_timeout`; udp, rtp: `-timeout` only when `timeoutMs` is given;
 * - anything else (`concat:`, `data:`…): only the caller's options.
 * An option the caller already set is not added again. Throws `INVALID_OPTION` for headers on a non-http scheme, a
 * header name that is not a token, a value with a line break, or a negative timeout; header values never appear
 * in the error.
 *
 * @example
 * urlInputOptions('rtsp', {}); // → ['-rtsp_transport', 'tcp', '-timeout', '30000000']
 */
export function urlInputOptions(scheme: string, settings: UrlReadSettings): string[] {
  const lower = scheme.toLowerCase();
  const user = settings.inputOptions ?? [];
  const has = (option: string): boolean => user.includes(option);
  const defaults: string[] = [];
  const add = (option: string, value: string): void => {
    if (!has(option)) defaults.push(option, value);
  };

  const headers = Object.entries(settings.headers ?? {});
  if (headers.length > 0) {
    if (lower !== 'http' && lower !== 'https') {
      throw new InvalidOptionError('headers', 'used with http:// or https:// URLs only', `${headers.length} header(s) for a ${lower}: URL`);
    }
    for (const [name, value] of headers) {
      if (!HEADER_NAME.test(name)) throw new InvalidOptionError('headers', 'HTTP header names made of token characters', name);
      if (typeof value !== 'string' || /[\r\n\0]/u.test(value)) {
        throw new InvalidOptionError('headers', 'header values without line breaks', '(redacted)', `Check the value of the "${name}" header.`);
      }
    }
    if (has('-headers')) throw new InvalidOptionError('headers', 'unset when `inputOptions` already holds `-headers`', '(redacted)', 'Pass the headers one way only.');
    defaults.push('-headers', headers.map(([name, value]) => `${name}: ${value}\r\n`).join(''));
  }

  if (lower === 'http' || lower === 'https') {
    add('-reconnect', '1');
    add('-reconnect_streamed', '1');
    add('-reconnect_delay_max', '10');
  }
  if (lower === 'rtsp' || lower === 'rtsps') add('-rtsp_transport', 'tcp');

  const timeoutMs = settings.timeoutMs ?? (WAITING_SCHEMES.has(lower) ? 0 : DEFAULT_TIMEOUT_MS);
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new InvalidOptionError('timeoutMs', 'a number of milliseconds ≥ 0 (0 waits forever)', settings.timeoutMs);
  const timeoutOption = TIMEOUT_OPTION[lower];
  // udp's `-timeout` is a C int of microseconds: about 35 minutes at most.
  const timeoutUs = Math.min(Math.round(timeoutMs * 1000), lower === 'udp' ? 2_147_483_647 : Number.MAX_SAFE_INTEGER);
  if (timeoutOption !== undefined && timeoutMs > 0) add(timeoutOption, String(timeoutUs));

  return [...defaults, ...user];
}
