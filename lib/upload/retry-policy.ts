import { isNetworkErrorCode } from '../contracts/network-error-codes.js';
import { isSinkError } from '../contracts/sink-error.js';
import { InvalidOptionError, isPackagerError } from '../errors.js';

/** How `uploadTo()` retries a failed put or delete. Every field has a default. */
export interface RetryOptions {
  /** Attempts per file and sink, the first included. 1 disables retries. @default 5 */
  readonly maxAttempts?: number;
  /** Upper bound of the first backoff; it doubles with every failed attempt. @default 200 */
  readonly initialDelayMs?: number;
  /** Cap of any one backoff. @default 5000 */
  readonly maxDelayMs?: number;
  /**
   * Time one file may spend at one sink, from its first attempt: a retry whose backoff would end past it is not
   * made, and the upload fails. @default 60000
   */
  readonly budgetMs?: number;
  /** One attempt that has not settled after this long is aborted and counts as a transient failure. @default 120000 */
  readonly attemptTimeoutMs?: number;
}

/** {@link RetryOptions} with every default applied, plus the classifier. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly budgetMs: number;
  readonly attemptTimeoutMs: number;
  /** True when another attempt may succeed. */
  readonly isTransient: (error: unknown) => boolean;
}


/**
 * The default classifier: a `SinkError` says itself (`isTransient`: 5xx, 408, 429, resets, timeouts); other
 * library errors (`ABORTED`, bad options) are final; a plain error is transient when it is a network failure
 * (`ECONNRESET`, `ETIMEDOUT`, `UND_ERR_*`...) or carries a 5xx/408/429 `statusCode`/`status`. Custom sinks that
 * throw plain errors are therefore retried on network failures only.
 */
export function isTransientFailure(error: unknown): boolean {
  if (isSinkError(error)) return error.isTransient;
  if (isPackagerError(error)) return false;
  if (typeof error !== 'object' || error === null) return false;
  const { code, statusCode, status } = error as { code?: unknown; statusCode?: unknown; status?: unknown };
  if (typeof code === 'string' && isNetworkErrorCode(code)) return true;
  const answer = typeof statusCode === 'number' ? statusCode : typeof status === 'number' ? status : null;
  if (answer !== null) return answer === 408 || answer === 429 || answer >= 500;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isTransientFailure(cause);
}

/** Validates and fills in the retry options. Throws `INVALID_OPTION` synchronously. */
export function resolveRetryPolicy(options: RetryOptions = {}, isTransient: (error: unknown) => boolean = isTransientFailure): RetryPolicy {
  const maxAttempts = options.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new InvalidOptionError('retry.maxAttempts', 'an integer ≥ 1', options.maxAttempts);
  const initialDelayMs = nonNegative('retry.initialDelayMs', options.initialDelayMs ?? 200);
  const maxDelayMs = nonNegative('retry.maxDelayMs', options.maxDelayMs ?? 5000);
  if (maxDelayMs < initialDelayMs) {
    throw new InvalidOptionError('retry.maxDelayMs', `at least retry.initialDelayMs (${initialDelayMs})`, maxDelayMs);
  }
  const budgetMs = nonNegative('retry.budgetMs', options.budgetMs ?? 60_000);
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 120_000;
  if (!(attemptTimeoutMs > 0)) throw new InvalidOptionError('retry.attemptTimeoutMs', 'a number of milliseconds > 0', options.attemptTimeoutMs);
  if (typeof isTransient !== 'function') throw new InvalidOptionError('isTransient', 'a function (error) => boolean', isTransient);
  return { maxAttempts, initialDelayMs, maxDelayMs, budgetMs, attemptTimeoutMs, isTransient };
}

/**
 * Pure: the wait after failed attempt number `attempt` (1-based), "full jitter": a uniform draw between 0 and
 * `min(maxDelayMs, initialDelayMs × 2^(attempt-1))`, so clients that failed together do not retry together.
 * `random` is a draw in [0, 1).
 */
export function backoffDelayMs(attempt: number, policy: Pick<RetryPolicy, 'initialDelayMs' | 'maxDelayMs'>, random: number): number {
  const ceilingMs = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(Math.min(Math.max(random, 0), 1) * ceilingMs);
}

function nonNegative(option: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) throw new InvalidOptionError(option, 'a number of milliseconds ≥ 0', value);
  return value;
}
