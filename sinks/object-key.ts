import { InvalidOptionError } from '../lib/errors.js';

/**
 * Normalises a sink's `prefix` option: no leading `/`, and a trailing `/` unless empty.
 * `'vod/42'`, `'/vod/42/'` and `'vod/42/'` all become `'vod/42/'` (internal to the sinks).
 */
export function normalizePrefix(prefix: string | undefined, option = 'prefix'): string {
  if (prefix === undefined || prefix === '' || prefix === '/') return '';
  if (prefix.includes('\\')) throw new InvalidOptionError(option, 'a POSIX key prefix (with `/`, not `\\`)', prefix);
  const trimmed = prefix.replace(/^\/+/u, '');
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/** The object key a request key is stored under: prefix + key, with any leading `/` of the key dropped. */
export function objectKey(prefix: string, key: string): string {
  return `${prefix}${key.replace(/^\/+/u, '')}`;
}

/** Percent-encodes each path segment of a key for use in a URL, keeping the `/` separators. */
export function encodeKeyPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
