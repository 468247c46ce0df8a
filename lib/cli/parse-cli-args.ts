import { parseArgs } from 'node:util';
import { InvalidOptionError } from '../errors.js';

/** A parsed `ffstream` command line. Pure data; `runCli` carries it out. */
export type CliCommand =
  | {
      readonly command: 'hls' | 'dash';
      readonly input: string;
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
    }
  | { readonly command: 'probe'; readonly input: string; readonly json: boolean }
  | { readonly command: 'convert'; readonly input: string; readonly output: string; readonly codec: string; readonly json: boolean }
  | { readonly command: 'help'; readonly topic: string | undefined }
  | { readonly command: 'version' };

/** The usage text printed by `ffstream --help`. */
export const USAGE = `Usage:
  ffstream hls <input> -o <out/master.m3u8> [--auto | --rep WxH@BITRATE ...] [--audio-bitrate 128k]
               [--codec h264|hevc|vp9|av1] [--fmp4] [--segment-seconds 6] [--heights 720,360] [--no-original] [--json]
  ffstream dash <input> -o <out/manifest.mpd> [same options] [--hls-playlist] [--json]
  ffstream probe <input> [--json]
  ffstream convert <input> -o <out.mp4> [--codec h264|hevc|vp9|av1] [--json]

<input> is a local path or any URL ffmpeg reads (an HLS or DASH manifest included).
--rep 1280x720@2400k adds one rung (repeatable); without --rep the ladder is built from the source (--auto).
--json prints one JSON event per line on stdout; errors are {"type":"error","code":...,"message":...}.
Environment: FFMPEG_PATH, FFPROBE_PATH choose the binaries.`;

/** Pure: parses argv (without `node` and the script) into a {@link CliCommand}; throws `INVALID_OPTION` on bad usage. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const { values, positionals } = parseArgs({
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
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  const [command, input, ...rest] = positionals;
  if (values.version) return { command: 'version' };
  if (values.help || command === undefined || command === 'help') return { command: 'help', topic: command === 'help' ? input : command };
  if (rest.length > 0) throw new InvalidOptionError('arguments', 'one input', positionals.slice(1), 'Quote paths that contain spaces.');
  if (!['hls', 'dash', 'probe', 'convert'].includes(command)) {
    throw new InvalidOptionError('command', 'one of hls, dash, probe, convert', command, 'Run `ffstream --help` for usage.');
  }
  if (input === undefined || input === '') throw new InvalidOptionError('<input>', 'a path or URL', input, `Usage: ffstream ${command} <input> ...`);
  const json = values.json ?? false;
  if (command === 'probe') return { command, input, json };
  const output = values.output;
  if (output === undefined || output === '') {
    const example = command === 'hls' ? 'out/master.m3u8' : command === 'dash' ? 'out/manifest.mpd' : 'out.mp4';
    throw new InvalidOptionError('-o', `the output path, e.g. -o ${example}`, output);
  }
  const codec = values.codec ?? 'h264';
  if (command === 'convert') return { command, input, output, codec, json };
  if (values.auto && values.rep && values.rep.length > 0) throw new InvalidOptionError('--auto', 'not combined with --rep', true, 'Use either --auto or one or more --rep.');
  if (values['hls-playlist'] && command !== 'dash') throw new InvalidOptionError('--hls-playlist', 'used with `ffstream dash` only', true);
  return {
    command: command as 'hls' | 'dash',
    input,
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
  };
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
