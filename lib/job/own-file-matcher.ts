import type { EncodingPlan } from '../plan/encoding-plan.js';

/**
 * Pure: a predicate telling whether a file name is one a job of this plan writes (segments, init files,
 * media playlists, hidden partial manifests, ffmpeg's `.tmp` files). Used to clean up after a failed job.
 */
export function ownFileMatcher(plan: EncodingPlan, kind: 'hls' | 'dash'): (name: string) => boolean {
  const slug = escapeRegExp(plan.slug);
  // Only this job's rendition names: a job whose slug merely starts with ours (`video_720p`) is not ours.
  const renditions = [...plan.rungs.map((r) => r.name), ...(plan.audio ? ['audio'] : [])].map(escapeRegExp).join('|') || '(?!)';
  const patterns =
    kind === 'hls'
      ? [new RegExp(`^${slug}_(${renditions})(_\\d{5}\\.(ts|m4s)|_init\\.mp4|\\.m3u8)(\\.tmp)?$`, 'u')]
      : [
          new RegExp(`^${slug}_(init_\\d+|chunk_\\d+_\\d{5})\\.(m4s|mp4|webm)(\\.tmp)?$`, 'u'),
          new RegExp(`^${slug}_media_\\d+\\.m3u8$`, 'u'),
          /^media_\d+\.m3u8(\.tmp)?$/u,
        ];
  patterns.push(new RegExp(`^\\.${slug}\\.(partial\\.mpd|ffmpeg-master\\.m3u8)(\\.tmp)?$`, 'u'));
  return (name) => patterns.some((p) => p.test(name));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
