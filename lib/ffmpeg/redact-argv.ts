import { redactUrl } from '../probe/redact-url.js';

/**
 * Options whose value is a secret. Their values are replaced by `<redacted>` wherever an argv is shown:
 * events, errors and logs. ffmpeg itself always gets the real argv.
 */
const SECRET_OPTIONS = new Set([
  '-headers',
  '-hls_enc_key',
  '-hls_enc_iv',
  '-encryption_key',
  '-encryption_kid',
  '-decryption_key',
  '-cryptokey',
  '-cryptoiv',
  '-key',
  '-iv',
  '-password',
  '-passphrase',
  '-cookies',
  '-srtp_in_params',
  '-srtp_out_params',
]);

/** Pure: a copy of argv safe to show: secret option values and URL credentials/signatures replaced. */
export function redactArgv(argv: readonly string[]): string[] {
  return argv.map((arg, i) => {
    const previous = i > 0 ? argv[i - 1] : undefined;
    if (previous !== undefined && SECRET_OPTIONS.has(previous.split(':')[0] ?? previous)) return '<redacted>';
    return redactUrl(arg);
  });
}
