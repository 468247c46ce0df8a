import type { EncodingPlan } from './encoding-plan.js';
import { buildStreamArgs } from './stream-args.js';

/** HLS muxer settings of a job. */
export interface HlsMuxOptions {
  readonly segmentType: 'mpegts' | 'fmp4';
}

/** File names of an HLS job, relative to the output directory (ffmpeg runs with it as working directory). */
export interface HlsFileNames {
  /** Media playlist of a rendition (`name` is a rung name or `audio`). */
  mediaPlaylist(name: string): string;
  segmentPattern: string;
  initPattern: string;
}

/** Pure: the names every HLS file of a job gets. */
export function hlsFileNames(plan: EncodingPlan, mux: HlsMuxOptions): HlsFileNames {
  const ext = mux.segmentType === 'fmp4' ? 'm4s' : 'ts';
  return {
    mediaPlaylist: (name) => `${plan.slug}_${name}.m3u8`,
    segmentPattern: `${plan.slug}_%v_%05d.${ext}`,
    initPattern: `${plan.slug}_%v_init.mp4`,
  };
}

/** Pure: the rendition names in ffmpeg's variant order (rungs, then audio). */
export function hlsRenditionNames(plan: EncodingPlan): string[] {
  return [...plan.rungs.map((r) => r.name), ...(plan.audio ? ['audio'] : [])];
}

/**
 * Pure: the full ffmpeg argv (after the base options) of an HLS job: one process, every rung, the shared
 * audio as its own rendition in an audio group. ffmpeg writes the media playlists; the library writes the
 * master afterwards from the real segments, so ffmpeg is not asked for one.
 */
export function buildHlsArgs(plan: EncodingPlan, mux: HlsMuxOptions): string[] {
  const names = hlsFileNames(plan, mux);
  const hasAudio = plan.audio !== null;
  const variants = [
    ...plan.rungs.map((r, i) => `v:${i},${hasAudio ? 'agroup:audio,' : ''}name:${r.name}`),
    ...(hasAudio ? [`a:0,agroup:audio,name:audio`] : []),
  ];
  const args = [
    ...buildStreamArgs(plan),
    '-f', 'hls',
    '-hls_time', String(plan.segmentDurationSeconds),
    '-hls_playlist_type', 'vod',
    '-hls_list_size', '0',
    '-hls_flags', 'independent_segments+temp_file',
    '-hls_segment_type', mux.segmentType,
    ...(mux.segmentType === 'fmp4' ? ['-hls_fmp4_init_filename', names.initPattern] : []),
    '-hls_segment_filename', names.segmentPattern,
    '-var_stream_map', variants.join(' '),
    ...plan.extraArgs,
    `${plan.slug}_%v.m3u8`,
  ];
  return args;
}
