import { NETWORK_ERROR_CODES, isNetworkErrorCode } from '../contracts/network-error-codes.js';
/**
 * Turns whatever a storage SDK, `node:http` or `node:fs` threw into the facts a `SinkError` (or a cloud source's
 * `InputError`) carries.
 *
 * Internal to the sinks and the cloud sources; not re-exported. It duck-types the error shapes of the SDKs instead
 * of importing them, so the dependency-free sinks can use it too:
 * - AWS SDK v3: `name` is the S3 error code, `$metadata.httpStatusCode`, `$retryable`;
 * - @azure/storage-blob `RestError`: `statusCode`, string `code`;
 * - @google-cloud/storage `ApiError`: numeric `code`; gaxios: `status` / `response.status`, string `code`;
 * - Node: string `code` such as `ECONNRESET`, `syscall`, `path`.
 */

/** What went wrong, in words and as data. */
export interface FailureFacts {
  readonly reason: string;
  readonly statusCode: number | null;
  readonly isTransient: boolean;
  readonly hint?: string;
}

/** Error codes of failures that another attempt may not repeat: resets, refusals, timeouts, DNS hiccups. */
const TRANSIENT_CODES = new Set([
  ...NETWORK_ERROR_CODES,
  'REQUEST_SEND_ERROR',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  // @google-cloud/storage: the stored bytes did not match the local CRC32C/MD5; the SDK deleted the object.
  'FILE_NO_UPLOAD',
]);

/** Local file-system failures: the file to upload is gone or unreadable, or a local directory is not writable. */
const LOCAL_FS_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EROFS', 'ENOSPC', 'EMFILE']);

const MAX_REASON_CHARS = 300;

/**
 * Classifies `error` and describes it in one line, with every string of `secrets` replaced by `***`.
 * `operation` only picks the hint.
 */
export function describeFailure(error: unknown, operation: 'put' | 'delete', secrets: readonly string[] = []): FailureFacts {
  const chain = causeChain(error);
  const statusCode = firstDefined(chain, statusOf);
  const code = firstDefined(chain, codeOf);
  const top = firstLine(error instanceof Error ? error.message : String(error));
  // Wrappers ("fetch failed", "upload failed") hide the useful words in their cause: add the first different one.
  const detail = chain
    .slice(1)
    .map((e) => (e instanceof Error ? firstLine(e.message) : ''))
    .find((m) => m !== '' && m !== top && !top.includes(m));
  const message = detail === undefined ? top : `${top} (${detail})`;

  const parts: string[] = [];
  if (statusCode !== null) parts.push(`HTTP ${statusCode}`);
  if (code !== null && !message.startsWith(code)) parts.push(code);
  const head = parts.join(' ');
  const reason = truncate(redact(head && message ? `${head}: ${message}` : head || message || 'unknown error', secrets));

  const isLocal = statusCode === null && code !== null && LOCAL_FS_CODES.has(code);
  const isTransient = isLocal
    ? false
    : statusCode !== null
      ? statusCode === 408 || statusCode === 425 || statusCode === 429 || statusCode >= 500
      : (code !== null && (TRANSIENT_CODES.has(code) || isNetworkErrorCode(code))) || chain.some(isRetryableFlagged);

  const hint = hintFor({ statusCode, isLocal, isTransient, operation });
  return hint === undefined ? { reason, statusCode, isTransient } : { reason, statusCode, isTransient, hint };
}

function hintFor(f: { statusCode: number | null; isLocal: boolean; isTransient: boolean; operation: 'put' | 'delete' }): string | undefined {
  if (f.isLocal) {
    return f.operation === 'put'
      ? 'The local file is missing or unreadable, or the destination directory is not writable.'
      : 'The destination directory is not writable.';
  }
  if (f.statusCode === 401 || f.statusCode === 403) {
    return 'Check the credentials given to the sink and that they allow writing and deleting under its prefix.';
  }
  if (f.statusCode === 404 && f.operation === 'put') return 'Check that the bucket, container or base URL exists.';
  if (f.isTransient) return 'This looks transient; retrying may succeed.';
  return undefined;
}

function causeChain(error: unknown): readonly object[] {
  const chain: object[] = [];
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && chain.length < 5 && !chain.includes(current)) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function statusOf(e: object): number | null {
  const x = e as {
    $metadata?: { httpStatusCode?: unknown };
    statusCode?: unknown;
    status?: unknown;
    response?: { status?: unknown; statusCode?: unknown };
    code?: unknown;
  };
  for (const candidate of [x.$metadata?.httpStatusCode, x.statusCode, x.status, x.response?.status, x.response?.statusCode, x.code]) {
    if (typeof candidate === 'number' && Number.isInteger(candidate) && candidate >= 100 && candidate <= 599) return candidate;
  }
  // @google-cloud/storage's resumable uploads give up with a plain Error whose only trace of the status is its
  // message: "Retry limit exceeded - status: 500 - …".
  const retried = e instanceof Error ? /^Retry limit exceeded - status: ([1-5]\d\d)\b/u.exec(e.message) : null;
  return retried ? Number(retried[1]) : null;
}

function codeOf(e: object): string | null {
  const x = e as { code?: unknown; Code?: unknown; name?: unknown; $metadata?: unknown };
  if (typeof x.code === 'string' && x.code !== '') return x.code;
  if (typeof x.Code === 'string' && x.Code !== '') return x.Code;
  // AWS SDK v3 puts the service's error code in `name` (e.g. `SignatureDoesNotMatch`).
  if (x.$metadata !== undefined && typeof x.name === 'string' && x.name !== 'Error') return x.name;
  if (x.name === 'TimeoutError') return x.name;
  return null;
}

function isRetryableFlagged(e: object): boolean {
  return typeof (e as { $retryable?: unknown }).$retryable === 'object' && (e as { $retryable?: unknown }).$retryable !== null;
}

function firstDefined<T>(chain: readonly object[], pick: (e: object) => T | null): T | null {
  for (const e of chain) {
    const value = pick(e);
    if (value !== null) return value;
  }
  return null;
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/u).find((line) => line.trim() !== '') ?? '').trim();
}

function truncate(text: string): string {
  return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS - 1)}…` : text;
}

/** Replaces each secret (and its URI-encoded form) by `***`. Secrets shorter than 4 characters are ignored: too likely to hit ordinary words. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  }
  return out;
}
