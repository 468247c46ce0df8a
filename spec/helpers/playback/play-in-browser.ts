import type { Page } from 'playwright-core';
import type { PlaybackBrowser } from './launch-browser.js';
import { PageHarness, type PageState } from './page-harness.js';
import { withTimeout } from './with-timeout.js';
import type { PlayerName, PlayOptions } from './play-options.js';
import type { MediaResponse, PlaybackResult, Rendition } from './playback-result.js';

export type { PlayerName, PlayOptions } from './play-options.js';
export type { MediaResponse, PlaybackResult, Rendition } from './playback-result.js';

/**
 * hls.js non-fatal `ERROR` details that do not fail a case. hls.js raises them while it handles a
 * small gap or a stall itself. `bufferSeekOverHole` fires on every ffmpeg MPEG-TS package: the first
 * video PTS sits ~0.1–0.2 s after the audio's (x264 B-frame delay), and hls.js seeks over that hole.
 * The stall ones depend on machine load, not on the package. Every other error event (any player,
 * fatal or not) fails the case: a 404 that a player survives by switching rungs is still a defect.
 */
export const TOLERATED_HLSJS_DETAILS: readonly string[] = ['bufferSeekOverHole', 'bufferNudgeOnStall', 'bufferStalledError'];

const POLL_MS = 150;
/** The harness's own files (player bundles, page, log), left out of `PlaybackResult.responses`. */
const HARNESS_PATH = /^\/__(lib\/|play\.|log$)/u;
/** Once a player error shows up, wait this long for follow-up errors before stopping. */
const ERROR_GRACE_MS = 500;
/** Frames that must be decoded once `videoHeight` shows the new rung (0.4 s at 25 fps): it plays, not just shows. */
const FRAMES_ON_NEW_RUNG = 10;

/**
 * Plays `options.url` in a fresh page of `browser` with hls.js, dash.js, shaka or Chromium's native
 * HLS, and reports whether it really played (see {@link PlaybackResult}). Never throws for playback
 * failures (they are in the result); throws only for invalid options. The page is always closed.
 *
 * Pass criteria: no error event from the player (fatal or not) and no `video.error`; at least
 * `minPlayedSeconds` in `video.played`; more than `minFrames` decoded frames; and, with
 * `switchRendition`, `video.videoHeight` reaching the forced rung.
 *
 * @example
 * const result = await playInBrowser(browser, { player: 'shaka', url: `${server.url}/manifest.mpd`, switchRendition: true });
 * expectPlayback(result); // result.heightsSeen e.g. [360, 180]
 */
export async function playInBrowser(browser: PlaybackBrowser, options: PlayOptions): Promise<PlaybackResult> {
  if (options.switchRendition === true && options.player === 'native') {
    throw new TypeError(
      "switchRendition is not supported for player 'native': Chromium's built-in HLS exposes no API to pick a rung. " +
        'Play native without switchRendition and use hls.js or shaka to test switching.',
    );
  }
  const minPlayedSeconds = options.minPlayedSeconds ?? 3;
  const minFrames = options.minFrames ?? 30;
  const minAdvancedSeconds = options.minAdvancedSeconds ?? 0;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const stallTimeoutMs = options.stallTimeoutMs ?? 8_000;
  const switchTimeoutMs = options.switchTimeoutMs ?? 12_000;
  const pageUrl = options.pageUrl ?? `${new URL(options.url).origin}/__play.html`;

  const startedAt = performance.now();
  const nodeLog: string[] = [];
  const nodeErrors: string[] = [];
  const failures: string[] = [];
  const note = (msg: string): void => void nodeLog.push(`${Math.round(performance.now() - startedAt)}ms ${msg}`);

  let page: Page | undefined;
  let harness: PageHarness | undefined;
  let last: PageState | undefined;
  let renditions: Rendition[] = [];
  let pageLog: string[] = [];
  let switchedTo: { height: number; fromHeight: number } | undefined;
  let switchOk = options.switchRendition !== true;
  let isLive: boolean | null = null;
  const responses: MediaResponse[] = [];

  const poll = async (): Promise<PageState> => {
    if (harness === undefined) throw new Error('no page');
    last = await harness.state();
    return last;
  };
  const errorsNow = (): number => (last?.errors.length ?? 0) + nodeErrors.length;

  /** Polls until `done` is true, an error appears, playback stalls or ends, or the budget runs out. */
  const waitFor = async (
    phase: string,
    budgetMs: number,
    done: (s: PageState) => boolean,
  ): Promise<'done' | 'error' | 'timeout' | 'stalled' | 'ended'> => {
    const phaseEnd = performance.now() + budgetMs;
    let progressKey = '';
    let progressAt = performance.now();
    for (;;) {
      const s = await poll();
      if (errorsNow() > 0) {
        await sleep(ERROR_GRACE_MS);
        await poll().catch(() => undefined);
        note(`${phase}: stopped on player error`);
        return 'error';
      }
      if (done(s)) return 'done';
      if (s.ended) return 'ended';
      const key = `${s.playedSeconds.toFixed(2)}/${s.totalFrames}`;
      if (key !== progressKey) {
        progressKey = key;
        progressAt = performance.now();
      } else if (performance.now() - progressAt > stallTimeoutMs) {
        return 'stalled';
      }
      if (performance.now() > phaseEnd) return 'timeout';
      await sleep(POLL_MS);
    }
  };

  try {
    page = await browser.context.newPage();
    harness = new PageHarness(page);
    page.on('pageerror', (error) => {
      nodeErrors.push(`page error: ${error.message}`);
      note(`pageerror ${error.message}`);
    });
    page.on('crash', () => {
      nodeErrors.push('page crashed');
      note('page crashed');
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') note(`console.${msg.type()}: ${msg.text().slice(0, 300)}`);
    });
    page.on('response', (response) => {
      const url = response.url();
      if (!HARNESS_PATH.test(new URL(url).pathname) && !url.startsWith('data:')) {
        const atMs = Math.round(performance.now() - startedAt);
        responses.push({ method: response.request().method(), url, status: response.status(), atMs });
      }
      if (response.status() >= 400) note(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
    });
    page.on('requestfailed', (request) => {
      note(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
    });

    note(`goto ${pageUrl}`);
    await page.goto(pageUrl, { timeout: 15_000, waitUntil: 'load' });
    await harness.start(
      {
        player: options.player,
        url: options.url,
        toleratedHlsDetails: TOLERATED_HLSJS_DETAILS,
        ...(options.clearKeys === undefined ? {} : { clearKeys: options.clearKeys }),
        ...(options.hlsKeyOverride === undefined ? {} : { hlsKeyOverride: options.hlsKeyOverride }),
        ...(options.playerConfig === undefined ? {} : { playerConfig: options.playerConfig }),
      },
      timeoutMs,
    );

    const initial = await waitFor(
      'initial playback',
      timeoutMs,
      (s) => s.playedSeconds >= minPlayedSeconds && s.totalFrames > minFrames && s.advancedSeconds >= minAdvancedSeconds,
    );
    note(
      `initial playback: ${initial} (played ${last?.playedSeconds.toFixed(2)} s, advanced ${last?.advancedSeconds.toFixed(2)} s, ` +
        `${last?.totalFrames} frames)`,
    );
    if (initial !== 'done' && initial !== 'error') failures.push(describeStop(initial, 'initial playback', timeoutMs, stallTimeoutMs));
    renditions = await harness.renditions().catch(() => []);
    isLive = await harness.isLive().catch(() => null);
    note(`player sees a ${isLive === null ? 'stream of unknown kind' : isLive ? 'live stream' : 'VOD stream'}`);

    if (options.switchRendition === true && initial === 'done' && last !== undefined) {
      const fromHeight = last.videoHeight;
      const target = pickSwitchTarget(renditions, fromHeight);
      if (target === undefined) {
        failures.push(`switch: the ladder has no rung other than ${fromHeight}p (renditions: ${formatRenditions(renditions)})`);
      } else {
        switchedTo = { height: target.height, fromHeight };
        const framesAtSwitch = last.totalFrames;
        const answer = await harness.switchTo(target.height);
        note(`switch ${fromHeight}p -> ${target.height}p: ${answer.note}`);
        if (!answer.ok) {
          failures.push(`switch: ${answer.note}`);
        } else {
          let framesAtTarget: number | undefined;
          const outcome = await waitFor('switch', switchTimeoutMs, (s) => {
            if (s.videoHeight !== target.height) {
              framesAtTarget = undefined;
              return false;
            }
            framesAtTarget ??= s.totalFrames;
            return s.totalFrames >= framesAtTarget + FRAMES_ON_NEW_RUNG;
          });
          note(`switch: ${outcome} (videoHeight ${last.videoHeight}, frames ${framesAtSwitch} -> ${last.totalFrames})`);
          switchOk = outcome === 'done';
          if (outcome !== 'done' && outcome !== 'error') {
            failures.push(
              `${describeStop(outcome, `switch to ${target.height}p`, switchTimeoutMs, stallTimeoutMs)}; ` +
                `videoHeight=${last.videoHeight}, heights seen ${JSON.stringify(last.heightsSeen)}, ` +
                `frames ${framesAtSwitch} -> ${last.totalFrames}`,
            );
          }
        }
      }
    }

    if (options.playToEnd === true && initial === 'done' && switchOk) {
      const outcome = await waitFor('play to end', timeoutMs, (s) => s.ended);
      note(`play to end: ${outcome} (currentTime ${last?.currentTime.toFixed(2)})`);
      if (outcome !== 'done' && outcome !== 'error') failures.push(describeStop(outcome, 'play to end', timeoutMs, stallTimeoutMs));
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    nodeErrors.push(`harness: ${message}`);
    note(`harness error: ${message}`);
  } finally {
    if (page !== undefined && harness !== undefined) {
      // Final snapshot: errors raised after the last poll (e.g. while reading renditions) still count.
      if (!page.isClosed()) await poll().catch(() => undefined);
      pageLog = await harness.log().catch(() => []);
      await withTimeout(page.close(), 5_000, 'page.close').catch((error: unknown) => {
        note(`page.close failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
  }

  const errors = [...(last?.errors ?? []), ...nodeErrors];
  const playedSeconds = last?.playedSeconds ?? 0;
  const totalFrames = last?.totalFrames ?? 0;
  if (errors.length > 0) failures.unshift(`${errors.length} error(s) reported: ${errors[0]}`);
  if (playedSeconds < minPlayedSeconds) failures.push(`played ${playedSeconds.toFixed(2)} s, need ≥ ${minPlayedSeconds} s`);
  if (totalFrames <= minFrames) failures.push(`decoded ${totalFrames} frames, need > ${minFrames}`);
  const advancedSeconds = last?.advancedSeconds ?? 0;
  if (advancedSeconds < minAdvancedSeconds) {
    failures.push(`media time advanced ${advancedSeconds.toFixed(2)} s while playing, need ≥ ${minAdvancedSeconds} s`);
  }
  if (!switchOk && !failures.some((f) => f.startsWith('switch'))) failures.push('switch: did not complete');
  if (options.live !== undefined && isLive !== options.live) {
    failures.push(`expected a ${options.live ? 'live' : 'VOD'} stream, the player sees ${isLive === null ? 'nothing it could say' : isLive ? 'a live one' : 'a VOD one'}`);
  }

  return {
    ok: failures.length === 0,
    player: options.player,
    url: options.url,
    playedSeconds,
    advancedSeconds,
    totalFrames,
    droppedFrames: last?.droppedFrames ?? 0,
    errors,
    warnings: last?.warnings ?? [],
    heightsSeen: last?.heightsSeen ?? [],
    renditions,
    ...(switchedTo === undefined ? {} : { switchedTo }),
    switchOk,
    failures: [...new Set(failures)],
    isLive,
    responses,
    log: [...pageLog.map((l) => `page ${l}`), ...nodeLog.map((l) => `node ${l}`)],
    durationMs: Math.round(performance.now() - startedAt),
  };
}

/** The rung whose height differs most from `currentHeight` (ties: the higher bandwidth). */
export function pickSwitchTarget(renditions: readonly Rendition[], currentHeight: number): Rendition | undefined {
  let best: Rendition | undefined;
  for (const r of renditions) {
    if (r.height <= 0 || r.height === currentHeight) continue;
    const distance = Math.abs(r.height - currentHeight);
    const bestDistance = best === undefined ? -1 : Math.abs(best.height - currentHeight);
    if (distance > bestDistance || (distance === bestDistance && best !== undefined && r.bandwidth > best.bandwidth)) best = r;
  }
  return best;
}

function describeStop(stop: 'timeout' | 'stalled' | 'ended' | 'done' | 'error', phase: string, budgetMs: number, stallMs: number): string {
  switch (stop) {
    case 'timeout':
      return `${phase}: not reached within ${budgetMs} ms`;
    case 'stalled':
      return `${phase}: no progress (played time and frames unchanged) for ${stallMs} ms`;
    case 'ended':
      return `${phase}: the video ended first`;
    case 'done':
    case 'error':
      return `${phase}: ${stop}`;
    default:
      return stop satisfies never;
  }
}

function formatRenditions(renditions: readonly Rendition[]): string {
  return renditions.length === 0 ? 'none' : renditions.map((r) => `${r.height}p@${r.bandwidth}`).join(', ');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
