import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request that went through the proxy. */
export interface ProxiedRequest {
  readonly method: string;
  /** Path and query as the client sent them. */
  readonly url: string;
  readonly range: string | undefined;
  status: number;
  /** Response body bytes passed back to the client. */
  bytes: number;
}

/** A running {@link startRecordingProxy}. */
export interface RecordingProxy {
  /** `http://127.0.0.1:PORT`: use it as the store's endpoint. */
  readonly url: string;
  readonly requests: readonly ProxiedRequest[];
  clear(): void;
  close(): Promise<void>;
}

/**
 * A transparent HTTP proxy in front of a store (Swift, Azurite) that records each request's Range header, status
 * and the bytes it returned, so a test can tell "read in place with range requests" from "downloaded whole".
 * Headers, Host included, pass unchanged: signatures made for the proxy's address stay valid.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const record: ProxiedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', range: req.headers.range, status: 0, bytes: 0 };
    requests.push(record);
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        record.status = answer.statusCode ?? 0;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.on('data', (chunk: Buffer) => (record.bytes += chunk.length));
        answer.pipe(res);
        res.on('close', () => answer.destroy());
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
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
