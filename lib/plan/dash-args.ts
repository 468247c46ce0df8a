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

/** Segments kept on disk after they left the live window, for clients still fetching them. */
export const DASH_EXTRA_WINDOW_SEGMENTS = 2;

/**
 * Pure: the manifest options of the dash muxer. VOD: a static MPD with a SegmentTimeline. Live: a dynamic MPD with
 * `$Number$` templates and a fixed `@duration` (`use_timeline 0`: what dash.js and shaka compute from the clock;
 * our key frames make every segment exactly that long), refreshed every segment (`minimumUpdatePeriod`); sliding:
 * a `timeShiftBufferDepth` of `windowSegments`, segments that left it deleted after {@link DASH_EXTRA_WINDOW_SEGMENTS}
 * more; event: every segment kept. The library adds the `UTCTiming` clients synchronise with.
 */
export function dashManifestArgs(plan: Pick<EncodingPlan, 'live' | 'segmentDurationSeconds'>): string[] {
  const live = plan.live;
  if (!live) return ['-use_template', '1', '-use_timeline', '1'];
  return [
    '-use_template', '1',
    '-use_timeline', '0',
    '-window_size', live.playlistType === 'sliding' ? String(live.windowSegments) : '0',
    '-extra_window_size', live.playlistType === 'sliding' ? String(DASH_EXTRA_WINDOW_SEGMENTS) : '0',
    '-update_period', String(Math.max(1, Math.round(plan.segmentDurationSeconds))),
  ];
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
    ...dashManifestArgs(plan),
    '-dash_segment_type', 'mp4',
    '-adaptation_sets', sets.join(' '),
    '-init_seg_name', names.init,
    '-media_seg_name', names.media,
    ...(mux.generateHlsPlaylist ? ['-hls_playlist', '1', '-hls_master_name', names.ffmpegHlsMaster] : []),
    ...plan.extraArgs,
    names.partialMpd,
  ];
}
