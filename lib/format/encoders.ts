import type { AudioCodec, VideoCodec } from './video-format.js';

/**
 * The ffmpeg video encoders each codec accepts; the first is the default. Software encoders first, then
 * hardware ones (NVIDIA `_nvenc`, Intel `_qsv`, Linux `_vaapi`, Apple `_videotoolbox`, AMD `_amf`).
 * Decoders such as `h264_cuvid` are not encoders and are rejected.
 */
export const VIDEO_ENCODERS: Readonly<Record<VideoCodec, readonly string[]>> = Object.freeze({
  h264: Object.freeze(['libx264', 'h264_nvenc', 'h264_qsv', 'h264_vaapi', 'h264_videotoolbox', 'h264_amf']),
  hevc: Object.freeze(['libx265', 'hevc_nvenc', 'hevc_qsv', 'hevc_vaapi', 'hevc_videotoolbox', 'hevc_amf']),
  vp9: Object.freeze(['libvpx-vp9', 'vp9_vaapi', 'vp9_qsv']),
  av1: Object.freeze(['libaom-av1', 'libsvtav1', 'librav1e', 'av1_nvenc', 'av1_qsv', 'av1_vaapi', 'av1_amf']),
});

/** The ffmpeg audio encoders each audio codec accepts; the first is the default. */
export const AUDIO_ENCODERS: Readonly<Record<AudioCodec, readonly string[]>> = Object.freeze({
  aac: Object.freeze(['aac', 'libfdk_aac']),
  opus: Object.freeze(['libopus']),
});

/** Human names for messages. */
export const CODEC_LABELS: Readonly<Record<VideoCodec | AudioCodec, string>> = Object.freeze({
  h264: 'H.264',
  hevc: 'HEVC',
  vp9: 'VP9',
  av1: 'AV1',
  aac: 'AAC',
  opus: 'Opus',
});
