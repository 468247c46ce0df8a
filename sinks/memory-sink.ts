import { readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { InvalidOptionError } from '../lib/errors.js';
import type { OutputFileKind } from '../lib/contracts/output-file.js';
import type { Sink, SinkPutRequest, SinkPutResult } from '../lib/contracts/sink.js';
import { SinkError } from '../lib/contracts/sink-error.js';
import { runSinkOperation } from './run-sink-operation.js';

/** Options of {@link memorySink}. */
export interface MemorySinkOptions {
  /**
   * Keys whose `put` always rejects with a transient `SinkError` (as if the store answered 503),
   * given as a list or a predicate.
   * @default none
   */
  readonly failKeys?: readonly string[] | ((key: string) => boolean);
  /** Time each `put` and `delete` takes before it settles, in milliseconds. Aborting cuts it short. @default 0 */
  readonly delayMs?: number;
}

/** One stored object of a {@link MemorySink}. */
export interface MemoryObject {
  readonly key: string;
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly cacheControl: string;
  readonly kind: OutputFileKind;
}

/** A {@link Sink} that keeps everything in memory and records what happened, in order. */
export interface MemorySink extends Sink {
  /** Every successful put, in the order they completed. */
  readonly puts: readonly SinkPutRequest[];
  /** Every delete, in the order they completed (missing keys included). */
  readonly deletes: readonly string[];
  /** Every put that was refused because of `failKeys`, in call order. */
  readonly failedPuts: readonly SinkPutRequest[];
  /** What is stored now, by key. */
  readonly objects: ReadonlyMap<string, MemoryObject>;
}

/**
 * A sink that stores files in memory and records every put and delete, in order.
 *
 * Use it in tests and examples: it can be told to be slow (`delayMs`) or to fail for some keys
 * (`failKeys`), and it reads each file when `put` is called, so it sees exactly what a real sink would.
 * Not for large production workloads: it holds every body in memory.
 *
 * @example
 * ```ts
 * const sink = memorySink({ failKeys: ['720p/seg_00003.m4s'] });
 * await sink.put(request, new AbortController().signal);
 * sink.puts.map((p) => p.key); // → ['720p/seg_00001.m4s']
 * ```
 */
export function memorySink(options: MemorySinkOptions = {}): MemorySink {
  const delayMs = options.delayMs ?? 0;
  if (!Number.isFinite(delayMs) || delayMs < 0) throw new InvalidOptionError('delayMs', 'a number of milliseconds ≥ 0', options.delayMs);
  const { failKeys } = options;
  const shouldFail =
    failKeys === undefined ? () => false : typeof failKeys === 'function' ? failKeys : (key: string) => failKeys.includes(key);
  const name = 'memory://';
  const puts: SinkPutRequest[] = [];
  const deletes: string[] = [];
  const failedPuts: SinkPutRequest[] = [];
  const objects = new Map<string, MemoryObject>();

  return {
    name,
    puts,
    deletes,
    failedPuts,
    objects,
    put(request: SinkPutRequest, signal: AbortSignal): Promise<SinkPutResult> {
      return runSinkOperation({ sinkName: name, key: request.key, operation: 'put', signal }, async () => {
        if (delayMs > 0) await delay(delayMs, undefined, { signal });
        if (shouldFail(request.key)) {
          failedPuts.push(request);
          throw new SinkError({
            sinkName: name,
            key: request.key,
            operation: 'put',
            isTransient: true,
            statusCode: 503,
            reason: 'HTTP 503: memorySink was told to fail this key (failKeys)',
          });
        }
        const body = new Uint8Array(await readFile(request.localPath, { signal }));
        objects.set(request.key, { key: request.key, body, contentType: request.contentType, cacheControl: request.cacheControl, kind: request.kind });
        puts.push(request);
        return { key: request.key, location: `${name}${request.key}`, bytes: body.byteLength };
      });
    },
    delete(key: string, signal: AbortSignal): Promise<void> {
      return runSinkOperation({ sinkName: name, key, operation: 'delete', signal }, async () => {
        if (delayMs > 0) await delay(delayMs, undefined, { signal });
        objects.delete(key);
        deletes.push(key);
      });
    },
  };
}
