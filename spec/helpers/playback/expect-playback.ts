import { AssertionError } from 'chai';
import type { PlaybackResult } from './playback-result.js';

/** Player names as people know them, for messages. */
const PLAYER_LABELS: Readonly<Record<PlaybackResult['player'], string>> = {
  hls: 'hls.js',
  dash: 'dash.js',
  shaka: 'shaka-player',
  native: 'Chromium native HLS',
};

/** A multi-line description of a case: verdict, numbers, failures, the player's errors and the log. */
export function describePlayback(result: PlaybackResult, maxLogLines = 120): string {
  const lines = [
    `${PLAYER_LABELS[result.player]} ${result.ok ? 'played' : 'FAILED to play'} ${result.url}`,
    `  played ${result.playedSeconds.toFixed(2)} s (advanced ${result.advancedSeconds.toFixed(2)} s), ${result.totalFrames} frames (${result.droppedFrames} dropped), ` +
      `heights seen ${JSON.stringify(result.heightsSeen)}, ${result.durationMs} ms, ` +
      `${result.isLive === null ? 'live: unknown' : result.isLive ? 'live' : 'VOD'}`,
    `  renditions: ${result.renditions.map((r) => `${r.height}p@${r.bandwidth}`).join(', ') || 'none'}` +
      (result.switchedTo === undefined
        ? ''
        : `; switch ${result.switchedTo.fromHeight}p -> ${result.switchedTo.height}p ${result.switchOk ? 'ok' : 'FAILED'}`),
  ];
  if (result.failures.length > 0) lines.push('  failures:', ...result.failures.map((f) => `    - ${f}`));
  if (result.errors.length > 0) lines.push('  player errors:', ...result.errors.map((e) => `    - ${e}`));
  if (result.warnings.length > 0) lines.push('  tolerated warnings:', ...result.warnings.map((e) => `    - ${e}`));
  const log = result.log.length > maxLogLines ? [...result.log.slice(0, maxLogLines), `… ${result.log.length - maxLogLines} more`] : result.log;
  lines.push('  log:', ...log.map((l) => `    ${l}`));
  return lines.join('\n');
}

/**
 * Asserts that a case played; the AssertionError carries the failures, the player's own error
 * text and the page log, so a red test says why without a rerun.
 *
 * @example
 * expectPlayback(await playInBrowser(browser, { player: 'hls', url, switchRendition: true }));
 */
export function expectPlayback(result: PlaybackResult): void {
  if (result.ok) return;
  throw new AssertionError(describePlayback(result), { actual: result.failures, expected: [] });
}

/**
 * Asserts that a case did NOT play, for negative cases. By default the player itself must have
 * said why (at least one error, and `pattern` must match one of them); with
 * `requirePlayerError: false`, a harness verdict such as "no progress" is enough and `pattern` is
 * matched against the errors and the failure lines.
 */
export function expectPlaybackFailure(
  result: PlaybackResult,
  pattern?: RegExp,
  options: { readonly requirePlayerError?: boolean } = {},
): void {
  const requirePlayerError = options.requirePlayerError ?? true;
  if (result.ok) throw new AssertionError(`expected playback to fail, but it passed\n${describePlayback(result)}`);
  if (requirePlayerError && result.errors.length === 0) {
    throw new AssertionError(`expected a player error, but the player reported none\n${describePlayback(result)}`);
  }
  const candidates = requirePlayerError ? result.errors : [...result.errors, ...result.failures];
  if (pattern !== undefined && !candidates.some((line) => pattern.test(line))) {
    throw new AssertionError(`expected a ${requirePlayerError ? 'player error' : 'failure'} matching ${String(pattern)}\n${describePlayback(result)}`);
  }
}
