/**
 * Pure: `text` with the key's hex (any case) and base64 forms replaced by `<redacted key>`, so a careless message
 * from a key store can never carry the key into an error.
 *
 * @example
 * redactKeyBytes('refused 00ff…', key); // 'refused <redacted key>'
 */
export function redactKeyBytes(text: string, keyBytes: Uint8Array): string {
  const bytes = Buffer.from(keyBytes);
  const hex = bytes.toString('hex');
  let out = text.replace(new RegExp(hex, 'giu'), '<redacted key>');
  for (const form of new Set([bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('base64').replace(/=+$/u, '')])) {
    out = out.split(form).join('<redacted key>');
  }
  return out;
}
