import { basename, extname, resolve } from 'node:path';
import { of, type Observable } from 'rxjs';
import type { MediaInput } from '../lib/contracts/media-input.js';
import { InvalidOptionError } from '../lib/errors.js';

/** Options of {@link fromFile}. */
export interface FromFileOptions {
  /** ffmpeg input options placed before `-i`, e.g. `['-ss', '10']`; with `loop` they follow the loop options. @default [] */
  readonly inputOptions?: readonly string[];
  /**
   * Plays the file over and over at its own pace, as a live source that never ends (`-stream_loop -1 -re`):
   * the job packages it live (sliding window, no percent) until it is stopped (`live.stopSignal`,
   * `live.durationMs`, unsubscribe). For rehearsing a live setup without a camera or an encoder.
   * @default false
   */
  readonly loop?: boolean;
}

/** What ffmpeg is told before `-i` to read a file as a live source: loop forever, at the native frame rate. */
const LOOP_OPTIONS = ['-stream_loop', '-1', '-re'] as const;

/**
 * A local file as a source: emits one {@link MediaInput} and completes. The path is made absolute, so jobs may
 * run ffmpeg in another working directory; it is checked (exists, not empty, readable) when a job probes it.
 *
 * With `{ loop: true }` the file becomes a live source (`isLive`): ffmpeg reads it in real time and starts again at
 * the end, forever, so the job packages it live until stopped.
 *
 * @example
 * fromFile('talk.mov').pipe(packageHls({ output: 'out/master.m3u8' }));
 * fromFile('talk.mov', { loop: true }).pipe(packageHls({ output: 'live/master.m3u8', live: { durationMs: 60_000 } }));
 * fileInput('talk.mov', { loop: true }).inputOptions; // → ['-stream_loop', '-1', '-re']
 */
export function fromFile(path: string, options: FromFileOptions = {}): Observable<MediaInput> {
  return of(fileInput(path, options));
}

/** The {@link MediaInput} for a local file, without an Observable around it. Throws `INVALID_OPTION` for a non-boolean `loop`. */
export function fileInput(path: string, options: FromFileOptions = {}): MediaInput {
  const loop = options.loop ?? false;
  if (typeof loop !== 'boolean') throw new InvalidOptionError('loop', 'true or false', loop);
  const inputOptions = [...(loop ? LOOP_OPTIONS : []), ...(options.inputOptions ?? [])];
  return { kind: 'file', uri: resolve(path), inputOptions, isLive: loop, label: basename(path, extname(path)) || 'input' };
}
