import type { MediaPlaylist } from '../manifest/parse-media-playlist.js';
import { ruleResult, seconds, verdict } from './rule-result.js';
import { strictHlsSyntaxError } from './strict-hls-syntax-error.js';
import type { RuleResult } from './verify-report.js';

/**
 * `hls.syntax.strict`: the playlist (master or media) parses with hls-parser in strict mode; its complaint is
 * the message. Pure.
 *
 * @example
 * hlsSyntaxRule('v0.m3u8', '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-MAP:URI="i.mp4"\n…').message;
 * // 'Invalid Playlist : EXT-X-VERSION needs to be 6 or higher.'
 */
export function hlsSyntaxRule(subject: string, text: string): RuleResult {
  const error = strictHlsSyntaxError(text);
  return verdict('hls.syntax.strict', subject, error === undefined, error ?? 'parses in hls-parser strict mode');
}

/**
 * `hls.target-duration`: every EXTINF, rounded to the nearest integer, is at most EXT-X-TARGETDURATION
 * (RFC 8216 §4.3.3.1). Pure.
 *
 * @example
 * targetDurationRule('v0.m3u8', playlist).message; // 'EXT-X-TARGETDURATION 2 holds every EXTINF (longest 2.005 s)'
 */
export function targetDurationRule(subject: string, playlist: MediaPlaylist): RuleResult {
  const target = playlist.targetDurationSeconds;
  if (!(target > 0)) return ruleResult('hls.target-duration', 'fail', subject, 'EXT-X-TARGETDURATION is missing or not a positive integer');
  const longest = playlist.segments.reduce<{ uri: string; durationSeconds: number } | undefined>((max, s) => (max === undefined || s.durationSeconds > max.durationSeconds ? s : max), undefined);
  if (!longest) return ruleResult('hls.target-duration', 'skip', subject, 'the playlist lists no segment');
  // EXTINF is read as written; round what a parser reads, not float noise.
  const rounded = Math.round(Number(longest.durationSeconds.toFixed(6)));
  if (rounded > target) {
    return ruleResult('hls.target-duration', 'fail', subject, `${longest.uri}: EXTINF ${seconds(longest.durationSeconds)} rounds to ${rounded}, above EXT-X-TARGETDURATION ${target} (RFC 8216 4.3.3.1)`);
  }
  return ruleResult('hls.target-duration', 'pass', subject, `EXT-X-TARGETDURATION ${target} holds every EXTINF (longest ${seconds(longest.durationSeconds)})`);
}

/**
 * `hls.playlist-type` (a warning): a finished playlist has EXT-X-ENDLIST and says EXT-X-PLAYLIST-TYPE:VOD
 * (Apple 8.6). Pure.
 *
 * @example
 * playlistTypeRule('hls_720p.m3u8', seedPlaylist).message; // 'EXT-X-PLAYLIST-TYPE:VOD is missing although the playlist ends (EXT-X-ENDLIST); Apple 8.6 requires it for VOD'
 */
export function playlistTypeRule(subject: string, playlist: MediaPlaylist): RuleResult {
  if (!playlist.hasEndList) {
    return ruleResult('hls.playlist-type', 'warn', subject, `no EXT-X-ENDLIST: a live or unfinished playlist${playlist.playlistType ? ` (PLAYLIST-TYPE ${playlist.playlistType})` : ''}; only the segments listed now were verified`);
  }
  if (playlist.playlistType !== 'VOD') {
    return ruleResult('hls.playlist-type', 'warn', subject, `${playlist.playlistType ? `EXT-X-PLAYLIST-TYPE is ${playlist.playlistType}, not VOD,` : 'EXT-X-PLAYLIST-TYPE:VOD is missing'} although the playlist ends (EXT-X-ENDLIST); Apple 8.6 requires it for VOD`);
  }
  return ruleResult('hls.playlist-type', 'pass', subject, 'EXT-X-PLAYLIST-TYPE:VOD and EXT-X-ENDLIST');
}

/**
 * `hls.target-duration.shared` (a warning): every media playlist of the package has the same
 * EXT-X-TARGETDURATION (Apple 8.2). Undefined with fewer than two playlists. Pure.
 *
 * @example
 * sharedTargetDurationRule('master.m3u8', [{ subject: 'v0.m3u8', targetDurationSeconds: 2 }, { subject: 'a.m3u8', targetDurationSeconds: 3 }]).status; // 'warn'
 */
export function sharedTargetDurationRule(subject: string, playlists: readonly { readonly subject: string; readonly targetDurationSeconds: number }[]): RuleResult | undefined {
  if (playlists.length < 2) return undefined;
  const values = [...new Set(playlists.map((p) => p.targetDurationSeconds))];
  if (values.length === 1) return ruleResult('hls.target-duration.shared', 'pass', subject, `all ${playlists.length} media playlists have EXT-X-TARGETDURATION ${values[0]}`);
  const listing = playlists.map((p) => `${p.subject} ${p.targetDurationSeconds}`).join(', ');
  return ruleResult('hls.target-duration.shared', 'warn', subject, `the media playlists differ in EXT-X-TARGETDURATION (${listing}); Apple 8.2 wants one for all`);
}

/**
 * `hls.independent-segments` (a warning): the master says EXT-X-INDEPENDENT-SEGMENTS (Apple 9.11), which lets
 * players start and switch at any segment. Pure.
 */
export function independentSegmentsRule(subject: string, hasIndependentSegments: boolean): RuleResult {
  return verdict(
    'hls.independent-segments',
    subject,
    hasIndependentSegments,
    hasIndependentSegments ? 'EXT-X-INDEPENDENT-SEGMENTS' : 'EXT-X-INDEPENDENT-SEGMENTS is missing (Apple 9.11)',
    'warn',
  );
}
