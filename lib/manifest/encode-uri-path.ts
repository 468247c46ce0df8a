/**
 * Turns a relative POSIX file path, or a relative URI that is already encoded, into a valid relative URI
 * for a playlist or manifest. Every character outside RFC 3986's unreserved and sub-delimiter sets (and `@`,
 * `/`) is percent-encoded as UTF-8: spaces, double quotes, `#`, `?`, `:`, non-ASCII. A `%` followed by two
 * hex digits is kept as an escape, so the function is idempotent; any other `%` becomes `%25`. Pure.
 *
 * A double quote can then never end a quoted HLS attribute early, a URI line never starts with `#`, and a
 * first segment never reads as a scheme. The one ambiguity: a file name containing a literal `%41`-style
 * sequence is read as an escape.
 *
 * @example
 * encodeUriPath('my "clip"/vidéo 720p.m3u8'); // 'my%20%22clip%22/vid%C3%A9o%20720p.m3u8'
 * encodeUriPath('my%20%22clip%22/100%.ts'); // 'my%20%22clip%22/100%25.ts'
 */
export function encodeUriPath(pathOrUri: string): string {
  return pathOrUri.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=@/%]/gu, (c) => encodeURIComponent(c).replace(/[!'()*]/gu, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`));
}
