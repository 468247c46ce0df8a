import { AbortedError } from '../lib/errors.js';
import { SinkError, type SinkOperation } from '../lib/contracts/sink-error.js';
import { describeFailure } from '../lib/cloud/describe-failure.js';

/** Which call of which sink is running; used for the errors. */
export interface SinkOperationContext {
  readonly sinkName: string;
  readonly key: string;
  readonly operation: SinkOperation;
  readonly signal: AbortSignal;
  /** Strings that must never appear in an error message (header values, account keys). */
  readonly secrets?: readonly string[];
}

/**
 * Runs one sink call with the contract's error and abort rules (internal to the sinks).
 *
 * - Rejects at once with `AbortedError` when the signal is (or becomes) aborted, without waiting for `work`
 *   to notice: the contract says "reject promptly". `work` receives the same signal and must stop its I/O.
 * - Wraps any other failure in a `SinkError` that names the sink and key, with secrets redacted.
 */
export async function runSinkOperation<T>(context: SinkOperationContext, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const { signal } = context;
  if (signal.aborted) throw abortedError(context);

  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortedError(context));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const running = Promise.resolve().then(() => work(signal));
  // Whichever loses the race must not surface as an unhandled rejection.
  running.catch(() => undefined);
  aborted.catch(() => undefined);
  try {
    return await Promise.race([running, aborted]);
  } catch (error) {
    if (signal.aborted) throw abortedError(context);
    if (error instanceof SinkError) throw error;
    const facts = describeFailure(error, context.operation, context.secrets);
    throw new SinkError({ sinkName: context.sinkName, key: context.key, operation: context.operation, ...facts }, { cause: error });
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

function abortedError(context: SinkOperationContext): AbortedError {
  const what = context.operation === 'put' ? `Upload of "${context.key}" to` : `Deletion of "${context.key}" from`;
  return new AbortedError(`${what} ${context.sinkName} was aborted.`, { cause: context.signal.reason });
}
