/** `native` is Chromium's own HLS (`video.src = master.m3u8`); the others are the MSE players. */
export type PlayerName = 'hls' | 'dash' | 'shaka' | 'native';

/** What to play and how to judge it; see {@link playInBrowser}. */
export interface PlayOptions {
  readonly player: PlayerName;
  /** Absolute URL of the master playlist or MPD. */
  readonly url: string;
  /** Sum of `video.played` ranges needed to pass. @default 3 */
  readonly minPlayedSeconds?: number;
  /**
   * Media seconds that must play continuously: `currentTime` moving forward between `timeupdate`s no faster than the
   * wall clock; seeks and jumps (a live player catching up with the edge) do not count, while they can inflate
   * `video.played`. Use it for live streams. @default 0
   */
  readonly minAdvancedSeconds?: number;
  /** `totalVideoFrames` must be strictly greater than this. @default 30 */
  readonly minFrames?: number;
  /** Budget for loading and the initial playback (not the switch). @default 30_000 */
  readonly timeoutMs?: number;
  /** Stop early when neither played time nor decoded frames moved for this long. @default 8_000 */
  readonly stallTimeoutMs?: number;
  /**
   * After the initial playback, force the rung whose height differs most from the one showing and
   * require `video.videoHeight` to reach it while frames keep increasing. Rejected for `native`,
   * which has no API to pick a rung. @default false
   */
  readonly switchRendition?: boolean;
  /** Budget for the forced switch. @default 12_000 */
  readonly switchTimeoutMs?: number;
  /**
   * After the criteria (and the switch) are met, keep playing until `ended`, so errors in later
   * segments are caught too; `timeoutMs` bounds this phase again. @default false
   */
  readonly playToEnd?: boolean;
  /**
   * Page that hosts the player. @default `${origin of url}/__play.html` (the static server's page,
   * so page and media are same-origin). Pass a static server's page to play media from another origin.
   */
  readonly pageUrl?: string;
  /** ClearKey keys, KID hex → key hex (shaka `drm.clearKeys`; dash.js `setProtectionData`). */
  readonly clearKeys?: Readonly<Record<string, string>>;
  /**
   * Answer AES-128 key requests (hls.js `xhrSetup`, shaka request filter) with this key instead of
   * fetching the URI; only key URIs containing `uriContains` are replaced (all if omitted).
   */
  readonly hlsKeyOverride?: { readonly keyHex: string; readonly uriContains?: string };
  /**
   * The stream is live (a job still running behind it): the player must say so itself (hls.js: a level's
   * `details.live`; dash.js: `isDynamic()`; shaka: `isLive()`; native: `duration === Infinity`), or the case fails.
   * With `false`, a player that sees a live stream fails the case; omitted, liveness is reported, not judged.
   * @default undefined (not judged)
   */
  readonly live?: boolean;
  /** Passed to `new Hls(config)`, dash.js `updateSettings()` or shaka `configure()`. */
  readonly playerConfig?: Readonly<Record<string, unknown>>;
}
