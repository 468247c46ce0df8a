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
 * Pure: the playlist options of the hls muxer. VOD: one complete playlist written at the end. Live sliding: a
 * window of `windowSegments` with `PROGRAM-DATE-TIME`, segments that left it deleted (ffmpeg keeps one more for
 * clients still downloading it: `hls_delete_threshold` 1). Live event: every segment, `PLAYLIST-TYPE:EVENT`.
 * In every case ffmpeg writes `ENDLIST` when it ends cleanly (its trailer), and playlists through a `.tmp` file.
 */
export function hlsPlaylistArgs(plan: Pick<EncodingPlan, 'live'>): string[] {
  const live = plan.live;
  if (!live) return ['-hls_playlist_type', 'vod', '-hls_list_size', '0', '-hls_flags', 'independent_segments+temp_file'];
  if (live.playlistType === 'event') return ['-hls_playlist_type', 'event', '-hls_list_size', '0', '-hls_flags', 'program_date_time+independent_segments+temp_file'];
  return ['-hls_list_size', String(live.windowSegments), '-hls_flags', 'delete_segments+program_date_time+independent_segments+temp_file'];
}

/**
 * Pure: the full ffmpeg argv (after the base options) of an HLS job: one process, every rung, the shared
 * audio as its own rendition in an audio group. ffmpeg writes the media playlists; the library writes the
 * master (after encoding for VOD, as soon as every rendition has a segment for live), so ffmpeg is not asked for one.
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
    ...hlsPlaylistArgs(plan),
    '-hls_segment_type', mux.segmentType,
    ...(mux.segmentType === 'fmp4' ? ['-hls_fmp4_init_filename', names.initPattern] : []),
    '-hls_segment_filename', names.segmentPattern,
    '-var_stream_map', variants.join(' '),
    ...plan.extraArgs,
    `${plan.slug}_%v.m3u8`,
  ];
  return args;
}
