import { Observable, type OperatorFunction } from 'rxjs';
import type { PackagingEvent } from '../lib/contracts/packaging-event.js';
import type { Sink } from '../lib/contracts/sink.js';
import type { UploadEvent } from '../lib/contracts/upload-event.js';
import { AbortedError } from '../lib/errors.js';
import { resolveUploadOptions, type UploadToOptions } from '../lib/upload/upload-options.js';
import { UploadSession } from '../lib/upload/upload-session.js';

/**
 * Publishes a package to one or more sinks (S3, GCS, Azure Blob, an HTTP PUT origin, a directory, your own) while
 * ffmpeg is still encoding it: put it after `watchOutput()`, which reports each file as soon as it is complete.
 *
 * Every input event passes through; `uploaded`, `retry` and `deleted` events are added, and `done` is held back
 * until every sink holds every file, so `done` means "published". Per sink it guarantees:
 * - segments, init segments and keys are stored as they are reported, up to `concurrencyPerSink` at a time
 *   (sinks work in parallel with each other);
 * - a playlist or manifest is stored only after every segment, init segment, key and playlist it references is
 *   stored at that sink; the master or MPD goes last; what is stored is the text as reported (a private snapshot,
 *   so a later rewrite by ffmpeg cannot change it) and a newer version of a live playlist replaces a queued
 *   older one; references outside the package (absolute URLs) are not waited for;
 * - content type from the file name; cache control by kind (`cacheControlFor`): segments immutable, live
 *   playlists short-lived;
 * - transient failures (5xx, 408, 429, resets, timeouts) are retried with exponential backoff and full jitter, a
 *   `retry` event each; a failure that is final, or still there after `retry.maxAttempts` or `retry.budgetMs`, aborts
 *   every other upload and errors the stream with a `SinkError` naming the sink, the key and the cause. An
 *   `uploaded` event is emitted only for a file the sink said it stored.
 *
 * Without `watchOutput()` upstream the files are uploaded when the job is done (from `done.result.files`).
 *
 * Cold: each subscription keeps its own state and snapshot directory (removed when it ends). Unsubscribing
 * aborts every upload in flight (an S3 multipart upload is then aborted on the server) and, upstream, stops
 * ffmpeg. Options are validated here, synchronously.
 *
 * @example
 * ```ts
 * fromFile('talk.mp4').pipe(
 *   packageHls({ output: 'out/master.m3u8' }),
 *   watchOutput(),
 *   uploadTo([s3Sink({ bucket: 'media', prefix: 'vod/talk' }), httpPutSink({ baseUrl: 'https://origin/vod/talk/' })]),
 * ).subscribe((e) => e.type === 'uploaded' && console.log(e.sink, e.key));
 * // s3://media/vod/talk/ master_720p_00000.ts ... https://origin/vod/talk/ master.m3u8
 * ```
 */
export function uploadTo(sinks: Sink | readonly Sink[], options: UploadToOptions = {}): OperatorFunction<PackagingEvent, PackagingEvent | UploadEvent> {
  const resolved = resolveUploadOptions(sinks, options);
  const { signal, closeSinks } = resolved.options;
  return (source) =>
    new Observable<PackagingEvent | UploadEvent>((subscriber) => {
      const fail = (error: unknown): void => {
        session.stop();
        subscriber.error(error);
      };
      const session = new UploadSession(resolved.sinks, resolved.options, {
        emit: (event) => subscriber.next(event),
        fail,
      });
      // One chain keeps events in order and lets `done` (and completion) wait for the uploads before it.
      let chain: Promise<void> = Promise.resolve();
      const enqueue = (task: () => Promise<void>): void => {
        chain = chain.then(task).catch(fail);
      };
      const onAbort = (): void => fail(new AbortedError('The upload was aborted by its signal; uploads in flight were cancelled.', { cause: signal?.reason }));
      if (signal?.aborted) {
        onAbort();
        return undefined;
      }
      signal?.addEventListener('abort', onAbort, { once: true });

      const upstream = source.subscribe({
        next: (event) =>
          enqueue(async () => {
            switch (event.type) {
              case 'start':
                session.startJob(event.layout);
                break;
              case 'init':
              case 'segment':
              case 'key':
                session.addFile(event.file);
                break;
              case 'playlist':
              case 'manifest':
                await session.addText(event.file, event.type, event.content);
                break;
              case 'done':
                await session.finishJob(event.result);
                break;
              case 'progress':
                break;
            }
            subscriber.next(event);
          }),
        error: fail,
        complete: () =>
          enqueue(async () => {
            await session.whenIdle();
            await session.dispose();
            subscriber.complete();
          }),
      });

      return () => {
        signal?.removeEventListener('abort', onAbort);
        upstream.unsubscribe();
        session.stop();
        void session.dispose();
        if (closeSinks) void session.closeSinks();
      };
    });
}

export type { UploadToOptions } from '../lib/upload/upload-options.js';
export type { RetryOptions } from '../lib/upload/retry-policy.js';
export type { UploadEvent } from '../lib/contracts/upload-event.js';
