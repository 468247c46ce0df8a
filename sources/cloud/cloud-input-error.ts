import { AbortedError, InputError, isPackagerError, type PackagerError } from '../../lib/errors.js';
import { describeFailure, redact } from '../../lib/cloud/describe-failure.js';

/** How a store names things in its advice, e.g. the permission reading needs. */
export interface StoreWords {
  /** e.g. `s3:GetObject`, `storage.objects.get (Storage Object Viewer)`, `Storage Blob Data Reader (or a SAS with read permission)`. */
  readonly readPermission: string;
  /** What identifies an object, e.g. `the bucket and key`. */
  readonly objectNames: string;
  /** Strings that must never appear in a message: keys, SAS tokens. */
  readonly secrets?: readonly string[];
}

const NOT_FOUND_CODES = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket', 'BlobNotFound', 'ContainerNotFound', 'ResourceNotFound']);
const FORBIDDEN_CODES = new Set([
  'AccessDenied',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'AuthorizationFailure',
  'AuthenticationFailed',
  'AuthorizationPermissionMismatch',
  'InsufficientAccountPermissions',
]);

/**
 * Turns what a storage SDK threw while reading an object into an {@link InputError} a person can act on:
 * 404 / NoSuchKey / BlobNotFound → `INPUT_NOT_FOUND`; 401, 403, bad signatures or keys → `INPUT_FORBIDDEN`; anything
 * else (network, 5xx) → `INPUT_UNREADABLE`. The store's own words are kept, with `secrets` redacted; the SDK error
 * is the `cause`. An aborted `signal` gives `ABORTED`; PackagerErrors pass through.
 */
export function cloudInputError(error: unknown, display: string, words: StoreWords, signal?: AbortSignal): PackagerError {
  if (signal?.aborted === true) return new AbortedError(`Reading ${display} was aborted.`, { cause: signal.reason });
  if (isPackagerError(error)) return error;
  const secrets = words.secrets ?? [];
  const facts = describeFailure(error, 'delete', secrets);
  const code = codeOf(error);
  const reason = redact(facts.reason, secrets);
  if (facts.statusCode === 404 || (code !== undefined && NOT_FOUND_CODES.has(code))) {
    return new InputError('INPUT_NOT_FOUND', display, `${display} does not exist (${reason}). Check ${words.objectNames}, and the endpoint or region.`, { cause: error });
  }
  if (facts.statusCode === 401 || facts.statusCode === 403 || (code !== undefined && FORBIDDEN_CODES.has(code))) {
    return new InputError(
      'INPUT_FORBIDDEN',
      display,
      `${display} may not be read with the credentials given (${reason}). Check the credentials (key id and secret, token or SAS) and that they grant ${words.readPermission} on this object.`,
      { cause: error },
    );
  }
  return new InputError(
    'INPUT_UNREADABLE',
    display,
    `${display} could not be read (${reason}). ${facts.isTransient ? 'This looks transient; retrying may succeed. ' : ''}Check the endpoint, the network and ${words.objectNames}.`,
    { cause: error },
  );
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { name?: unknown; code?: unknown; Code?: unknown };
  for (const candidate of [e.code, e.Code, e.name]) if (typeof candidate === 'string' && candidate !== '' && candidate !== 'Error') return candidate;
  return undefined;
}
