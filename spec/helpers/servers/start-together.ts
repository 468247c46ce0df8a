/** Anything a test starts and must stop. */
export interface Stoppable {
  stop(): Promise<void>;
}

type Started<T extends readonly (() => Promise<unknown>)[]> = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };

/**
 * Starts servers in parallel, all or nothing: when one fails, the ones that did start are stopped before the first
 * error is rethrown. (A plain `Promise.all` loses the servers that started — the suite's `after` never sees them —
 * and their processes keep mocha alive after the last test.)
 *
 * @example
 * ```ts
 * const [nginx, swift] = await startTogether(() => startNginxDav(), () => startSwiftS3({ buckets: ['media'] }));
 * ```
 */
export async function startTogether<T extends readonly (() => Promise<unknown>)[]>(...starts: T): Promise<Started<T>> {
  const settled = await Promise.allSettled(starts.map((start) => start()));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed === undefined) return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as Started<T>;
  await Promise.allSettled(
    settled.map(async (s) => {
      if (s.status === 'fulfilled' && isStoppable(s.value)) await s.value.stop();
    }),
  );
  throw failed.reason;
}

function isStoppable(value: unknown): value is Stoppable {
  return typeof value === 'object' && value !== null && typeof (value as { stop?: unknown }).stop === 'function';
}
