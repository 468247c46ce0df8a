import type { Sink } from '../contracts/sink.js';
import { InvalidOptionError } from '../errors.js';
import { resolveRetryPolicy, type RetryOptions, type RetryPolicy } from './retry-policy.js';

/** Options of `uploadTo()`. Every field has a default. */
export interface UploadToOptions {
  /** Puts and deletes running at once at each sink (sinks run in parallel with each other). @default 4 */
  readonly concurrencyPerSink?: number;
  /** Retries of transient failures: exponential backoff with full jitter, capped, within a budget. @default {} (see {@link RetryOptions}) */
  readonly retry?: RetryOptions;
  /**
   * Deletes from the sinks what the job removed locally (a live sliding window): a key is deleted from a sink once
   * its local file is gone and no playlist stored at that sink references it any more (never before the playlist
   * version that no longer names it is stored there). When a live job is done, whatever a sink holds that the final
   * package (`done.result.files`) does not is deleted, so each sink ends with exactly the local set. A segment
   * removed before it could be uploaded is skipped: never stored, never waited for. @default false
   */
  readonly deleteRemoved?: boolean;
  /** Which failures are worth another attempt. @default isTransientFailure (SinkError.isTransient, network errors) */
  readonly isTransient?: (error: unknown) => boolean;
  /** Aborting stops every upload in flight and errors the stream with `ABORTED`. */
  readonly signal?: AbortSignal;
  /**
   * Calls `close()` on every sink when the subscription ends (complete, error or unsubscribe), without waiting
   * for it. Leave it off when you reuse the sinks; close them yourself then. @default false
   */
  readonly closeSinks?: boolean;
}

/** {@link UploadToOptions} after defaults and validation. */
export interface ResolvedUploadOptions {
  readonly concurrencyPerSink: number;
  readonly retry: RetryPolicy;
  readonly deleteRemoved: boolean;
  readonly signal: AbortSignal | undefined;
  readonly closeSinks: boolean;
}

/** Validates the sinks and options of `uploadTo()`; throws `INVALID_OPTION` synchronously, at `pipe()` time. */
export function resolveUploadOptions(sinks: Sink | readonly Sink[], options: UploadToOptions = {}): { sinks: readonly Sink[]; options: ResolvedUploadOptions } {
  const list: readonly Sink[] = Array.isArray(sinks) ? sinks : [sinks as Sink];
  if (list.length === 0) throw new InvalidOptionError('sinks', 'at least one Sink', list, 'Pass a sink such as s3Sink(...) or httpPutSink(...).');
  const names = new Set<string>();
  for (const sink of list) {
    if (typeof sink !== 'object' || sink === null || typeof sink.put !== 'function' || typeof sink.delete !== 'function' || typeof sink.name !== 'string') {
      throw new InvalidOptionError('sinks', 'Sink objects with `name`, `put` and `delete`', typeof sink === 'object' && sink !== null ? Object.keys(sink) : sink);
    }
    if (names.has(sink.name)) {
      throw new InvalidOptionError('sinks', 'sinks with distinct names', sink.name, 'Upload events name their sink; give each sink its own bucket, prefix or URL.');
    }
    names.add(sink.name);
  }
  const concurrencyPerSink = options.concurrencyPerSink ?? 4;
  if (!Number.isInteger(concurrencyPerSink) || concurrencyPerSink < 1) {
    throw new InvalidOptionError('concurrencyPerSink', 'an integer ≥ 1', options.concurrencyPerSink);
  }
  return {
    sinks: list,
    options: {
      concurrencyPerSink,
      retry: resolveRetryPolicy(options.retry, options.isTransient),
      deleteRemoved: options.deleteRemoved ?? false,
      signal: options.signal,
      closeSinks: options.closeSinks ?? false,
    },
  };
}
