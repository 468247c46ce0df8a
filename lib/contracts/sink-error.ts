import { PackagerError, isPackagerError } from '../errors.js';

/** What the sink was doing when it failed. */
export type SinkOperation = 'put' | 'delete';

/** The structured facts of a sink failure; the message is built from them. */
export interface SinkErrorFields {
  /** The sink's `name`, e.g. `s3://media/live/`. Never contains credentials. */
  readonly sinkName: string;
  /** The request key (without the sink's prefix). */
  readonly key: string;
  readonly operation: SinkOperation;
  /**
   * True when trying again may succeed: HTTP 5xx, 408, 429, connection resets and refusals, timeouts.
   * False for failures that repeat until someone changes something: 4xx auth/permission/validation, a missing local file.
   */
  readonly isTransient: boolean;
  /** The HTTP status the store answered with, or null when there was no answer (network or local failure). */
  readonly statusCode: number | null;
  /** The other side's own words, e.g. `HTTP 403 SignatureDoesNotMatch: The request signature …`. No secrets. */
  readonly reason: string;
  /** The most likely fix, when known. */
  readonly hint?: string;
}

/**
 * A sink could not store or delete an object (code `SINK_WRITE_FAILED`).
 *
 * Retry policies branch on `isTransient`; people read the message, which names the sink, the key, the
 * store's answer and, when known, what to do. It never contains credentials or header values.
 *
 * @example
 * ```ts
 * // s3://media/live/ could not store "720p/seg_00012.m4s": HTTP 403 SignatureDoesNotMatch: The request
 * // signature we calculated does not match the signature you provided. Check the credentials given to the
 * // sink and that they allow writing under its prefix.
 * if (isSinkError(error) && error.isTransient) retry();
 * ```
 */
export class SinkError extends PackagerError {
  override name = 'SinkError';
  readonly sinkName: string;
  readonly key: string;
  readonly operation: SinkOperation;
  readonly isTransient: boolean;
  readonly statusCode: number | null;

  constructor(fields: SinkErrorFields, options?: ErrorOptions) {
    const verb = fields.operation === 'put' ? 'store' : 'delete';
    const hint = fields.hint ? ` ${fields.hint}` : '';
    super('SINK_WRITE_FAILED', `${fields.sinkName} could not ${verb} "${fields.key}": ${fields.reason}${hint}`, options);
    this.sinkName = fields.sinkName;
    this.key = fields.key;
    this.operation = fields.operation;
    this.isTransient = fields.isTransient;
    this.statusCode = fields.statusCode;
  }
}

/** True for a {@link SinkError}, even across duplicate installs of the package. */
export function isSinkError(error: unknown): error is SinkError {
  return isPackagerError(error) && error.code === 'SINK_WRITE_FAILED' && typeof (error as { isTransient?: unknown }).isTransient === 'boolean';
}
