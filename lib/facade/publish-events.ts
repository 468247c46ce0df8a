import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join, posix } from 'node:path';
import { Observable, type Subscription } from 'rxjs';
import type { MediaInput } from '../contracts/media-input.js';
import type { PackagingEvent } from '../contracts/packaging-event.js';
import type { Sink } from '../contracts/sink.js';
import type { UploadEvent } from '../contracts/upload-event.js';
import { InvalidOptionError, OutputError } from '../errors.js';
import type { UploadToOptions } from '../upload/upload-options.js';
import { httpPutSink } from '../../sinks/http-put-sink.js';
import { uploadTo } from '../../operators/upload-to.js';
import { watchOutput } from '../../operators/watch-output.js';
import { sinksOf, type Clouds } from './cloud-manager.js';
import { defaultOutputPath } from './default-output-path.js';

/** Where and how a facade job publishes. */
export interface PublishTarget {
  /** `output()`'s path: a local path, an `http(s)://` URL of the entry manifest, or undefined. */
  readonly path: string | undefined;
  readonly input: MediaInput;
  /** `.m3u8` or `.mpd`. */
  readonly extension: string;
  readonly clouds?: Clouds | undefined;
  readonly upload?: Omit<UploadToOptions, 'signal' | 'closeSinks'> | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * The events of a facade job that may publish while it encodes (internal to the facade):
 * - no clouds and a local path (or none): the job as before, written to `path` or beside the input;
 * - an `http(s)://…/master.m3u8` path: packaged in a temporary directory and PUT to that URL's directory through
 *   `httpPutSink` (segments while encoding, the master last), plus any clouds;
 * - clouds: `watchOutput()` + `uploadTo()`; with no path, into a temporary directory named after the input.
 * The temporary directory is removed, and the sinks closed, before the stream completes or errors.
 */
export function publishEvents(target: PublishTarget, run: (output: string) => Observable<PackagingEvent>): Observable<PackagingEvent | UploadEvent> {
  const url = asHttpUrl(target.path);
  const userSinks = sinksOf(target.clouds);
  if (url === null && userSinks.length === 0) return run(target.path ?? defaultOutputPath(target.input, target.extension));

  // Validate now, at call time, as every other option is.
  const entryName = url === null ? null : entryNameOf(url, target.extension);
  const ownSinks = url === null ? [] : [httpPutSink({ baseUrl: directoryOf(url) })];
  const sinks = [...ownSinks, ...userSinks];
  const upload = uploadTo(sinks, { ...target.upload, ...(target.signal ? { signal: target.signal } : {}) });
  const needsTempDir = url !== null || target.path === undefined;
  const localName = entryName ?? `${stemOf(target.input)}${target.extension}`;

  return new Observable<PackagingEvent | UploadEvent>((subscriber) => {
    let dir: string | undefined;
    let inner: Subscription | undefined;
    let isClosed = false;
    let cleaning: Promise<void> | undefined;
    let ffmpegPid: number | undefined;
    const cleanup = (): Promise<void> =>
      (cleaning ??= (async () => {
        await Promise.allSettled(sinks.map(async (sink) => sink.close?.()));
        if (dir === undefined) return;
        // ffmpeg is stopped on unsubscribe (SIGTERM, then SIGKILL) but may still be writing into the directory.
        if (ffmpegPid !== undefined) await waitUntilExited(ffmpegPid, 15_000);
        await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => undefined);
      })());
    const start = (output: string): void => {
      inner = run(output)
        .pipe(watchOutput(), upload)
        .subscribe({
          next: (event) => {
            if (event.type === 'start') ffmpegPid = event.pid;
            else if (event.type === 'done') ffmpegPid = undefined;
            subscriber.next(event);
          },
          error: (error: unknown) => void cleanup().finally(() => subscriber.error(error)),
          complete: () => void cleanup().finally(() => subscriber.complete()),
        });
    };
    if (!needsTempDir) {
      start(target.path as string);
    } else {
      mkdtemp(join(tmpdir(), 'ffstream-')).then(
        (made) => {
          dir = made;
          if (isClosed) void cleanup();
          else start(join(made, localName));
        },
        (cause: unknown) =>
          subscriber.error(new OutputError('OUTPUT_NOT_WRITABLE', tmpdir(), `Could not create a temporary directory in ${tmpdir()} to package into; set TMPDIR to a writable directory.`, { cause })),
      );
    }
    return () => {
      isClosed = true;
      inner?.unsubscribe();
      void cleanup();
    };
  });
}

/** The URL when `path` is an absolute http(s) URL, else null. */
function asHttpUrl(path: string | undefined): URL | null {
  if (path === undefined || !/^https?:\/\//iu.test(path)) return null;
  try {
    return new URL(path);
  } catch {
    throw new InvalidOptionError('output', 'a local path or an http(s) URL of the entry manifest', path.replace(/\/\/[^/@]*@/u, '//***@'));
  }
}

function entryNameOf(url: URL, extension: string): string {
  const last = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  let name: string;
  try {
    name = decodeURIComponent(last);
  } catch {
    name = last;
  }
  if (extname(name).toLowerCase() !== extension || name.includes('/')) {
    throw new InvalidOptionError('output', `an URL whose path ends in a file name with ${extension}`, `${url.origin}${url.pathname}`, `For example "${url.origin}/live/${extension === '.mpd' ? 'manifest.mpd' : 'master.m3u8'}".`);
  }
  return name;
}

/** The directory of the entry manifest's URL, keeping credentials and the query (httpPutSink hides them). */
function directoryOf(url: URL): string {
  const base = new URL(url.href);
  base.pathname = posix.dirname(base.pathname).replace(/\/?$/u, '/');
  return base.href;
}

/** Pure: a file stem for the input: `talk` for `/v/talk.mp4` or `https://x/show/talk.m3u8?t=1`; `output` otherwise. */
export function stemOf(input: MediaInput): string {
  let name = input.uri;
  if (input.kind !== 'file') {
    try {
      name = decodeURIComponent(new URL(input.uri).pathname);
    } catch {
      name = input.label;
    }
  }
  const stem = basename(name, extname(name)).trim();
  return stem === '' || stem === '.' || stem === '..' ? 'output' : stem;
}

/** Polls until `pid` has exited (or `timeoutMs` passed). */
async function waitUntilExited(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
