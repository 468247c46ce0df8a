import { InvalidOptionError, PackagerError } from '../errors.js';
import { AUDIO_ENCODERS, CODEC_LABELS, VIDEO_ENCODERS } from './encoders.js';
import type { AudioCodec, FormatOptions, VideoCodec, VideoFormat } from './video-format.js';

/**
 * Builds a frozen {@link VideoFormat} for `codec`, validating every name. `Formats.h264()` and friends call it.
 *
 * Throws `PackagerError('UNKNOWN_CODEC')` synchronously for an encoder the codec does not know (a decoder such
 * as `h264_cuvid`, a typo, an encoder of another codec), listing the allowed names; and `InvalidOptionError`
 * for a codec option that cannot become `-key value`.
 *
 * @example
 * createFormat('h264', { videoEncoder: 'h264_nvenc', videoOptions: { preset: 'p5' } });
 * // → { codec: 'h264', videoEncoder: 'h264_nvenc', audioCodec: 'aac', audioEncoder: 'aac', videoOptions: { preset: 'p5' }, audioOptions: {} }
 */
export function createFormat(codec: VideoCodec, options: FormatOptions = {}): VideoFormat {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('format options', 'an object', options);
  const videoEncoder = options.videoEncoder === undefined ? defaultOf(VIDEO_ENCODERS[codec]) : checkVideoEncoder(codec, options.videoEncoder);
  const audioCodec = chooseAudioCodec(options);
  const audioEncoder = options.audioEncoder === undefined ? defaultOf(AUDIO_ENCODERS[audioCodec]) : checkAudioEncoder(audioCodec, options.audioEncoder);
  return Object.freeze({
    codec,
    videoEncoder,
    audioCodec,
    audioEncoder,
    videoOptions: toCodecOptions('videoOptions', options.videoOptions),
    audioOptions: toCodecOptions('audioOptions', options.audioOptions),
  });
}

function checkVideoEncoder(codec: VideoCodec, encoder: unknown): string {
  const allowed = VIDEO_ENCODERS[codec];
  if (typeof encoder === 'string' && allowed.includes(encoder)) return encoder;
  throw new PackagerError('UNKNOWN_CODEC', `${describe(encoder)} is not among the ${CODEC_LABELS[codec]} encoders this library supports. ${encoderHint(encoder, codec)}Use one of: ${allowed.join(', ')} (as \`videoEncoder\`).`);
}

function encoderHint(encoder: unknown, codec: VideoCodec): string {
  if (typeof encoder !== 'string') return '';
  if (/_(?:cuvid|cuda|mmal|crystalhd)$/u.test(encoder)) {
    return `"${encoder}" is a hardware *decoder*, not an encoder; for NVIDIA GPU encoding use "${codec}_nvenc". `;
  }
  const lower = encoder.trim().toLowerCase();
  if (lower !== encoder && VIDEO_ENCODERS[codec].includes(lower)) return `Encoder names are lower-case: did you mean "${lower}"? `;
  for (const [other, names] of Object.entries(VIDEO_ENCODERS) as [VideoCodec, readonly string[]][]) {
    if (other !== codec && names.includes(encoder)) return `"${encoder}" encodes ${CODEC_LABELS[other]}: use Formats.${other}() for it. `;
  }
  return '';
}

function chooseAudioCodec(options: FormatOptions): AudioCodec {
  const { audio, audioEncoder } = options;
  if (audio !== undefined) {
    if (audio === 'aac' || audio === 'opus') return audio;
    throw new PackagerError('UNKNOWN_CODEC', `${describe(audio)} is not an audio codec this library supports. Use 'aac' (plays everywhere) or 'opus' (as \`audio\`).`);
  }
  // Only an encoder given: take its codec, so `{ audioEncoder: 'libopus' }` just works.
  if (typeof audioEncoder === 'string' && AUDIO_ENCODERS.opus.includes(audioEncoder)) return 'opus';
  return 'aac';
}

function checkAudioEncoder(codec: AudioCodec, encoder: unknown): string {
  const allowed = AUDIO_ENCODERS[codec];
  if (typeof encoder === 'string' && allowed.includes(encoder)) return encoder;
  const other: AudioCodec = codec === 'aac' ? 'opus' : 'aac';
  const hint = typeof encoder === 'string' && AUDIO_ENCODERS[other].includes(encoder) ? `"${encoder}" encodes ${CODEC_LABELS[other]}: pass \`audio: '${other}'\` for it. ` : '';
  throw new PackagerError('UNKNOWN_CODEC', `${describe(encoder)} is not among the ${CODEC_LABELS[codec]} encoders this library supports. ${hint}Use one of: ${allowed.join(', ')} (as \`audioEncoder\`).`);
}

/** Turns user codec options into `-key value` material: keys without the dash, values as strings. */
function toCodecOptions(name: string, options: Readonly<Record<string, string | number | boolean>> | undefined): Readonly<Record<string, string>> {
  if (options === undefined) return Object.freeze({});
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new InvalidOptionError(name, 'an object of encoder options such as { preset: "slow" }', options);
  const out: Record<string, string> = {};
  for (const [rawKey, value] of Object.entries(options)) {
    // Accept `{ '-crf': 20 }` as well as `{ crf: 20 }`: the argument builder adds the dash.
    const key = rawKey.startsWith('-') ? rawKey.slice(1) : rawKey;
    if (!/^[A-Za-z0-9][\w:.+-]*$/u.test(key)) {
      throw new InvalidOptionError(`${name} key`, 'an ffmpeg option name such as "preset", "crf" or "x264-params" (no spaces)', rawKey);
    }
    if (typeof value === 'boolean') out[key] = value ? '1' : '0';
    else if (typeof value === 'number' && Number.isFinite(value)) out[key] = String(value);
    else if (typeof value === 'string' && !/[\r\n\0]/u.test(value)) out[key] = value;
    else throw new InvalidOptionError(`${name}.${key}`, 'a string, a finite number or a boolean', value);
  }
  return Object.freeze(out);
}

function defaultOf(list: readonly string[]): string {
  const first = list[0];
  if (first === undefined) throw new PackagerError('UNKNOWN_CODEC', 'Internal error: a codec has no encoder listed.');
  return first;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}
