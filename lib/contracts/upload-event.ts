/**
 * What `uploadTo()` adds to a job's event stream, discriminated by `type`. No event carries a secret: keys are
 * object keys (paths), sinks are named by `Sink.name`, which never holds credentials.
 */
export type UploadEvent =
  | {
      readonly type: 'uploaded';
      /** `Sink.name`, e.g. `s3://media/vod/42/`. */
      readonly sink: string;
      /** Object key relative to the sink's prefix. */
      readonly key: string;
      readonly bytes: number;
      /** Time the successful attempt took. */
      readonly durationMs: number;
      /** 1 for a first-try success. */
      readonly attempt: number;
    }
  | {
      readonly type: 'retry';
      readonly sink: string;
      readonly key: string;
      /** The attempt that failed (1-based). */
      readonly attempt: number;
      /** Wait before the next attempt. */
      readonly delayMs: number;
      /** The failure, in one line, secrets redacted. */
      readonly reason: string;
    }
  | {
      readonly type: 'deleted';
      readonly sink: string;
      readonly key: string;
    };
