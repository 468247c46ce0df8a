import type { OutputFileKind } from './output-file.js';

/** Pure: the MIME type a file of a package is served with, from its name. */
export function contentTypeFor(name: string): string {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  switch (ext) {
    case 'm3u8':
      return 'application/vnd.apple.mpegurl';
    case 'mpd':
      return 'application/dash+xml';
    case 'ts':
      return 'video/mp2t';
    case 'm4s':
      return 'video/iso.segment';
    case 'mp4':
      return 'video/mp4';
    case 'm4a':
      return 'audio/mp4';
    case 'webm':
      return 'video/webm';
    case 'vtt':
      return 'text/vtt';
    case 'key':
      return 'application/octet-stream';
    default:
      return 'application/octet-stream';
  }
}

/** Pure: the cache policy for a kind of file: segments never change; manifests may (live), so they stay short. */
export function cacheControlFor(kind: OutputFileKind, isLive: boolean): string {
  switch (kind) {
    case 'segment':
    case 'init':
    case 'media':
      return 'public, max-age=31536000, immutable';
    case 'key':
      return 'private, no-store';
    case 'playlist':
    case 'manifest':
      return isLive ? 'public, max-age=1' : 'public, max-age=60';
  }
}
