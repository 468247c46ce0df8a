/**
 * Pure: a file-name stem that is safe in ffmpeg patterns, playlists and URLs.
 *
 * Why: ffmpeg treats `%` in segment patterns as a format directive and `$` in DASH templates as a
 * placeholder; spaces and quotes must be escaped in playlist URIs. The entry manifest keeps the user's exact
 * name, and everything it references uses this stem, so no name can break a playlist (the Python library's
 * dotted-name bug B3 cannot happen).
 *
 * @example fileSlug('My vidéo "final".v2') // 'My_video_final_.v2'
 */
export function fileSlug(stem: string): string {
  const ascii = stem.normalize('NFKD').replace(/[\u0300-\u036f]/gu, '');
  // No leading `.` (hidden files) or `-`: `-talk_%v.m3u8` as ffmpeg's last argument would be read as an option.
  const slug = ascii.replace(/[^A-Za-z0-9._-]+/gu, '_').replace(/^[._-]+/u, '').slice(0, 80);
  return slug === '' ? 'stream' : slug;
}
