/** One part of a `multipart/related` body. */
export interface RelatedPart {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/**
 * Splits a `multipart/related` body (RFC 2387), as the GCS JSON API's `uploadType=multipart` receives it:
 * part 1 is the object's JSON metadata, part 2 its bytes. Binary-safe. Returns null if the body is malformed.
 */
export function parseMultipartRelated(contentType: string, body: Buffer): RelatedPart[] | null {
  const boundary = /boundary="?([^";]+)"?/iu.exec(contentType)?.[1];
  if (boundary === undefined) return null;
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: RelatedPart[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) return null;
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === '--') return parts; // closing delimiter
    position = skipLineBreak(body, position);
    const headerEnd = body.indexOf('\r\n\r\n', position);
    if (headerEnd < 0) return null;
    const headers: Record<string, string> = {};
    for (const line of body.subarray(position, headerEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const next = body.indexOf(delimiter, headerEnd + 4);
    if (next < 0) return null;
    // The CRLF before the next delimiter belongs to the delimiter, not to the part.
    const end = body[next - 2] === 0x0d && body[next - 1] === 0x0a ? next - 2 : next;
    parts.push({ headers, body: body.subarray(headerEnd + 4, end) });
    position = next;
  }
}

function skipLineBreak(body: Buffer, position: number): number {
  if (body[position] === 0x0d && body[position + 1] === 0x0a) return position + 2;
  if (body[position] === 0x0a) return position + 1;
  return position;
}
