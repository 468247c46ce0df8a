import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One request the static server answered; `GET /__log` returns these as JSON. */
export interface RequestRecord {
  readonly method: string;
  /** Decoded path, without the query string. */
  readonly path: string;
  readonly status: number;
  /** The `Range` request header, if any. */
  readonly range?: string;
  /** Milliseconds since the server started. */
  readonly atMs: number;
}

/** A running static server; see {@link startStaticServer}. */
export interface StaticServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Absolute directory the media is served from. */
  readonly rootDir: string;
  /** Every request answered so far, oldest first (harness routes `/__*` included). */
  readonly requests: readonly RequestRecord[];
  /** Forget the recorded requests (e.g. between cases). */
  clearRequests(): void;
  /** Stop listening and drop open connections. Idempotent, never rejects. */
  close(): Promise<void>;
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mpd': 'application/dash+xml',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.m4v': 'video/mp4',
  '.webm': 'video/webm',
  '.aac': 'audio/aac',
  '.vtt': 'text/vtt',
  '.key': 'application/octet-stream',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
};

/** Content type for a file name, by extension; unknown extensions are `application/octet-stream`. */
export function mimeTypeFor(fileName: string): string {
  return MIME_TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

const require = createRequire(import.meta.url);
const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * Directory of an installed package. Not `require.resolve('x/package.json')`: dashjs's `exports`
 * map hides its package.json, so resolve the entry point and walk up to the package root.
 */
function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === name) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package directory of ${name}`);
    dir = parent;
  }
}

/** Player bundles and harness files, served at fixed paths so the page and the media share an origin. */
function harnessRoutes(): ReadonlyMap<string, string> {
  return new Map([
    ['/__lib/hls.js', join(packageDir('hls.js'), 'dist', 'hls.min.js')],
    ['/__lib/dash.js', join(packageDir('dashjs'), 'dist', 'modern', 'umd', 'dash.all.min.js')],
    ['/__lib/shaka.js', join(packageDir('shaka-player'), 'dist', 'shaka-player.compiled.js')],
    ['/__play.html', join(HERE, 'play.html')],
    ['/__play.js', join(HERE, 'play-page.js')],
  ]);
}

const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Range, Content-Type, Origin, Accept',
  'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Accept-Ranges, Content-Type',
  'Access-Control-Max-Age': '600',
};

type ByteRange = { readonly start: number; readonly end: number } | 'unsatisfiable' | undefined;

/** Parses a single `bytes=a-b`, `bytes=a-` or `bytes=-n` range; multi-range requests are served whole. */
function parseRange(header: string | undefined, size: number): ByteRange {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  let start: number;
  let end: number;
  if (first === '') {
    const suffixBytes = Number(last);
    if (suffixBytes === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffixBytes);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

/**
 * Starts an HTTP server on 127.0.0.1 (random free port) serving `rootDir`, the player bundles at
 * `/__lib/{hls,dash,shaka}.js`, the harness page at `/__play.html` and the request log at `/__log`.
 *
 * Use it for playback tests: the page and the media are same-origin, and every response carries
 * `Access-Control-Allow-Origin: *` so a page from this server can also play media from another
 * 127.0.0.1 origin (and vice versa). Range requests get 206, missing files 404, and any path that
 * resolves outside `rootDir` (`..`, encoded slashes, symlinks) 403.
 *
 * @example
 * const server = await startStaticServer(outDir);
 * // server.url === 'http://127.0.0.1:41234'; fetch(`${server.url}/master.m3u8`)
 * await server.close();
 */
export async function startStaticServer(rootDir: string): Promise<StaticServer> {
  const root = await realpath(resolve(rootDir));
  const routes = harnessRoutes();
  const requests: RequestRecord[] = [];
  const sockets = new Set<Socket>();
  const startedAt = performance.now();

  const record = (req: IncomingMessage, path: string, status: number): void => {
    const range = req.headers.range;
    requests.push({
      method: req.method ?? 'GET',
      path,
      status,
      ...(range === undefined ? {} : { range }),
      atMs: Math.round(performance.now() - startedAt),
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      return void end(req, res, rawPath, 400, 'bad path encoding');
    }
    for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
    res.setHeader('Cache-Control', 'no-store');

    if (req.method === 'OPTIONS') return void end(req, res, path, 204);
    if (req.method !== 'GET' && req.method !== 'HEAD') return void end(req, res, path, 405, 'method not allowed');
    if (path === '/__log') {
      const body = JSON.stringify(requests);
      res.setHeader('Content-Type', 'application/json');
      return void end(req, res, path, 200, body);
    }

    let filePath = routes.get(path);
    if (filePath === undefined) {
      // Refuse before touching the disk: NUL bytes, backslashes and anything resolving outside root.
      if (path.includes('\0') || path.includes('\\')) return void end(req, res, path, 403, 'forbidden');
      const candidate = resolve(root, `.${path}`);
      if (!isInside(root, candidate)) return void end(req, res, path, 403, 'forbidden');
      let real: string;
      try {
        real = await realpath(candidate);
      } catch {
        return void end(req, res, path, 404, 'not found');
      }
      // A symlink inside root may point outside it.
      if (!isInside(root, real)) return void end(req, res, path, 403, 'forbidden');
      filePath = real;
    }

    let size: number;
    try {
      const info = await stat(filePath);
      if (!info.isFile()) return void end(req, res, path, 404, 'not found');
      size = info.size;
    } catch {
      return void end(req, res, path, 404, 'not found');
    }

    res.setHeader('Content-Type', mimeTypeFor(filePath));
    res.setHeader('Accept-Ranges', 'bytes');
    const range = parseRange(req.headers.range, size);
    if (range === 'unsatisfiable') {
      res.setHeader('Content-Range', `bytes */${size}`);
      return void end(req, res, path, 416);
    }
    const start = range?.start ?? 0;
    const last = range?.end ?? size - 1;
    const status = range === undefined ? 200 : 206;
    if (range !== undefined) res.setHeader('Content-Range', `bytes ${start}-${last}/${size}`);
    res.setHeader('Content-Length', String(Math.max(0, last - start + 1)));
    res.statusCode = status;
    record(req, path, status);
    if (req.method === 'HEAD' || size === 0) return void res.end();
    const stream = createReadStream(filePath, { start, end: last });
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };

  const end = (req: IncomingMessage, res: ServerResponse, path: string, status: number, body?: string): void => {
    res.statusCode = status;
    record(req, path, status);
    if (body !== undefined && !res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    rootDir: root,
    requests,
    clearRequests: () => void requests.splice(0, requests.length),
    close: () => {
      closing ??= new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        // Players keep connections alive; without this close() waits for them to time out.
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
}
