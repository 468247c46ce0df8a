/**
 * Node and undici error codes of network failures that another attempt may not repeat: resets, refusals,
 * timeouts, DNS hiccups. Shared by the sinks (is a failure transient?) and the upload retry policy.
 */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** True for a network error code worth another attempt (undici's `UND_ERR_*` included). */
export function isNetworkErrorCode(code: string): boolean {
  return NETWORK_ERROR_CODES.has(code) || code.startsWith('UND_ERR_');
}
