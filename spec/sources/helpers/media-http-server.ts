import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join, normalize } from 'node:path';

/** One request the server answered. */
export interface MediaRequest {
  readonly method: string;
  readonly path: string;
  readonly range: string | undefined;
  /** Every request header, lower-cased names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly status: number;
  /** Body bytes written before the response ended or the client went away. */
  bytesSent: number;
}

/** A running {@link startMediaHttpServer}. */
export interface MediaHttpServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly requests: readonly MediaRequest[];
  clear(): void;
  close(): Promise<void>;
}

/** Options of {@link startMediaHttpServer}. */
export interface MediaHttpServerOptions {
  /** When set, requests without this exact header get 401. */
  readonly requireHeader?: { readonly name: string; readonly value: string };
}

/**
 * A small HTTP origin for the URL-source tests: serves `rootDir` with single byte ranges (206 / 416), 404 for
 * missing files, 403 under `/forbidden/`, and records every request with its headers and how many bytes it got.
 */
export async function startMediaHttpServer(rootDir: string, options: MediaHttpServerOptions = {}): Promise<MediaHttpServer> {
  const requests: MediaRequest[] = [];
  const sockets = new Set<Socket>();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    const record: MediaRequest = { method: req.method ?? 'GET', path, range: req.headers.range, headers: { ...req.headers }, status: 0, bytesSent: 0 };
    requests.push(record);
    const finish = (status: number, body = ''): void => {
      (record as { status: number }).status = status;
      res.statusCode = status;
      res.end(body);
    };
    const required = options.requireHeader;
    if (required && req.headers[required.name.toLowerCase()] !== required.value) return finish(401, 'unauthorized');
    if (path.startsWith('/forbidden/')) return finish(403, 'forbidden');
    const file = join(rootDir, normalize(path).replace(/^(\.\.[/\\])+/u, ''));
    let size: number;
    try {
      const info = await stat(file);
      if (!info.isFile()) return finish(404, 'not found');
      size = info.size;
    } catch {
      return finish(404, 'not found');
    }
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Content-Type', 'video/mp4');
    let start = 0;
    let end = size - 1;
    const match = /^bytes=(\d*)-(\d*)$/u.exec(req.headers.range ?? '');
    if (match) {
      if (match[1] === '') {
        start = Math.max(0, size - Number(match[2]));
      } else {
        start = Number(match[1]);
        if (match[2] !== '') end = Math.min(end, Number(match[2]));
      }
      if (start >= size || start > end) {
        res.setHeader('Content-Range', `bytes */${size}`);
        return finish(416);
      }
      res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
    }
    const status = match ? 206 : 200;
    (record as { status: number }).status = status;
    res.statusCode = status;
    res.setHeader('Content-Length', String(end - start + 1));
    if (req.method === 'HEAD') return void res.end();
    const stream = createReadStream(file, { start, end });
    stream.on('data', (chunk) => (record.bytesSent += chunk.length));
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    clear: () => void requests.splice(0),
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      })),
  };
}
