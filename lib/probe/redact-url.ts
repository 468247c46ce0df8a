import { isUrlInput } from './is-url-input.js';

/** Query parameters whose values are secrets: signatures, tokens, keys (AWS, GCS, Azure SAS, CloudFront…). */
const SECRET_PARAM = /sig|signature|token|secret|key|pass|pwd|auth|credential|policy|session/iu;

/**
 * Makes an input safe to show in an error message or a log: credentials and signed-URL secrets are replaced by `***`.
 *
 * Use it whenever a path or URL given by a user goes into text a person or a log collector will read.
 * - `user:password@` in the authority becomes `***@`;
 * - values of query parameters that look secret (`X-Amz-Signature`, `X-Goog-Credential`, Azure `sig`,
 *   `token`, `key`, `Policy`…) become `***`; other parameters are kept so the URL stays recognisable.
 * Local paths come back unchanged. It cannot know secrets hidden in a path (an RTMP stream key, for
 * instance), so do not log those.
 *
 * @example
 * redactUrl('https://bob:hunter2@cdn.example.com/a.mp4?X-Amz-Signature=abc&part=1');
 * // → 'https://***@cdn.example.com/a.mp4?X-Amz-Signature=***&part=1'
 */
export function redactUrl(input: string): string {
  if (!isUrlInput(input)) return input;
  // Work on the text rather than through `URL`, which would re-encode and reorder what the user wrote.
  const hashAt = input.indexOf('#');
  const beforeHash = hashAt === -1 ? input : input.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : input.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  const base = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt === -1 ? undefined : beforeHash.slice(queryAt + 1);
  const safeBase = base.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/iu, '$1***@');
  if (query === undefined) return safeBase + hash;
  const safeQuery = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const name = pair.slice(0, eq);
      return SECRET_PARAM.test(safeDecode(name)) ? `${name}=***` : pair;
    })
    .join('&');
  return `${safeBase}?${safeQuery}${hash}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
