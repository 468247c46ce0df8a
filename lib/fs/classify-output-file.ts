import type { OutputLayout } from '../contracts/output-layout.js';

/** What a file name is, in a job's layout. */
export type OutputFileClass =
  | { readonly kind: 'init'; readonly rendition: string }
  | { readonly kind: 'segment'; readonly rendition: string; readonly sequence: number }
  | { readonly kind: 'playlist'; readonly rendition: string | null }
  | { readonly kind: 'manifest' }
  | { readonly kind: 'key'; readonly keyId: string };

/**
 * Pure: classifies a file name of a job's output directory, or null for files that are not (yet) part of the
 * package: ffmpeg's `.tmp` files, hidden partial manifests, and anything not named by the job.
 */
export function classifyOutputFile(layout: OutputLayout, name: string): OutputFileClass | null {
  if (name.startsWith('.') || name.endsWith('.tmp')) return null;
  if (name.endsWith('.key')) return { kind: 'key', keyId: name.slice(0, -4) };
  // The entry manifests the job announced (a live job rewrites its master or MPD while it runs).
  if (layout.manifests?.includes(name)) return { kind: 'manifest' };
  const prefix = `${layout.slug}_`;
  if (!name.startsWith(prefix)) return null;
  const rest = name.slice(prefix.length);
  if (layout.format === 'hls') {
    // Longest rendition first, so `720p-2` is not read as `720p` followed by `-2...`.
    for (const r of [...layout.renditions].sort((a, b) => b.length - a.length)) {
      if (!rest.startsWith(`${r}`)) continue;
      const tail = rest.slice(r.length);
      if (tail === '.m3u8') return { kind: 'playlist', rendition: r };
      if (tail === '_init.mp4') return { kind: 'init', rendition: r };
      const seg = /^_(\d{5,})\.(ts|m4s)$/u.exec(tail);
      if (seg?.[1]) return { kind: 'segment', rendition: r, sequence: Number(seg[1]) };
    }
    return null;
  }
  if (layout.format === 'dash') {
    const init = /^init_(\d+)\.(m4s|mp4)$/u.exec(rest);
    if (init?.[1] !== undefined) return { kind: 'init', rendition: init[1] };
    const chunk = /^chunk_(\d+)_(\d{5,})\.(m4s|mp4)$/u.exec(rest);
    if (chunk?.[1] !== undefined && chunk[2] !== undefined) return { kind: 'segment', rendition: chunk[1], sequence: Number(chunk[2]) };
    const media = /^media_(\d+)\.m3u8$/u.exec(rest);
    if (media?.[1] !== undefined) return { kind: 'playlist', rendition: media[1] };
    return null;
  }
  return null;
}
