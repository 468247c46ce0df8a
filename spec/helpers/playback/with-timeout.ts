/**
 * Resolves or rejects like `promise`, or rejects after `timeoutMs` with "<what> timed out after N ms".
 * The timer is unref'd, so it never keeps Node alive; the underlying work is not cancelled.
 */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
