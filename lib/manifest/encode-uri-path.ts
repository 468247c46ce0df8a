/**
 * Percent-encodes a relative POSIX path for use as a URI in a playlist or manifest: each path segment is
 * encoded (spaces, quotes, `#`, `?`, `%`, commas and non-ASCII become `%XX` UTF-8 escapes), the `/`
 * separators are kept. A double quote can then never end a quoted HLS attribute early, and a URI line can
 * never start with `#`. Pure.
 *
 * The `Presentation` holds file paths, not URIs: encode exactly once, when writing.
 *
 * @example
 * encodeUriPath('my "clip"/vidéo 720p.m3u8'); // 'my%20%22clip%22/vid%C3%A9o%20720p.m3u8'
 */
export function encodeUriPath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}
