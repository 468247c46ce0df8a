import { basename, extname, resolve } from 'node:path';
import { of, type Observable } from 'rxjs';
import type { MediaInput } from '../lib/contracts/media-input.js';

/** Options of {@link fromFile}. */
export interface FromFileOptions {
  /** ffmpeg input options placed before `-i`, e.g. `['-ss', '10']`. @default [] */
  readonly inputOptions?: readonly string[];
}

/**
 * A local file as a source: emits one {@link MediaInput} and completes. The path is made absolute, so jobs may
 * run ffmpeg in another working directory; it is checked (exists, not empty, readable) when a job probes it.
 *
 * @example fromFile('talk.mov').pipe(packageHls({ output: 'out/master.m3u8' }))
 */
export function fromFile(path: string, options: FromFileOptions = {}): Observable<MediaInput> {
  return of(fileInput(path, options));
}

/** The {@link MediaInput} for a local file, without an Observable around it. */
export function fileInput(path: string, options: FromFileOptions = {}): MediaInput {
  return { kind: 'file', uri: resolve(path), inputOptions: options.inputOptions ?? [], isLive: false, label: basename(path, extname(path)) || 'input' };
}
