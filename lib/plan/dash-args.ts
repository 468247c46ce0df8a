import type { EncodingPlan } from './encoding-plan.js';
import { buildStreamArgs } from './stream-args.js';

/** DASH muxer settings of a job. */
export interface DashMuxOptions {
  /** Also write HLS playlists over the same fMP4 segments. */
  readonly generateHlsPlaylist: boolean;
}

/** Pure: names ffmpeg writes for a DASH job, relative to the output directory. */
export function dashFileNames(plan: EncodingPlan): { partialMpd: string; ffmpegHlsMaster: string; init: string; media: string } {
  return {
    // ffmpeg rewrites its MPD while encoding: it works under a hidden name, and the library publishes the
    // finished, corrected MPD under the user's name only after ffmpeg succeeded.
    partialMpd: `.${plan.slug}.partial.mpd`,
    ffmpegHlsMaster: `.${plan.slug}.ffmpeg-master.m3u8`,
    init: `${plan.slug}_init_$RepresentationID$.$ext$`,
    media: `${plan.slug}_chunk_$RepresentationID$_$Number%05d$.$ext$`,
  };
}

/**
 * Pure: the ffmpeg argv (after the base options) of a DASH job: one video AdaptationSet holding every rung,
 * one audio AdaptationSet with the single shared audio Representation, fMP4 segments.
 */
export function buildDashArgs(plan: EncodingPlan, mux: DashMuxOptions): string[] {
  const names = dashFileNames(plan);
  const sets: string[] = [];
  if (plan.rungs.length > 0) sets.push(`id=${sets.length},streams=v`);
  if (plan.audio) sets.push(`id=${sets.length},streams=a`);
  return [
    ...buildStreamArgs(plan),
    '-f', 'dash',
    '-seg_duration', String(plan.segmentDurationSeconds),
    '-use_template', '1',
    '-use_timeline', '1',
    '-dash_segment_type', 'mp4',
    '-adaptation_sets', sets.join(' '),
    '-init_seg_name', names.init,
    '-media_seg_name', names.media,
    ...(mux.generateHlsPlaylist ? ['-hls_playlist', '1', '-hls_master_name', names.ffmpegHlsMaster] : []),
    ...plan.extraArgs,
    names.partialMpd,
  ];
}
