import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { AbortedError, PackagerError, isPackagerError } from '../errors.js';
import { localPathOf } from '../manifest/local-resource.js';
import { redactUrl } from '../probe/redact-url.js';
import { concurrencyLimit } from './concurrency-limit.js';
import type { LimitedRunner } from './concurrency-limit.js';

/** A resource of the package, or why it could not be had (`HTTP 404 Not Found`, `no such file`, …). */
export type Fetched<T> = { readonly isOk: true; readonly value: T } | { readonly isOk: false; readonly reason: string };

/** A manifest or media file available on the local disk, with where it came from. */
export interface StoredFile {
  /** The path or URL it was read from (the key of the package layout). */
  readonly location: string;
  /** A local file with its bytes: the file itself, or the downloaded copy. */
  readonly path: string;
}

/** Options of {@link PackageStore}. */
export interface PackageStoreOptions {
  /** Per-request time limit, milliseconds. */
  readonly fetchTimeoutMs: number;
  readonly signal: AbortSignal | undefined;
  /** Downloads in flight at once. @default 4 */
  readonly maxConcurrentDownloads?: number;
}

const HTTP_URL = /^https?:\/\//iu;
/** No playlist or MPD is this large; a bigger target is media given by mistake, and is not read whole. */
const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/iu;

/**
 * The files of one package, on the local disk or over HTTP(S), each fetched at most once. Use one per
 * `verify()` run and `close()` it at the end.
 *
 * Local URIs resolve against their manifest's directory (percent-decoded when no file has the written name,
 * as `localPathOf` does); HTTP ones with `new URL(uri, manifestUrl)`, are downloaded with Node's fetch under a
 * time limit, and kept in a temporary directory that `close()` removes. The measuring code then reads them
 * like a local package.
 */
export class PackageStore {
  private readonly options: PackageStoreOptions;
  private readonly runDownload: LimitedRunner;
  private readonly downloads = new Map<string, Promise<Fetched<string>>>();
  private tempDir: Promise<string> | undefined;
  private fileCount = 0;

  constructor(options: PackageStoreOptions) {
    this.options = options;
    this.runDownload = concurrencyLimit(options.maxConcurrentDownloads ?? 4);
  }

  /**
   * Reads the entry manifest. Rejects with `VERIFY_INPUT_INVALID` when it cannot be had (missing file, a
   * directory, an empty file, HTTP error, no answer), naming the target and saying what to do.
   */
  async readTarget(target: string): Promise<StoredFile & { readonly text: string }> {
    const shown = redactUrl(target);
    if (HTTP_URL.test(target)) {
      const fetched = await this.runDownload(() => this.fetchToFile(target, MAX_MANIFEST_BYTES));
      if (!fetched.isOk) throw invalidTarget(`Cannot verify "${shown}": ${fetched.reason}. Check the URL points at an HLS playlist or a DASH MPD and that the server is up.`);
      return { location: target, path: fetched.value, text: await readNonEmpty(fetched.value, shown) };
    }
    if (ANY_SCHEME.test(target) && !/^[a-z]:/iu.test(target)) {
      throw invalidTarget(`Cannot verify "${shown}": only local paths and http(s) URLs can be verified.`);
    }
    let isFile: boolean;
    let sizeBytes: number;
    try {
      const stats = await stat(target);
      isFile = stats.isFile();
      sizeBytes = stats.size;
    } catch (cause) {
      throw invalidTarget(`Cannot verify "${shown}": no such file. Pass the path of an HLS playlist (.m3u8) or a DASH MPD (.mpd).`, cause);
    }
    if (!isFile) throw invalidTarget(`Cannot verify "${shown}": it is a directory, not a file. Pass the master playlist or the MPD inside it.`);
    if (sizeBytes > MAX_MANIFEST_BYTES) throw tooLarge(shown);
    return { location: target, path: target, text: await readNonEmpty(target, shown) };
  }

  /** The location `uri` names when written in the manifest at `base` (a URL, or a local path as written). */
  resolve(base: string, uri: string): string {
    if (HTTP_URL.test(uri)) return uri;
    if (HTTP_URL.test(base)) return new URL(uri, base).href;
    return join(dirname(base), uri);
  }

  /** Makes the file `uri` (written in the manifest at `base`) available locally, or says why it cannot be. */
  async file(base: string, uri: string): Promise<Fetched<StoredFile>> {
    const location = this.resolve(base, uri);
    if (HTTP_URL.test(location)) {
      const fetched = await this.download(location);
      return fetched.isOk ? { isOk: true, value: { location, path: fetched.value } } : fetched;
    }
    if (ANY_SCHEME.test(uri)) return { isOk: false, reason: `"${redactUrl(uri)}" is not a file or an http(s) URL` };
    try {
      return { isOk: true, value: { location, path: await localPathOf(base, uri) } };
    } catch {
      return { isOk: false, reason: 'no such file' };
    }
  }

  /** Reads the text of a manifest file (see {@link file}). */
  async text(base: string, uri: string): Promise<Fetched<StoredFile & { readonly text: string }>> {
    const file = await this.file(base, uri);
    if (!file.isOk) return file;
    try {
      return { isOk: true, value: { ...file.value, text: await readFile(file.value.path, 'utf8') } };
    } catch (cause) {
      return { isOk: false, reason: `cannot be read (${cause instanceof Error ? cause.message : String(cause)})` };
    }
  }

  /** A short name for a location in messages: relative to the target's directory when inside it. */
  displayName(location: string, target: string): string {
    if (HTTP_URL.test(target) && HTTP_URL.test(location)) {
      const root = new URL('.', target).href;
      return location.startsWith(root) ? location.slice(root.length) : redactUrl(location);
    }
    if (HTTP_URL.test(location)) return redactUrl(location);
    const name = relative(dirname(target), location);
    return name === '' || name.startsWith('..') ? location : name;
  }

  /** Removes the downloaded copies. Never throws. */
  async close(): Promise<void> {
    const dir = this.tempDir;
    this.tempDir = undefined;
    if (!dir) return;
    await dir.then((d) => rm(d, { recursive: true, force: true })).catch(() => undefined);
  }

  private download(url: string): Promise<Fetched<string>> {
    let pending = this.downloads.get(url);
    if (!pending) {
      pending = this.runDownload(() => this.fetchToFile(url));
      this.downloads.set(url, pending);
    }
    return pending;
  }

  private async fetchToFile(url: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Fetched<string>> {
    const { signal, fetchTimeoutMs } = this.options;
    if (signal?.aborted) throw new AbortedError('verify was aborted.');
    const timeout = AbortSignal.timeout(fetchTimeoutMs);
    let bytes: Uint8Array;
    try {
      const response = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, redirect: 'follow' });
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        return { isOk: false, reason: `the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}` };
      }
      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      if (declared > maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw tooLarge(redactUrl(url));
      }
      bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.byteLength > maxBytes) throw tooLarge(redactUrl(url));
    } catch (cause) {
      if (isPackagerError(cause)) throw cause;
      if (signal?.aborted) throw new AbortedError('verify was aborted.', { cause });
      return { isOk: false, reason: timeout.aborted ? `no answer within ${fetchTimeoutMs} ms` : describeFetchFailure(cause) };
    }
    this.tempDir ??= mkdtemp(join(tmpdir(), 'ffstream-verify-'));
    // Flat names: the measuring code is given each file's path, so the package layout need not be rebuilt.
    const name = basename(new URL(url).pathname).replace(/[^\w.-]/gu, '_') || 'index';
    const path = join(await this.tempDir, `${String(++this.fileCount).padStart(6, '0')}-${name}`);
    await writeFile(path, bytes);
    return { isOk: true, value: path };
  }
}

async function readNonEmpty(path: string, shown: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw invalidTarget(`Cannot verify "${shown}": it cannot be read (${cause instanceof Error ? cause.message : String(cause)}).`, cause);
  }
  if (text.trim() === '') throw invalidTarget(`Cannot verify "${shown}": the file is empty. Pass an HLS playlist or a DASH MPD.`);
  return text;
}

function tooLarge(shown: string): PackagerError {
  return invalidTarget(`Cannot verify "${shown}": it is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MB, so it is not an HLS playlist or a DASH MPD. Pass the master playlist or the MPD of a package, not a media file.`);
}

function invalidTarget(message: string, cause?: unknown): PackagerError {
  return new PackagerError('VERIFY_INPUT_INVALID', message, cause === undefined ? undefined : { cause });
}

/** Node's fetch hides the reason in `cause` (`ECONNREFUSED`, `ENOTFOUND`, a TLS error…). */
function describeFetchFailure(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code === 'ECONNREFUSED') return 'the connection was refused (ECONNREFUSED): nothing listens there';
  if (code === 'ENOTFOUND') return 'the host name does not resolve (ENOTFOUND)';
  const detail = typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
  return `the request failed (${code ? `${code}: ` : ''}${detail})`;
}
