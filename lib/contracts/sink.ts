import type { OutputFileKind } from './output-file.js';

/**
 * One file to store. Sinks read `localPath` lazily and stream it, so a request is cheap to hold.
 *
 * `bytes` is the size the packager saw; sinks trust the file on disk (they `stat` it when they open it).
 */
export interface SinkPutRequest {
  /** POSIX key relative to the package root, e.g. `720p/seg_00012.m4s`. The sink adds its own prefix. */
  readonly key: string;
  /** Absolute path of the finished file on local disk. */
  readonly localPath: string;
  /** MIME type to store with the object, e.g. `video/iso.segment`. */
  readonly contentType: string;
  /** `Cache-Control` to store with the object, e.g. `max-age=1` for live playlists. */
  readonly cacheControl: string;
  /** Size in bytes when the file was reported. */
  readonly bytes: number;
  /** The role of the file in the package. */
  readonly kind: OutputFileKind;
}

/** What a successful {@link Sink.put} stored. */
export interface SinkPutResult {
  /** The request's key, as given (without the sink's prefix). */
  readonly key: string;
  /** Where the object now lives, prefix included and without credentials, e.g. `s3://media/live/720p/seg_00012.m4s`. */
  readonly location: string;
  /** Bytes stored. */
  readonly bytes: number;
}

/**
 * A destination for packaged files: S3, GCS, Azure Blob, an HTTP PUT origin, a directory, or your own.
 *
 * Use it to publish segments, keys and playlists while ffmpeg is still encoding. The built-in sinks
 * (`fileSink`, `httpPutSink`, `memorySink`, `s3Sink`, `gcsSink`, `azureBlobSink`) implement exactly this
 * interface, so a custom sink is a plain object with `name`, `put` and `delete`.
 *
 * Failures reject with a `SinkError` (code `SINK_WRITE_FAILED`, with `isTransient` telling a retry policy
 * whether trying again can help); an aborted call rejects with an `AbortedError` (code `ABORTED`).
 *
 * @example
 * ```ts
 * const auditSink: Sink = {
 *   name: 'audit-log',
 *   put: async (request) => ({ key: request.key, location: `log:${request.key}`, bytes: request.bytes }),
 *   delete: async () => {},
 * };
 * ```
 */
export interface Sink {
  /** For logs and errors, e.g. `s3://bucket/prefix/`. Never contains credentials. */
  readonly name: string;
  /**
   * Stores the file under `request.key` (the sink applies its own prefix).
   * Must reject promptly when `signal` aborts; safe to call concurrently.
   * Resolves only once the object is durably stored.
   */
  put(request: SinkPutRequest, signal: AbortSignal): Promise<SinkPutResult>;
  /** Removes a key (live sliding windows). Missing keys are not an error. */
  delete(key: string, signal: AbortSignal): Promise<void>;
  /** Optional: release clients and sockets, after letting clean-up of aborted uploads finish. Never rejects. */
  close?(): Promise<void>;
}
