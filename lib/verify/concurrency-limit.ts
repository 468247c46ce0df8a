/** Runs a task under a {@link concurrencyLimit}: resolves or rejects as the task does. */
export type LimitedRunner = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * A runner that lets at most `max` tasks run at once; the others wait in order. Use it to bound how many
 * ffprobe processes or HTTP requests `verify()` has in flight.
 *
 * @example
 * const run = concurrencyLimit(2);
 * await Promise.all(paths.map((p) => run(() => probe(p)))); // never more than 2 probes at a time
 */
export function concurrencyLimit(max: number): LimitedRunner {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    running -= 1;
    waiting.shift()?.();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
