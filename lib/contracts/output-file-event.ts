import type { OutputFile } from './output-file.js';

/**
 * A file of a package, reported by `watchOutput()` once it is complete, discriminated by `type`:
 * `init` and `segment` once each; `key` once each; `playlist` and `manifest` at each version (each rewrite of a
 * live playlist is a new version, with its text as it was then).
 */
export type OutputFileEvent =
  | { readonly type: 'init'; readonly file: OutputFile; readonly rendition: string }
  | { readonly type: 'segment'; readonly file: OutputFile; readonly rendition: string; readonly sequence: number; readonly durationSeconds: number | null }
  | { readonly type: 'key'; readonly file: OutputFile; readonly keyId: string }
  | { readonly type: 'playlist'; readonly file: OutputFile; readonly rendition: string | null; readonly version: number; readonly content: string }
  | { readonly type: 'manifest'; readonly file: OutputFile; readonly version: number; readonly content: string };

/** The `type`s of {@link OutputFileEvent}. */
export const OUTPUT_FILE_EVENT_TYPES: ReadonlySet<string> = new Set(['init', 'segment', 'key', 'playlist', 'manifest']);
