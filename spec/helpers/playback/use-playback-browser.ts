import { chromiumMissingReason, launchBrowser } from './launch-browser.js';
import type { LaunchBrowserOptions, PlaybackBrowser } from './launch-browser.js';

/** `CI` set to anything but '', '0' or 'false' (GitHub, GitLab and most CIs set CI=true). */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env['CI'] ?? '').trim().toLowerCase();
  return value !== '' && value !== '0' && value !== 'false';
}

/**
 * Skips the current suite when a prerequisite is missing, except under CI, where a missing
 * prerequisite is a failure: a playback tier that silently skips in CI proves nothing.
 * Call it from a `before()` hook with that hook's `this`; `reason` undefined means "all present".
 */
export function skipUnlessCi(context: Mocha.Context, reason: string | undefined): void {
  if (reason === undefined) return;
  if (isCi()) throw new Error(`${reason} (CI is set, so this is a failure, not a skip)`);
  process.stderr.write(`      skipping "${context.test?.parent?.fullTitle() ?? 'suite'}": ${reason}\n`);
  context.skip();
}

/** Handle returned by {@link usePlaybackBrowser}; `browser` is available inside tests. */
export interface PlaybackBrowserHandle {
  readonly browser: PlaybackBrowser;
}

/**
 * Registers `before()`/`after()` hooks in the calling `describe` that launch one Chromium for the
 * whole suite and always close it (killing it by PID if it hangs). Without Chromium the suite is
 * skipped locally and fails under CI (see {@link skipUnlessCi}).
 *
 * @example
 * describe('HLS output plays', function () {
 *   const env = usePlaybackBrowser();
 *   it('in hls.js', async () => expectPlayback(await playInBrowser(env.browser, { player: 'hls', url })));
 * });
 */
export function usePlaybackBrowser(options: LaunchBrowserOptions = {}): PlaybackBrowserHandle {
  let browser: PlaybackBrowser | undefined;
  before(async function () {
    this.timeout(60_000);
    skipUnlessCi(this, chromiumMissingReason(options.executablePath));
    browser = await launchBrowser(options);
  });
  after(async function () {
    this.timeout(30_000);
    await browser?.close();
    browser = undefined;
  });
  return {
    get browser(): PlaybackBrowser {
      if (browser === undefined) throw new Error('usePlaybackBrowser: the browser is only available inside tests');
      return browser;
    },
  };
}
