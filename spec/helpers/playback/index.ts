// Playback test tier: static server + headless Chromium + hls.js / dash.js / shaka / native HLS.
export { startStaticServer, mimeTypeFor } from './static-server.js';
export type { StaticServer, RequestRecord } from './static-server.js';
export { launchBrowser, chromiumMissingReason, ChromiumMissingError, CHROMIUM_PATH, CHROMIUM_ARGS } from './launch-browser.js';
export type { PlaybackBrowser, LaunchBrowserOptions } from './launch-browser.js';
export { playInBrowser, pickSwitchTarget, TOLERATED_HLSJS_DETAILS } from './play-in-browser.js';
export type { PlayerName, PlayOptions } from './play-options.js';
export type { MediaResponse, PlaybackResult, Rendition } from './playback-result.js';
export { expectPlayback, expectPlaybackFailure, describePlayback } from './expect-playback.js';
export { usePlaybackBrowser, skipUnlessCi, isCi } from './use-playback-browser.js';
export type { PlaybackBrowserHandle } from './use-playback-browser.js';
export { makeHlsLadder, makeDashLadder, ffmpegMissingReason } from './make-test-packages.js';
export type { TestPackage, LadderOptions } from './make-test-packages.js';
export { withTimeout } from './with-timeout.js';
export { waitForUrl, type UrlAnswer, type WaitForUrlOptions } from './wait-for-url.js';
export { readFileTree } from './read-file-tree.js';
export { useServedPackages, type ServedPackages } from './use-served-packages.js';
