import { parseArgs } from 'node:util';
import { InvalidOptionError, PackagerError } from '../errors.js';
import { parseHeader, parseSinkUrl, type SinkUrl } from './sink-from-url.js';
import { encryptionOf, type CliEncryption } from './cli-encryption.js';
import { liveOf, type CliLive } from './cli-live.js';
import { sourceOf, type CliSource } from './cli-source.js';

/** A parsed `ffstream` command line. Pure data; `runCli` carries it out. */
export type CliCommand =
  | {
      readonly command: 'hls' | 'dash';
      readonly input: string;
      /** What `input` names and how to read it (`--capture`, `--loop`, `s3://`…). */
      readonly source: CliSource;
      /** Live packaging (`--live`, `--window`, `--event`, `--duration`); null without them (a live source is still packaged live). */
      readonly live: CliLive | null;
      readonly output: string;
      readonly reps: readonly string[];
      readonly audioBitrateBps: number | undefined;
      readonly codec: string;
      readonly fmp4: boolean;
      readonly hlsPlaylist: boolean;
      readonly segmentSeconds: number | undefined;
      readonly heights: readonly number[] | undefined;
      readonly excludeOriginal: boolean;
      readonly json: boolean;
      /** Where to upload while encoding; absent without `--to`. */
      readonly upload?: CliUpload;
      /** AES-128 encryption (`--encrypt`); null without it. */
      readonly encryption: CliEncryption | null;
    }
  | { readonly command: 'probe'; readonly input: string; readonly source: CliSource; readonly json: boolean }
  | { readonly command: 'convert'; readonly input: string; readonly source: CliSource; readonly output: string; readonly codec: string; readonly json: boolean }
  | { readonly command: 'verify'; readonly input: string; readonly json: boolean }
  | { readonly command: 'devices'; readonly json: boolean }
  | { readonly command: 'help'; readonly topic: string | undefined }
  | { readonly command: 'version' };

/** The `--to` part of an `hls`/`dash` command line. */
export interface CliUpload {
  /** `--to` destinations, in order (repeatable). */
  readonly to: readonly SinkUrl[];
  /** `--s3-endpoint`: an S3-compatible store's URL. */
  readonly s3Endpoint: string | undefined;
  /** `--gcs-endpoint`: a GCS JSON API endpoint (an emulator). */
  readonly gcsEndpoint: string | undefined;
  /** `--header 'Name: value'` for http(s) destinations (repeatable). */
  readonly headers: Readonly<Record<string, string>>;
  /** `--delete-removed`: delete from the destinations the segments a live sliding window removed locally. */
  readonly deleteRemoved: boolean;
}

/** The usage text printed by `ffstream --help`. */
export const USAGE = `Usage:
  ffstream hls <input> -o <out/master.m3u8> [--auto | --rep WxH@BITRATE ...] [--audio-bitrate 128k]
               [--codec h264|hevc|vp9|av1] [--fmp4] [--segment-seconds 6] [--heights 720,360] [--no-original] [--json]
               [--encrypt [--key-url URL_TEMPLATE] [--key-dir DIR | --key-to DEST] [--rotate N]]
  ffstream dash <input> -o <out/manifest.mpd> [same options, but --encrypt] [--hls-playlist]
               hls and dash also take:
               [--capture camera|screen [--audio-device NAME] [--size WxH] [--frame-rate N]] [--loop]
               [--live] [--window N | --event] [--duration SECONDS]
               [--to DEST ...] [--delete-removed] [--s3-endpoint URL] [--gcs-endpoint URL] [--header 'Name: value' ...]
  ffstream convert <input> -o <out.mp4> [--codec h264|hevc|vp9|av1] [--json]
  ffstream probe <input> [--json]
  ffstream verify <master.m3u8 | manifest.mpd | URL> [--json]
  ffstream devices [--json]          cameras, screens and microphones ffmpeg can capture here

<input> is a local path, any URL ffmpeg reads (an HLS or DASH manifest included), or a cloud object:
  s3://bucket/key, gs://bucket/object, az://container/blob (read in place through a short-lived signed URL, else
  downloaded to a temporary file removed afterwards; credentials as for --to below, --s3-endpoint/--gcs-endpoint too).
--capture camera|screen: <input> is the device (/dev/video0 or :0.0 on Linux, see \`ffstream devices\`), opened once
  whatever the number of rungs; --audio-device pulse:default|alsa:hw:0|NAME records a microphone with it.
--loop plays a local file over and over in real time, as a live source.
--live packages live: playlists without ENDLIST, a sliding window of --window N segments (default 6) whose older
  segments are deleted, or --event to keep them all; --duration SECONDS stops after that much media. Captures,
  --loop and rtmp/srt/udp/rtsp inputs are live anyway. The first Ctrl-C stops a live job cleanly (final playlists
  with ENDLIST, uploads finished, exit 0); a second one aborts it.
--rep 1280x720@2400k adds one rung (repeatable); without --rep the ladder is built from the source (--auto).
--json prints one JSON event per line on stdout; errors are {"type":"error","code":...,"message":...}.
--to uploads every file while encoding (repeatable): s3://bucket/prefix, gs://bucket/prefix, az://container/prefix
  or http(s)://host/path (HTTP PUT). Credentials come from each SDK's environment (AWS_ACCESS_KEY_ID/profiles,
  GOOGLE_APPLICATION_CREDENTIALS, AZURE_STORAGE_CONNECTION_STRING); --s3-endpoint for S3-compatible stores,
  --gcs-endpoint (or STORAGE_EMULATOR_HOST) for a GCS emulator, --header for HTTP origins. --delete-removed also
  deletes there the segments a live window dropped.
verify checks a finished package (on disk or over HTTP) and prints each rule it checked; it exits 1 when one broke.
With --json it prints the report as one JSON object.
Environment: FFMPEG_PATH, FFPROBE_PATH choose the binaries.`;

/** Pure: parses argv (without `node` and the script) into a {@link CliCommand}; throws `INVALID_OPTION` on bad usage. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const { values, positionals } = usageErrors(() =>
    parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      output: { type: 'string', short: 'o' },
      rep: { type: 'string', multiple: true },
      auto: { type: 'boolean' },
      'audio-bitrate': { type: 'string' },
      codec: { type: 'string' },
      fmp4: { type: 'boolean' },
      'hls-playlist': { type: 'boolean' },
      'segment-seconds': { type: 'string' },
      heights: { type: 'string' },
      'no-original': { type: 'boolean' },
      to: { type: 'string', multiple: true },
      encrypt: { type: 'boolean' },
      'key-url': { type: 'string' },
      'key-dir': { type: 'string' },
      'key-to': { type: 'string' },
      rotate: { type: 'string' },
      's3-endpoint': { type: 'string' },
      'gcs-endpoint': { type: 'string' },
      header: { type: 'string', multiple: true },
      'delete-removed': { type: 'boolean' },
      capture: { type: 'string' },
      'audio-device': { type: 'string' },
      size: { type: 'string' },
      'frame-rate': { type: 'string' },
      loop: { type: 'boolean' },
      live: { type: 'boolean' },
      window: { type: 'string' },
      event: { type: 'boolean' },
      duration: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  }));
  const [command, input, ...rest] = positionals;
  if (values.version) return { command: 'version' };
  if (values.help || command === undefined || command === 'help') return { command: 'help', topic: command === 'help' ? input : command };
  if (rest.length > 0) throw new InvalidOptionError('arguments', 'one input', positionals.slice(1), 'Quote paths that contain spaces.');
  if (command === 'devices') {
    if (input !== undefined) throw new InvalidOptionError('arguments', 'none for `ffstream devices`', positionals.slice(1));
    return { command, json: values.json ?? false };
  }
  if (!['hls', 'dash', 'probe', 'convert', 'verify'].includes(command)) {
    throw new InvalidOptionError('command', 'one of hls, dash, probe, convert, verify, devices', command, 'Run `ffstream --help` for usage.');
  }
  if (input === undefined || input === '') throw new InvalidOptionError('<input>', 'a path or URL', input, `Usage: ffstream ${command} <input> ...`);
  const json = values.json ?? false;
  if (values.to !== undefined && command !== 'hls' && command !== 'dash') throw new InvalidOptionError('--to', 'used with `ffstream hls` or `ffstream dash` only', values.to);
  const packagingOnly = (['capture', 'loop', 'live', 'window', 'event', 'duration', 'delete-removed'] as const).find((f) => values[f] !== undefined);
  if (packagingOnly !== undefined && command !== 'hls' && command !== 'dash') {
    throw new InvalidOptionError(`--${packagingOnly}`, 'used with `ffstream hls` or `ffstream dash` only', values[packagingOnly]);
  }
  if (command === 'verify') return { command, input, json };
  if (command === 'probe') {
    const source = sourceOf(input, values);
    checkEndpoints(values, source);
    return { command, input, source, json };
  }
  const output = values.output;
  if (output === undefined || output === '') {
    const example = command === 'hls' ? 'out/master.m3u8' : command === 'dash' ? 'out/manifest.mpd' : 'out.mp4';
    throw new InvalidOptionError('-o', `the output path, e.g. -o ${example}`, output);
  }
  const codec = values.codec ?? 'h264';
  const source = sourceOf(input, values);
  checkEndpoints(values, source);
  if (command === 'convert') return { command, input, source, output, codec, json };
  if (values.auto && values.rep && values.rep.length > 0) throw new InvalidOptionError('--auto', 'not combined with --rep', true, 'Use either --auto or one or more --rep.');
  if (values['hls-playlist'] && command !== 'dash') throw new InvalidOptionError('--hls-playlist', 'used with `ffstream dash` only', true);
  return {
    command: command as 'hls' | 'dash',
    input,
    source,
    live: liveOf(values),
    output,
    reps: values.rep ?? [],
    audioBitrateBps: values['audio-bitrate'] !== undefined ? parseBitrate('--audio-bitrate', values['audio-bitrate']) : undefined,
    codec,
    fmp4: values.fmp4 ?? false,
    hlsPlaylist: values['hls-playlist'] ?? false,
    segmentSeconds: values['segment-seconds'] !== undefined ? parsePositive('--segment-seconds', values['segment-seconds']) : undefined,
    heights: values.heights !== undefined ? values.heights.split(',').map((h) => parsePositive('--heights', h)) : undefined,
    excludeOriginal: values['no-original'] ?? false,
    json,
    ...uploadOf(values),
    encryption: encryptionOf(command as 'hls' | 'dash', values),
  };
}

/** Turns Node's own argument errors (unknown option, missing value) into `INVALID_OPTION` with a way out. */
function usageErrors<T>(parse: () => T): T {
  try {
    return parse();
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new PackagerError('INVALID_OPTION', `${message} Run \`ffstream --help\` for usage.`, { cause });
  }
}

/** Pure: `128k` → 128000, `2.5M` → 2500000, `96000` → 96000. */
export function parseBitrate(option: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/u.exec(text.trim());
  if (!m?.[1]) throw new InvalidOptionError(option, 'a bitrate such as 128k, 2.5M or 96000', text);
  const factor = m[2] === 'k' || m[2] === 'K' ? 1000 : m[2] === 'm' || m[2] === 'M' ? 1_000_000 : 1;
  const value = Math.round(Number(m[1]) * factor);
  if (value <= 0) throw new InvalidOptionError(option, 'a positive bitrate', text);
  return value;
}

function parsePositive(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidOptionError(option, 'a positive number', text);
  return value;
}

/** Pure: `--s3-endpoint`/`--gcs-endpoint` must be http(s) URLs and serve an `s3://`/`gs://` input or `--to`; `--header` an http(s) `--to`. */
function checkEndpoints(values: { to?: string[]; 's3-endpoint'?: string; 'gcs-endpoint'?: string; header?: string[] }, source: CliSource): void {
  const to = (values.to ?? []).map((url) => parseSinkUrl(url, '--to'));
  const needs = (flag: 's3-endpoint' | 'gcs-endpoint' | 'header', kind: SinkUrl['kind'], example: string): void => {
    if (values[flag] !== undefined && source.kind !== kind && !to.some((d) => d.kind === kind)) {
      const what = flag === 'header' ? `a --to ${example} destination` : `a --to ${example} destination or ${example === 's3://' ? 'an' : 'a'} ${example} input`;
      throw new InvalidOptionError(`--${flag}`, `used with ${what}`, flag === 'header' ? '(given)' : values[flag]);
    }
  };
  needs('s3-endpoint', 's3', 's3://');
  needs('gcs-endpoint', 'gcs', 'gs://');
  needs('header', 'http', 'http(s)://');
  for (const flag of ['s3-endpoint', 'gcs-endpoint'] as const) {
    const value = values[flag];
    if (value !== undefined && !/^https?:\/\/[^/]/iu.test(value)) throw new InvalidOptionError(`--${flag}`, 'an http(s):// URL, e.g. http://127.0.0.1:9000', value);
  }
}

/** Pure: the `--to` part of an hls/dash command line; nothing without `--to`. */
function uploadOf(values: { to?: string[]; 's3-endpoint'?: string; 'gcs-endpoint'?: string; header?: string[]; 'delete-removed'?: boolean }): { upload?: CliUpload } {
  const to = (values.to ?? []).map((url) => parseSinkUrl(url, '--to'));
  if (to.length === 0) {
    if (values['delete-removed']) throw new InvalidOptionError('--delete-removed', 'used with --to', true, 'It deletes from the destinations what a live window removed locally.');
    return {};
  }
  return {
    upload: {
      to,
      s3Endpoint: values['s3-endpoint'],
      gcsEndpoint: values['gcs-endpoint'],
      headers: Object.fromEntries((values.header ?? []).map((h) => parseHeader(h))),
      deleteRemoved: values['delete-removed'] ?? false,
    },
  };
}
