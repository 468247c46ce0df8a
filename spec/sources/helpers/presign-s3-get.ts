import { createHash, createHmac } from 'node:crypto';

/** What {@link presignS3Get} needs: a path-style endpoint, the object, and credentials. */
export interface PresignS3GetParams {
  /** e.g. `http://127.0.0.1:40123` (path-style: `endpoint/bucket/key`). */
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  readonly key: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly expiresInSeconds: number;
  /** @default now */
  readonly now?: Date;
}

/**
 * A SigV4 query-string-signed (presigned) GET URL, written out by hand from the AWS specification so the tests
 * can check that Swift's s3api accepts presigned URLs without `@aws-sdk/s3-request-presigner` installed.
 * Test helper only: the library loads the real presigner.
 */
export function presignS3Get(params: PresignS3GetParams): string {
  const now = params.now ?? new Date();
  const amzDate = now.toISOString().replace(/[-:]/gu, '').replace(/\.\d{3}/u, '');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${params.region}/s3/aws4_request`;
  const url = new URL(params.endpoint);
  const path = `/${encodeRfc3986(params.bucket)}/${params.key.split('/').map(encodeRfc3986).join('/')}`;
  const query: [string, string][] = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${params.credentials.accessKeyId}/${scope}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', String(params.expiresInSeconds)],
    ['X-Amz-SignedHeaders', 'host'],
  ];
  const canonicalQuery = query
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = ['GET', path, canonicalQuery, `host:${url.host}\n`, 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${params.credentials.secretAccessKey}`, day), params.region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return `${url.origin}${path}?${canonicalQuery}&X-Amz-Signature=${signature}`;
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
