import { createFormat } from './create-format.js';
import type { FormatOptions, VideoFormat } from './video-format.js';

/**
 * The codec presets, as in the Python library: `Formats.h264()`, `.hevc()`, `.vp9()`, `.av1()`.
 *
 * Use one as the `format` option of a job. Each returns frozen {@link VideoFormat} data and throws
 * `UNKNOWN_CODEC` at once for an encoder it does not know (unlike the Python library, which silently built a
 * broken command). Audio defaults to AAC for every codec (Chromium plays AAC with VP9/AV1 in fMP4); pass
 * `audio: 'opus'` for Opus. Whether your ffmpeg actually has the encoder is checked when the job starts.
 *
 * | factory | default encoder | also accepted |
 * |---|---|---|
 * | `h264()` | libx264 | h264_nvenc, h264_qsv, h264_vaapi, h264_videotoolbox, h264_amf |
 * | `hevc()` | libx265 | hevc_nvenc, hevc_qsv, hevc_vaapi, hevc_videotoolbox, hevc_amf |
 * | `vp9()` | libvpx-vp9 | vp9_vaapi, vp9_qsv |
 * | `av1()` | libaom-av1 | libsvtav1, librav1e, av1_nvenc, av1_qsv, av1_vaapi, av1_amf |
 *
 * @example
 * Formats.h264({ videoEncoder: 'h264_nvenc' });         // NVIDIA encoding
 * Formats.hevc({ videoOptions: { preset: 'slow', crf: 22 } }).videoOptions; // → { preset: 'slow', crf: '22' }
 * Formats.h264({ videoEncoder: 'h264_cuvid' });         // throws UNKNOWN_CODEC: a decoder, not an encoder
 */
export const Formats = Object.freeze({
  /** H.264/AVC: plays everywhere; the only codec allowed in MPEG-TS HLS. */
  h264: (options?: FormatOptions): VideoFormat => createFormat('h264', options),
  /** HEVC/H.265: about 25–40 % smaller than H.264; Apple devices, fMP4 only. */
  hevc: (options?: FormatOptions): VideoFormat => createFormat('hevc', options),
  /** VP9: royalty-free, about as efficient as HEVC; browsers (not Apple's native HLS). */
  vp9: (options?: FormatOptions): VideoFormat => createFormat('vp9', options),
  /** AV1: the most efficient, slowest to encode in software. */
  av1: (options?: FormatOptions): VideoFormat => createFormat('av1', options),
});
