import { AbortedError } from '../errors.js';
import { backoffDelayMs, type RetryPolicy } from './retry-policy.js';

/** What a successful {@link runWithRetry} returns. */
export interface RetrySuccess<T> {
  readonly value: T;
  /** The attempt that succeeded, 1-based. */
  readonly attempt: number;
  /** Time the successful attempt took (not the waits before it). */
  readonly durationMs: number;
}

/** Thrown by {@link runWithRetry} when it gives up: the last failure, and why no further attempt was made. */
export class RetryGiveUp extends Error {
  override name = 'RetryGiveUp';
  constructor(
    /** The last attempt's failure. */
    readonly lastError: unknown,
    readonly attempts: number,
    readonly elapsedMs: number,
    /** `final`: not transient; `attempts`: maxAttempts reached; `budget`: the next wait would pass budgetMs. */
    readonly reason: 'final' | 'attempts' | 'budget',
  ) {
    super(`gave up after ${attempts} attempt(s) (${reason})`, { cause: lastError });
  }
}

/** Hooks of {@link runWithRetry}. */
export interface RunWithRetryOptions {
  /** Aborting stops at once: the running attempt is aborted and the wait cut short; rejects with `ABORTED`. */
  readonly signal: AbortSignal;
  /** Called before each wait, with the failed attempt (1-based), the wait and the failure. */
  readonly onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
  /** Builds the failure of an attempt cut by `attemptTimeoutMs` (it must be transient for the policy). */
  readonly timeoutError: (attemptTimeoutMs: number) => unknown;
  /** A draw in [0, 1) for the jitter. @default Math.random */
  readonly random?: () => number;
}

/**
 * Runs `attempt` until it succeeds, retrying transient failures with exponential backoff and full jitter, within
 * `policy.maxAttempts` and `policy.budgetMs`. Each attempt gets its own signal (aborted by the outer one, or after
 * `attemptTimeoutMs`). Rejects with {@link RetryGiveUp}, or with an `AbortedError` when `signal` aborts.
 * Timers are plain `setTimeout`s, so fake timers drive it in tests.
 */
export async function runWithRetry<T>(
  attempt: (signal: AbortSignal, attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  options: RunWithRetryOptions,
): Promise<RetrySuccess<T>> {
  const { signal } = options;
  const random = options.random ?? Math.random;
  const startedAt = Date.now();
  for (let n = 1; ; n += 1) {
    if (signal.aborted) throw new AbortedError('The upload was aborted.', { cause: signal.reason });
    const attemptStartedAt = Date.now();
    let error: unknown;
    try {
      const value = await withAttemptSignal(signal, policy.attemptTimeoutMs, options.timeoutError, (s) => attempt(s, n));
      return { value, attempt: n, durationMs: Date.now() - attemptStartedAt };
    } catch (failure) {
      error = failure;
    }
    if (signal.aborted) throw new AbortedError('The upload was aborted.', { cause: signal.reason });
    const elapsedMs = Date.now() - startedAt;
    if (!policy.isTransient(error)) throw new RetryGiveUp(error, n, elapsedMs, 'final');
    if (n >= policy.maxAttempts) throw new RetryGiveUp(error, n, elapsedMs, 'attempts');
    const delayMs = backoffDelayMs(n, policy, random());
    if (elapsedMs + delayMs > policy.budgetMs) throw new RetryGiveUp(error, n, elapsedMs, 'budget');
    options.onRetry?.(n, delayMs, error);
    await sleep(delayMs, signal);
  }
}

/** Runs one attempt with a signal that the outer signal and the attempt timeout both abort. */
async function withAttemptSignal<T>(
  outer: AbortSignal,
  timeoutMs: number,
  timeoutError: (timeoutMs: number) => unknown,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = (): void => controller.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(timeoutError(timeoutMs));
  }, timeoutMs);
  try {
    return await run(controller.signal);
  } catch (error) {
    // The sink saw an abort; what the caller needs to know is that the attempt took too long.
    throw timedOut ? timeoutError(timeoutMs) : error;
  } finally {
    clearTimeout(timer);
    outer.removeEventListener('abort', onAbort);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortedError('The upload was aborted.', { cause: signal.reason }));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
