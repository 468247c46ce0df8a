import type { Page } from 'playwright-core';
import type { PlaybackResult, Rendition } from './playback-result.js';
import { withTimeout } from './with-timeout.js';

/** Shape of `window.__harness.state()` in play-page.js: the result's playback fields, and the video element's state. */
export interface PageState
  extends Pick<PlaybackResult, 'playedSeconds' | 'advancedSeconds' | 'totalFrames' | 'droppedFrames' | 'errors' | 'warnings' | 'heightsSeen'> {
  readonly currentTime: number;
  readonly videoHeight: number;
  readonly paused: boolean;
  readonly ended: boolean;
  readonly readyState: number;
}

/** Shape of `window.__harness` in play-page.js. */
interface HarnessApi {
  start(options: unknown): Promise<void>;
  state(): PageState;
  log(): string[];
  renditions(): Rendition[];
  isLive(): boolean | null;
  switchTo(height: number): { ok: boolean; note: string };
}
type HarnessWindow = Window & { __harness: HarnessApi };

const EVALUATE_TIMEOUT_MS = 5_000;

/**
 * Typed calls into play-page.js's `window.__harness` in `page`. Every call but {@link PageHarness.start} runs under
 * a hard 5 s timeout. Keep each `page.evaluate` callback a single inline arrow: tsx (esbuild keepNames) wraps named
 * inner functions in a `__name` helper that does not exist in the page.
 */
export class PageHarness {
  constructor(private readonly page: Page) {}

  /** Loads the player with `options` and starts playback; rejects after `timeoutMs`. */
  start(options: Readonly<Record<string, unknown>>, timeoutMs: number): Promise<void> {
    return withTimeout(
      this.page.evaluate((opts) => (window as unknown as HarnessWindow).__harness.start(opts), options),
      timeoutMs,
      'player start',
    );
  }

  /** The player's and the video element's state now. */
  state(): Promise<PageState> {
    return this.evaluate('state', (p) => p.evaluate(() => (window as unknown as HarnessWindow).__harness.state()));
  }

  /** The renditions the player offers. */
  renditions(): Promise<Rendition[]> {
    return this.evaluate('renditions', (p) => p.evaluate(() => (window as unknown as HarnessWindow).__harness.renditions()));
  }

  /** Whether the player sees a live stream; null when it cannot say. */
  isLive(): Promise<boolean | null> {
    return this.evaluate('isLive', (p) => p.evaluate(() => (window as unknown as HarnessWindow).__harness.isLive()));
  }

  /** Asks the player to switch to the rung of `height`. */
  switchTo(height: number): Promise<{ ok: boolean; note: string }> {
    return this.evaluate('switchTo', (p) => p.evaluate((h) => (window as unknown as HarnessWindow).__harness.switchTo(h), height));
  }

  /** The page's own log lines. */
  log(): Promise<string[]> {
    return this.evaluate('log', (p) => p.evaluate(() => (window as unknown as HarnessWindow).__harness.log()));
  }

  private evaluate<T>(what: string, call: (p: Page) => Promise<T>): Promise<T> {
    return withTimeout(call(this.page), EVALUATE_TIMEOUT_MS, `page.evaluate(${what})`);
  }
}
