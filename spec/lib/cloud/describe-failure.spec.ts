import { expect } from 'chai';
import { describeFailure, redact } from '../../../lib/cloud/describe-failure.js';

/** Error shapes as the SDKs and Node produce them (duck-typed; no SDK is loaded here). */
const awsSignature = Object.assign(new Error('The request signature we calculated does not match the signature you provided.'), {
  name: 'SignatureDoesNotMatch',
  $metadata: { httpStatusCode: 403 },
  $fault: 'client',
});
const awsSlowDown = Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
const azureAuth = Object.assign(new Error('Server failed to authenticate the request.\nRequestId:1\nTime:now'), {
  name: 'RestError',
  code: 'AuthenticationFailed',
  statusCode: 403,
});
const azureSendError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { name: 'RestError', code: 'REQUEST_SEND_ERROR' });
const gcsApiError = Object.assign(new Error('No such object: media/x'), { code: 404, errors: [] });
const gcsRateLimited = Object.assign(new Error('rate limited'), { code: 429 });
const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const wrapped = new Error('upload failed', { cause: Object.assign(new Error('read ETIMEDOUT'), { code: 'ETIMEDOUT' }) });
const missingFile = Object.assign(new Error("ENOENT: no such file or directory, stat '/tmp/x.ts'"), { code: 'ENOENT', syscall: 'stat' });
const gcsRetryLimit = new Error('Retry limit exceeded - status: 503 - backend unavailable');
const undici = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });

describe('describeFailure()', () => {
  const cases: [string, unknown, { reason: string; statusCode: number | null; isTransient: boolean }][] = [
    ['AWS 403', awsSignature, { reason: 'HTTP 403 SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided.', statusCode: 403, isTransient: false }],
    ['AWS 503 SlowDown', awsSlowDown, { reason: 'HTTP 503 SlowDown: Please reduce your request rate.', statusCode: 503, isTransient: true }],
    ['Azure 403', azureAuth, { reason: 'HTTP 403 AuthenticationFailed: Server failed to authenticate the request.', statusCode: 403, isTransient: false }],
    ['Azure send error', azureSendError, { reason: 'REQUEST_SEND_ERROR: connect ECONNREFUSED 127.0.0.1:1', statusCode: null, isTransient: true }],
    ['GCS 404', gcsApiError, { reason: 'HTTP 404: No such object: media/x', statusCode: 404, isTransient: false }],
    ['GCS 429', gcsRateLimited, { reason: 'HTTP 429: rate limited', statusCode: 429, isTransient: true }],
    ['reset', reset, { reason: 'ECONNRESET: socket hang up', statusCode: null, isTransient: true }],
    ['timeout in a cause', wrapped, { reason: 'ETIMEDOUT: upload failed (read ETIMEDOUT)', statusCode: null, isTransient: true }],
    ['undici socket', undici, { reason: 'UND_ERR_SOCKET: fetch failed (other side closed)', statusCode: null, isTransient: true }],
    ['GCS resumable retries exhausted', gcsRetryLimit, { reason: 'HTTP 503: Retry limit exceeded - status: 503 - backend unavailable', statusCode: 503, isTransient: true }],
    ['missing local file', missingFile, { reason: "ENOENT: no such file or directory, stat '/tmp/x.ts'", statusCode: null, isTransient: false }],
    ['a plain string', 'boom', { reason: 'boom', statusCode: null, isTransient: false }],
  ];
  for (const [label, error, expected] of cases) {
    it(`classifies ${label}`, () => {
      expect(describeFailure(error, 'put')).to.include(expected);
    });
  }

  it('gives a hint for auth failures, missing buckets, transient failures and local files', () => {
    expect(describeFailure(awsSignature, 'put').hint).to.match(/^Check the credentials/u);
    expect(describeFailure(gcsApiError, 'put').hint).to.equal('Check that the bucket, container or base URL exists.');
    expect(describeFailure(gcsApiError, 'delete').hint).to.equal(undefined);
    expect(describeFailure(reset, 'put').hint).to.equal('This looks transient; retrying may succeed.');
    expect(describeFailure(missingFile, 'put').hint).to.match(/^The local file is missing or unreadable/u);
  });

  it('redacts secrets, raw and URI-encoded, before truncating long reasons', () => {
    const secret = 'abc/def+ghi==';
    const error = new Error(`denied for key ${secret} and ${encodeURIComponent(secret)} ${'x'.repeat(400)}`);
    const { reason } = describeFailure(error, 'put', [secret]);
    expect(reason.startsWith('denied for key *** and *** x')).to.equal(true);
    expect(reason.length).to.equal(300);
    expect(redact('a short one: abc', ['abc'])).to.equal('a short one: abc');
  });
});
