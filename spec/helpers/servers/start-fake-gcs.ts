/**
 * A stand-in for Google Cloud Storage: NO GCS EMULATOR EXISTS OFFLINE. Debian has none, and the Firebase storage
 * emulator needs Java 21 and downloads a jar from Google. So this small in-process HTTP server implements the
 * pieces of the GCS JSON API that the real `@google-cloud/storage` SDK uses, and the tests run the real SDK
 * against it: its request flow, chunking, retries and CRC32C validation run for real; GCS's own behaviour
 * (IAM, consistency, quotas, generations beyond a counter) is not modelled.
 *
 * Implemented (paths under `apiEndpoint`; the SDK sends no Authorization header with a custom endpoint):
 * - `POST /upload/storage/v1/b/:bucket/o?uploadType=multipart` (JSON metadata part + media part) and `uploadType=media`;
 * - `POST …?uploadType=resumable` → `Location` session URI; `PUT <session>` with `Content-Range: bytes a-b/total|*`
 *   → 308 + `Range: bytes=0-n` until complete, then 200 with the object; `bytes *\/…` status queries; `DELETE <session>`;
 *   an `X-Goog-Hash: crc32c=…` on the final request is checked (400 on mismatch);
 * - `GET /storage/v1/b/:bucket/o/:name` (metadata; `?alt=media` for the bytes, with `x-goog-hash`, and `Range`),
 *   `DELETE` (404 when missing), `GET /storage/v1/b/:bucket/o` (list, `prefix`), `GET /storage/v1/b/:bucket`.
 * Objects live in memory with contentType, cacheControl, md5Hash and crc32c (base64, big-endian, as GCS reports):
 * see fake-gcs-objects.ts.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32cBase64 } from './crc32c.js';
import { FakeGcsObjects, type FakeGcsObject } from './fake-gcs-objects.js';
import { parseMultipartRelated } from './parse-multipart-related.js';

export type { FakeGcsObject } from './fake-gcs-objects.js';

/** One request the server answered, in arrival order of completion. */
export interface FakeGcsRequest {
  readonly method: string;
  /** Path and query, e.g. `/upload/storage/v1/b/media/o?uploadType=resumable&name=a`. */
  readonly url: string;
  /** `multipart`, `media`, `resumable` for uploads; undefined otherwise. */
  readonly uploadType: string | undefined;
  readonly contentRange: string | undefined;
  readonly bodyBytes: number;
  readonly status: number;
}

/** A running fake GCS. In-process: it has no PID of its own (`pids` is empty). */
export interface FakeGcsServer {
  /** Pass as `new Storage({ apiEndpoint, projectId })`. */
  readonly apiEndpoint: string;
  readonly projectId: string;
  /** Stored objects by `bucket/name`. */
  readonly objects: ReadonlyMap<string, FakeGcsObject>;
  readonly requests: readonly FakeGcsRequest[];
  /** Resumable sessions started and not yet completed or cancelled. */
  readonly openSessions: () => number;
  readonly pids: readonly number[];
  readonly startupMs: number;
  object(bucket: string, name: string): FakeGcsObject | undefined;
  /** While true, object resources report a wrong crc32c and md5Hash (the SDK must then reject the upload). */
  corruptChecksums(enabled: boolean): void;
  /** Closes the server and its connections. Idempotent. */
  stop(): Promise<void>;
}

/** Options of {@link startFakeGcs}. */
export interface FakeGcsOptions {
  /** @default a free port */
  readonly port?: number;
  /** @default 'test-project' */
  readonly projectId?: string;
}

interface Session {
  readonly bucket: string;
  readonly name: string;
  readonly contentType: string;
  readonly cacheControl: string | undefined;
  readonly chunks: Buffer[];
  received: number;
  result?: FakeGcsObject;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason = 'invalid',
  ) {
    super(message);
  }
}

/** Starts the fake GCS JSON API on 127.0.0.1 (see the top of this file for what it implements). */
export async function startFakeGcs(options: FakeGcsOptions = {}): Promise<FakeGcsServer> {
  const started = Date.now();
  const store = new FakeGcsObjects();
  const sessions = new Map<string, Session>();
  const requests: FakeGcsRequest[] = [];

  const resource = (o: FakeGcsObject): Record<string, unknown> => store.resource(o, port);

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const q = url.searchParams;
    const segments = url.pathname.split('/').slice(1);
    const isUpload = url.pathname.startsWith('/upload/storage/v1/b/');
    // /upload/storage/v1/b/:bucket/o  |  /storage/v1/b/:bucket[/o[/:name]]  |  /download/storage/v1/b/:bucket/o/:name
    const base = isUpload || url.pathname.startsWith('/download/') ? 4 : 3; // index of :bucket
    const bucket = decodeURIComponent(segments[base] ?? '');
    const objectName = segments.length > base + 2 ? decodeURIComponent(segments.slice(base + 2).join('/')) : undefined;
    if (!/^\/(upload\/|download\/)?storage\/v1\/b\//u.test(url.pathname) || bucket === '') throw new HttpError(404, `Not found: ${url.pathname}`, 'notFound');

    if (isUpload) {
      const uploadId = q.get('upload_id');
      if (uploadId !== null) return resumableChunk(req, res, uploadId, body);
      if (req.method !== 'POST') throw new HttpError(405, `${req.method} is not supported on uploads`);
      const uploadType = q.get('uploadType');
      if (uploadType === 'multipart') {
        const parts = parseMultipartRelated(String(req.headers['content-type'] ?? ''), body);
        if (parts === null || parts.length !== 2) throw new HttpError(400, 'Malformed multipart body');
        const [metaPart, mediaPart] = parts as [(typeof parts)[0], (typeof parts)[0]];
        const metadata = JSON.parse(metaPart.body.toString('utf8') || '{}') as Record<string, string | undefined>;
        const name = q.get('name') ?? metadata['name'];
        if (!name) throw new HttpError(400, 'Required: object name', 'required');
        const contentType = metadata['contentType'] ?? mediaPart.headers['content-type'] ?? 'application/octet-stream';
        return json(res, 200, resource(store.put(bucket, name, mediaPart.body, contentType, metadata['cacheControl'])));
      }
      if (uploadType === 'media') {
        const name = q.get('name');
        if (!name) throw new HttpError(400, 'Required: object name', 'required');
        return json(res, 200, resource(store.put(bucket, name, body, String(req.headers['content-type'] ?? 'application/octet-stream'), undefined)));
      }
      if (uploadType === 'resumable') {
        const metadata = (body.length > 0 ? JSON.parse(body.toString('utf8')) : {}) as Record<string, string | undefined>;
        const name = q.get('name') ?? metadata['name'];
        if (!name) throw new HttpError(400, 'Required: object name', 'required');
        const id = randomBytes(12).toString('hex');
        const contentType = metadata['contentType'] ?? header(req, 'x-upload-content-type') ?? 'application/octet-stream';
        sessions.set(id, { bucket, name, contentType, cacheControl: metadata['cacheControl'], chunks: [], received: 0 });
        const host = req.headers.host ?? `127.0.0.1:${port}`;
        res.setHeader('Location', `http://${host}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=resumable&name=${encodeURIComponent(name)}&upload_id=${id}`);
        return json(res, 200, {});
      }
      throw new HttpError(400, `Unsupported uploadType ${String(uploadType)}`);
    }

    if (objectName === undefined) {
      if (segments.length === base + 1 && req.method === 'GET') {
        return json(res, 200, { kind: 'storage#bucket', id: bucket, name: bucket, location: 'US', storageClass: 'STANDARD' });
      }
      if (segments[base + 1] === 'o' && req.method === 'GET') {
        const prefix = q.get('prefix') ?? '';
        return json(res, 200, { kind: 'storage#objects', items: store.list(bucket, prefix).map(resource) });
      }
      throw new HttpError(404, `Not found: ${url.pathname}`, 'notFound');
    }

    const object = store.get(bucket, objectName);
    if (req.method === 'DELETE') {
      if (!object) throw new HttpError(404, `No such object: ${bucket}/${objectName}`, 'notFound');
      store.delete(bucket, objectName);
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'GET') throw new HttpError(405, `${req.method} is not supported here`);
    if (!object) throw new HttpError(404, `No such object: ${bucket}/${objectName}`, 'notFound');
    if (q.get('alt') !== 'media') return json(res, 200, resource(object));
    res.setHeader('Content-Type', object.contentType);
    if (object.cacheControl) res.setHeader('Cache-Control', object.cacheControl);
    res.setHeader('x-goog-hash', `crc32c=${object.crc32c},md5=${object.md5Hash}`);
    res.setHeader('x-goog-generation', object.generation);
    res.setHeader('x-goog-stored-content-length', String(object.data.length));
    const range = /^bytes=(\d+)-(\d*)$/u.exec(String(req.headers.range ?? ''));
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), object.data.length - 1) : object.data.length - 1;
      res.setHeader('Content-Range', `bytes ${start}-${end}/${object.data.length}`);
      res.writeHead(206).end(object.data.subarray(start, end + 1));
      return;
    }
    res.writeHead(200, { 'Content-Length': String(object.data.length) }).end(object.data);
  }

  function resumableChunk(req: IncomingMessage, res: ServerResponse, id: string, body: Buffer): void {
    const session = sessions.get(id);
    if (!session) throw new HttpError(404, 'No such upload session', 'notFound');
    if (req.method === 'DELETE') {
      sessions.delete(id);
      res.writeHead(499).end();
      return;
    }
    if (session.result) return json(res, 200, resource(session.result));
    const contentRange = header(req, 'content-range') ?? '';
    const query = /^bytes \*\/(\d+|\*)$/u.exec(contentRange);
    const data = /^bytes (\d+)-(\d+|\*)\/(\d+|\*)$/u.exec(contentRange);
    let total: number | undefined;
    if (query) {
      total = query[1] === '*' ? undefined : Number(query[1]);
    } else if (data) {
      const start = Number(data[1]);
      if (start > session.received) throw new HttpError(400, `Chunk starts at ${start} but only ${session.received} bytes were received`);
      const fresh = body.subarray(session.received - start); // a resent chunk may overlap what we have
      session.chunks.push(fresh);
      session.received += fresh.length;
      // `a-*/*` is a single streamed request: its end is the end of the object.
      total = data[3] === '*' ? (data[2] === '*' ? session.received : undefined) : Number(data[3]);
    } else {
      throw new HttpError(400, `Bad Content-Range: ${contentRange}`);
    }
    if (total !== undefined && session.received > total) throw new HttpError(400, `Received ${session.received} bytes, more than the declared ${total}`);
    if (total !== undefined && session.received === total) {
      const all = Buffer.concat(session.chunks);
      const claimed = /crc32c=([^,]+)/u.exec(header(req, 'x-goog-hash') ?? '')?.[1];
      if (claimed !== undefined && claimed !== crc32cBase64(all)) {
        sessions.delete(id);
        throw new HttpError(400, `Provided CRC32C "${claimed}" doesn't match calculated CRC32C "${crc32cBase64(all)}".`);
      }
      session.result = store.put(session.bucket, session.name, all, session.contentType, session.cacheControl);
      session.chunks.length = 0;
      return json(res, 200, resource(session.result));
    }
    if (session.received > 0) res.setHeader('Range', `bytes=0-${session.received - 1}`);
    res.writeHead(308, { 'Content-Length': '0' }).end();
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = req.url ?? '/';
      res.on('finish', () =>
        requests.push({
          method: req.method ?? '',
          url,
          uploadType: new URL(url, 'http://fake').searchParams.get('uploadType') ?? undefined,
          contentRange: header(req, 'content-range'),
          bodyBytes: body.length,
          status: res.statusCode,
        }),
      );
      handle(req, res, body).catch((error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        const message = error instanceof Error ? error.message : String(error);
        const reason = error instanceof HttpError ? error.reason : 'backendError';
        if (!res.headersSent) json(res, status, { error: { code: status, message, errors: [{ message, domain: 'global', reason }] } });
      });
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | undefined;

  return {
    apiEndpoint: `http://127.0.0.1:${port}`,
    projectId: options.projectId ?? 'test-project',
    objects: store.byKey,
    requests,
    openSessions: () => [...sessions.values()].filter((s) => !s.result).length,
    pids: [],
    startupMs: Date.now() - started,
    object: (bucket, name) => store.get(bucket, name),
    corruptChecksums(enabled: boolean) {
      store.isCorrupting = enabled;
    },
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': String(Buffer.byteLength(text)) }).end(text);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
