import type { PlayerName } from './play-options.js';

/** One HTTP response the page received while playing. */
export interface MediaResponse {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  /** Milliseconds since the case started. */
  readonly atMs: number;
}

/** One rung as the player sees the ladder. */
export interface Rendition {
  readonly height: number;
  /** Bits per second, from the manifest. */
  readonly bandwidth: number;
}

/** Outcome of {@link playInBrowser}: plain data, safe to print. */
export interface PlaybackResult {
  /** No player error, enough played time and frames, and the switch (if asked) reached its rung. */
  readonly ok: boolean;
  readonly player: PlayerName;
  readonly url: string;
  /** Sum of the `video.played` ranges. */
  readonly playedSeconds: number;
  /** Media seconds played continuously (see `PlayOptions.minAdvancedSeconds`). */
  readonly advancedSeconds: number;
  /** `getVideoPlaybackQuality().totalVideoFrames` */
  readonly totalFrames: number;
  readonly droppedFrames: number;
  /** The player's own error text: hls.js/dash.js/shaka error events, `video.error`, page errors. */
  readonly errors: readonly string[];
  /** hls.js non-fatal events in {@link TOLERATED_HLSJS_DETAILS}: reported, but not failures. */
  readonly warnings: readonly string[];
  /** `video.videoHeight` over time, consecutive duplicates removed (0 ignored). */
  readonly heightsSeen: readonly number[];
  /** The video rungs the player listed, at most (a player may hide a rung for a while after a network error on it); empty for `native`. */
  readonly renditions: readonly Rendition[];
  /** Set when a switch was forced. */
  readonly switchedTo?: { readonly height: number; readonly fromHeight: number };
  /** `true` if no switch was asked for, or the forced switch reached its rung with frames increasing. */
  readonly switchOk: boolean;
  /** Why `ok` is false, one line per unmet criterion (empty when ok). */
  readonly failures: readonly string[];
  /** Timestamped events from the page and from the harness. */
  readonly log: readonly string[];
  /** Whether the player sees a live stream (see `PlayOptions.live`); null if it could not be asked. */
  readonly isLive: boolean | null;
  /** Every HTTP response the page received for media (player bundles and harness files left out), in order. */
  readonly responses: readonly MediaResponse[];
  /** Wall time of the whole case, page open to page close. */
  readonly durationMs: number;
}
