import { Agent, createServer, request, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** How a failed request fails: a 500 answer, a dropped connection (TCP reset), or a reply delayed by `slowMs`. */
export type FaultMode = '500' | 'reset' | 'slow';

/** Options of {@link faultProxy}. */
export interface FaultProxyOptions {
  /** The server to forward to, e.g. `http://127.0.0.1:40123`. */
  readonly target: string;
  /** Share of requests that fail, 0..1. Change it later with `setFailRate`. */
  readonly failRate: number;
  /** Failure modes to pick from, uniformly. @default ['500', 'reset', 'slow'] */
  readonly modes?: readonly FaultMode[];
  /** Seed of the pseudo-random sequence: the same seed fails the same request numbers. @default 1 */
  readonly seed?: number;
  /** Delay of a `slow` request before it is forwarded, in milliseconds. @default 2000 */
  readonly slowMs?: number;
  /** @default a free port */
  readonly port?: number;
  /** Only requests for which this returns true may fail; the others always pass (and draw no random numbers). @default every request */
  readonly shouldFault?: (method: string, url: string) => boolean;
}

/** What the proxy did, by count. */
export interface FaultProxyStats {
  requests: number;
  passed: number;
  '500': number;
  reset: number;
  slow: number;
}

/** A running fault proxy. In-process: `pids` is empty. */
export interface FaultProxy {
  /** Point clients here instead of at `target`, e.g. `http://127.0.0.1:40124`. */
  readonly url: string;
  readonly stats: Readonly<FaultProxyStats>;
  /** Every request in arrival order and what was done to it. */
  readonly log: readonly { readonly method: string; readonly url: string; readonly action: FaultMode | 'pass' }[];
  readonly pids: readonly number[];
  setFailRate(failRate: number): void;
  /** Closes the proxy and every connection through it. Idempotent. */
  stop(): Promise<void>;
}

/**
 * An HTTP proxy on 127.0.0.1 that fails a deterministic (seeded) share of requests, for testing retries and
 * clean-up against real servers. Forwarded requests keep their `Host` header (S3 signatures cover it), and
 * `Location` headers that point at the target are rewritten to the proxy (GCS resumable session URIs).
 *
 * @example
 * ```ts
 * const proxy = await faultProxy({ target: swift.endpoint, failRate: 0.2, modes: ['500', 'reset'], seed: 7 });
 * const client = new S3Client({ ...swift.clientConfig, endpoint: proxy.url });
 * // … run uploads …
 * proxy.stats; // → { requests: 31, passed: 25, '500': 3, reset: 3, slow: 0 }
 * await proxy.stop();
 * ```
 */
export async function faultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const modes = options.modes ?? ['500', 'reset', 'slow'];
  if (modes.length === 0) throw new Error('faultProxy: `modes` must not be empty');
  const slowMs = options.slowMs ?? 2000;
  let failRate = checkRate(options.failRate);
  const random = mulberry32(options.seed ?? 1);
  const stats: FaultProxyStats = { requests: 0, passed: 0, '500': 0, reset: 0, slow: 0 };
  const log: { method: string; url: string; action: FaultMode | 'pass' }[] = [];
  const agent = new Agent({ keepAlive: true });
  const closing = new AbortController();
  let proxyOrigin = '';

  function forward(req: IncomingMessage, res: ServerResponse): void {
    const headers: OutgoingHttpHeaders = { ...req.headers };
    delete headers['connection'];
    delete headers['keep-alive'];
    const upstream = request(
      { protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
      (answer) => {
        const out: OutgoingHttpHeaders = { ...answer.headers };
        delete out['connection'];
        delete out['keep-alive'];
        delete out['transfer-encoding'];
        if (typeof out['location'] === 'string' && out['location'].startsWith(target.origin)) {
          out['location'] = proxyOrigin + out['location'].slice(target.origin.length);
        }
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, out);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('faultProxy: upstream failed');
      else res.destroy();
    });
    req.on('aborted', () => upstream.destroy());
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }

  const server = createServer((req, res) => {
    // Two draws per eligible request, whatever happens, so a seed always maps request N to the same action.
    const isEligible = options.shouldFault?.(req.method ?? '', req.url ?? '') ?? true;
    const failDraw = isEligible ? random() : 1;
    const modeDraw = isEligible ? random() : 0;
    const action: FaultMode | 'pass' = failDraw < failRate ? (modes[Math.floor(modeDraw * modes.length)] as FaultMode) : 'pass';
    stats.requests += 1;
    log.push({ method: req.method ?? '', url: req.url ?? '', action });
    switch (action) {
      case 'pass':
        stats.passed += 1;
        forward(req, res);
        return;
      case '500':
        stats['500'] += 1;
        // Read the body first so the client sees the answer, not a write error.
        req.resume();
        req.on('end', () => res.writeHead(500, { 'content-type': 'text/plain' }).end('faultProxy: injected 500'));
        return;
      case 'reset':
        stats.reset += 1;
        req.socket.resetAndDestroy();
        return;
      case 'slow':
        stats.slow += 1;
        req.pause();
        delay(slowMs, undefined, { signal: closing.signal }).then(
          () => (req.destroyed ? undefined : forward(req, res)),
          () => req.socket.destroy(),
        );
        return;
      default: {
        const never: never = action;
        throw new Error(`unknown fault ${String(never)}`);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  proxyOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let stopping: Promise<void> | undefined;

  return {
    url: proxyOrigin,
    stats,
    log,
    pids: [],
    setFailRate(rate: number) {
      failRate = checkRate(rate);
    },
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      })),
  };
}

function checkRate(rate: number): number {
  if (!(rate >= 0 && rate <= 1)) throw new Error(`faultProxy: failRate must be between 0 and 1, got ${rate}`);
  return rate;
}

/** A small, fast, seedable PRNG (mulberry32): numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
