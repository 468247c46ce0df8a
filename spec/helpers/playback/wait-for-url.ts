/** What {@link waitForUrl} saw last. */
export interface UrlAnswer {
  readonly status: number;
  readonly body: string;
}

/** Options of {@link waitForUrl}. */
export interface WaitForUrlOptions {
  /** @default 30_000 */
  readonly timeoutMs?: number;
  /** @default 200 */
  readonly intervalMs?: number;
  /** The answer to wait for. @default status 200 */
  readonly until?: (answer: UrlAnswer) => boolean;
  /** Give up early (e.g. when the job that should produce the URL has ended). */
  readonly signal?: AbortSignal;
}

/**
 * GETs `url` (no cache) until `until` accepts the answer, and resolves with that answer.
 *
 * Use it to wait for a live package to appear at an origin before a player opens it, or for a playlist to change.
 * Rejects after `timeoutMs` (or when `signal` aborts) with an error naming the URL and the last status seen.
 *
 * @example
 * await waitForUrl(`${nginx.url}/live/master.m3u8`);
 * await waitForUrl(mpdUrl, { until: (a) => a.status === 200 && a.body.includes('type="dynamic"') });
 */
export async function waitForUrl(url: string, options: WaitForUrlOptions = {}): Promise<UrlAnswer> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const until = options.until ?? ((answer: UrlAnswer) => answer.status === 200);
  const deadline = Date.now() + timeoutMs;
  let last = 'nothing answered';
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const response = await fetch(url, { cache: 'no-store', signal: AbortSignal.timeout(5_000) });
      const answer = { status: response.status, body: await response.text() };
      if (until(answer)) return answer;
      last = `HTTP ${answer.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`waitForUrl: ${url} did not give the expected answer within ${timeoutMs} ms (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}
