import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream/promises';
import { InvalidOptionError } from '../lib/errors.js';
import type { Sink, SinkPutRequest, SinkPutResult } from '../lib/contracts/sink.js';
import { encodeKeyPath } from './object-key.js';
import { runSinkOperation } from './run-sink-operation.js';

/** Options of {@link httpPutSink}. */
export interface HttpPutSinkOptions {
  /**
   * Where keys go: each key is appended, percent-encoded per segment, to this URL's path (a trailing `/` is added).
   * A query string is kept on every request (e.g. a token) but never shown; `user:password@` becomes Basic auth.
   */
  readonly baseUrl: string | URL;
  /**
   * Headers added to every request, e.g. `{ Authorization: 'Bearer …' }`. Their values never appear in errors.
   * `Content-Type`, `Cache-Control` and `Content-Length` come from the request and take precedence.
   * @default {}
   */
  readonly headers?: Readonly<Record<string, string>>;
  /** A request that makes no progress (no bytes sent or received) for this long fails, transiently. @default 30000 */
  readonly idleTimeoutMs?: number;
  /** Upper bound on concurrent connections to the origin. @default 16 */
  readonly maxSockets?: number;
}

/**
 * A sink that PUTs each file to an HTTP(S) origin and DELETEs keys that leave a live window: nginx with
 * DAV, a CDN ingest endpoint, or anything that accepts `PUT`.
 *
 * Use it for origins that take uploads over plain HTTP. Bodies stream from disk with a `Content-Length`;
 * connections are kept alive; `close()` releases them. Any 2xx answer to a PUT is success; for DELETE,
 * 404 and 410 are success too. Redirects are not followed.
 *
 * @example
 * ```ts
 * const sink = httpPutSink({ baseUrl: 'https://ingest.example.com/live/talk-42/', headers: { Authorization: `Bearer ${token}` } });
 * sink.name; // → 'https://ingest.example.com/live/talk-42/'
 * ```
 */
export function httpPutSink(options: HttpPutSinkOptions): Sink {
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch (error) {
    throw new InvalidOptionError('baseUrl', 'an absolute http: or https: URL', redactUrl(String(options.baseUrl)), String(error));
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new InvalidOptionError('baseUrl', 'an absolute http: or https: URL', `${base.protocol}//${base.host}${base.pathname}`);
  }
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  if (!(idleTimeoutMs > 0)) throw new InvalidOptionError('idleTimeoutMs', 'a number of milliseconds > 0', options.idleTimeoutMs);
  const maxSockets = options.maxSockets ?? 16;
  if (!Number.isInteger(maxSockets) || maxSockets < 1) throw new InvalidOptionError('maxSockets', 'an integer ≥ 1', options.maxSockets);

  const customHeaders: OutgoingHttpHeaders = { ...options.headers };
  const secrets = Object.values(options.headers ?? {});
  if (base.username !== '' || base.password !== '') {
    const user = decodeURIComponent(base.username);
    const password = decodeURIComponent(base.password);
    customHeaders['authorization'] ??= `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    secrets.push(user, password, base.username, base.password);
  }
  if (base.search !== '') secrets.push(base.search.slice(1), ...base.searchParams.values());
  base.username = '';
  base.password = '';
  if (!base.pathname.endsWith('/')) base.pathname = `${base.pathname}/`;
  const query = base.search;
  base.search = '';
  const name = base.href;

  const isHttps = base.protocol === 'https:';
  const agent = isHttps ? new HttpsAgent({ keepAlive: true, maxSockets }) : new HttpAgent({ keepAlive: true, maxSockets });
  const send = isHttps ? httpsRequest : httpRequest;

  function urlOf(key: string): URL {
    return new URL(`${encodeKeyPath(key.replace(/^\/+/u, ''))}${query}`, base);
  }

  function exchange(method: 'PUT' | 'DELETE', url: URL, headers: OutgoingHttpHeaders, signal: AbortSignal, bodyPath?: string): Promise<HttpAnswer> {
    return new Promise<HttpAnswer>((resolve, reject) => {
      let answered = false;
      const request = send(url, { method, headers, agent, signal, timeout: idleTimeoutMs });
      request.on('timeout', () => request.destroy(Object.assign(new Error(`no progress for ${idleTimeoutMs} ms`), { code: 'ETIMEDOUT' })));
      request.on('response', (response) => {
        answered = true;
        readAnswer(response).then(resolve, reject);
      });
      request.on('error', (error) => {
        // An origin may answer (401, 413) before it has read the whole body and then close the connection:
        // the answer is the better error, so a write error after a response is ignored.
        if (!answered) reject(error);
      });
      if (bodyPath === undefined) {
        request.end();
      } else {
        pipeline(createReadStream(bodyPath), request).catch((error: unknown) => {
          if (!answered) setTimeout(() => reject(error), 100).unref();
        });
      }
    });
  }

  return {
    name,
    put(request: SinkPutRequest, signal: AbortSignal): Promise<SinkPutResult> {
      return runSinkOperation({ sinkName: name, key: request.key, operation: 'put', signal, secrets }, async () => {
        const { size } = await stat(request.localPath);
        const url = urlOf(request.key);
        const answer = await exchange(
          'PUT',
          url,
          { ...customHeaders, 'content-type': request.contentType, 'cache-control': request.cacheControl, 'content-length': size },
          signal,
          request.localPath,
        );
        if (answer.statusCode < 200 || answer.statusCode > 299) throw httpFailure(answer);
        url.search = '';
        return { key: request.key, location: url.href, bytes: size };
      });
    },
    delete(key: string, signal: AbortSignal): Promise<void> {
      return runSinkOperation({ sinkName: name, key, operation: 'delete', signal, secrets }, async () => {
        const answer = await exchange('DELETE', urlOf(key), { ...customHeaders }, signal);
        const isGone = answer.statusCode === 404 || answer.statusCode === 410;
        if (!isGone && (answer.statusCode < 200 || answer.statusCode > 299)) throw httpFailure(answer);
      });
    },
    close(): Promise<void> {
      agent.destroy();
      return Promise.resolve();
    },
  };
}

interface HttpAnswer {
  readonly statusCode: number;
  readonly statusMessage: string;
  /** The first line of a text or JSON body, else empty. */
  readonly detail: string;
}

const MAX_BODY_BYTES = 4096;

async function readAnswer(response: IncomingMessage): Promise<HttpAnswer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    // Drain the whole body so the keep-alive socket can be reused, but keep only the start of it.
    if (total < MAX_BODY_BYTES) chunks.push(chunk);
    total += chunk.length;
  }
  const type = String(response.headers['content-type'] ?? '');
  const isReadable = /^text\/plain|json|xml/u.test(type);
  const body = Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
  const detail = isReadable ? (body.split(/\r?\n/u).find((line) => line.trim() !== '') ?? '').trim().slice(0, 200) : '';
  return { statusCode: response.statusCode ?? 0, statusMessage: response.statusMessage ?? '', detail };
}

function httpFailure(answer: HttpAnswer): Error {
  const text = [answer.statusMessage, answer.detail].filter((s) => s !== '').join(': ');
  return Object.assign(new Error(text || 'no reason given'), { statusCode: answer.statusCode });
}

function redactUrl(text: string): string {
  return text.replace(/\/\/[^/@]*@/u, '//***@').replace(/\?.*$/u, '');
}
