import { IdempotencyStrategy, Storage } from '@google-cloud/storage';
import { expect } from 'chai';
import { setTimeout as delay } from 'node:timers/promises';
import { isSinkError } from '../../lib/contracts/sink-error.js';
import type { Sink } from '../../lib/contracts/sink.js';
import { isPackagerError } from '../../lib/errors.js';
import { gcsSink } from '../../sinks/gcs-sink.js';
import { crc32cBase64 } from '../helpers/servers/crc32c.js';
import { faultProxy } from '../helpers/servers/fault-proxy.js';
import { startFakeGcs, type FakeGcsServer } from '../helpers/servers/start-fake-gcs.js';
import { behavesLikeASink } from './sink-contract.js';
import { putRequest, rejectionOf, sha256, testFiles, uniquePrefix, type TestFiles } from './sink-fixtures.js';

const BUCKET = 'media';
const MiB = 1024 * 1024;

// No GCS emulator exists offline: the real @google-cloud/storage SDK runs against the fake JSON API server
// in spec/helpers/servers/start-fake-gcs.ts (see the note at its top for what it does and does not model).
describe('gcsSink() with the real @google-cloud/storage SDK against the fake GCS JSON API', function () {
  this.timeout(60_000);
  let gcs: FakeGcsServer;
  let storage: Storage;
  let files: TestFiles;
  let sink: Sink;
  let prefix: string;

  before(async () => {
    gcs = await startFakeGcs();
    storage = new Storage({ apiEndpoint: gcs.apiEndpoint, projectId: gcs.projectId });
    files = testFiles();
    prefix = uniquePrefix('gcs');
    sink = gcsSink({ storage, bucket: BUCKET, prefix, resumableThresholdBytes: 1 * MiB, chunkSizeBytes: 2 * MiB });
  });
  after(async () => {
    await gcs?.stop();
    files?.cleanup();
  });

  async function read(name: string): Promise<{ body: Buffer; contentType: string | undefined; cacheControl: string | undefined } | null> {
    // Read back through the SDK too: its download path checks the x-goog-hash the server sends.
    const file = storage.bucket(BUCKET).file(name);
    const [exists] = await file.exists();
    if (!exists) return null;
    const [[body], [metadata]] = await Promise.all([file.download({ validation: 'crc32c' }), file.getMetadata()]);
    return { body, contentType: metadata.contentType, cacheControl: metadata.cacheControl };
  }

  behavesLikeASink(
    () => ({ sink, keepsHeaders: true, locationOf: (key) => `gs://${BUCKET}/${prefix}/${key}`, read: (key) => read(`${prefix}/${key}`) }),
    () => files,
    { largeBytes: 12 * MiB + 9 },
  );

  it('sends small files as one multipart upload and stores the CRC32C and MD5 GCS would report', async () => {
    const file = files.make('small.ts', 300 * 1024);
    const before = gcs.requests.length;
    await sink.put(putRequest(file, 'small/seg.ts', { contentType: 'video/mp2t' }), AbortSignal.timeout(10_000));
    const sent = gcs.requests.slice(before);
    expect(sent.map((r) => `${r.method} ${r.uploadType ?? ''} ${r.status}`)).to.deep.equal(['POST multipart 200']);
    const stored = gcs.object(BUCKET, `${prefix}/small/seg.ts`);
    expect(stored?.crc32c).to.equal(crc32cBase64(stored?.data ?? Buffer.alloc(0)));
    expect(stored?.contentType).to.equal('video/mp2t');
    expect(stored?.cacheControl).to.equal('public, max-age=31536000, immutable');
  });

  it('sends large files as a resumable session in chunks (308 with Range until the last one), validated by CRC32C', async () => {
    const file = files.make('resumable.m4s', 5 * MiB + 3);
    const before = gcs.requests.length;
    await sink.put(putRequest(file, 'big/seg.m4s'), AbortSignal.timeout(30_000));
    const sent = gcs.requests.slice(before).map((r) => `${r.method} ${r.status} ${r.contentRange ?? r.uploadType ?? ''}`);
    expect(sent).to.deep.equal([
      'POST 200 resumable',
      `PUT 308 bytes 0-${2 * MiB - 1}/*`,
      `PUT 308 bytes ${2 * MiB}-${4 * MiB - 1}/*`,
      `PUT 200 bytes ${4 * MiB}-${5 * MiB + 2}/${5 * MiB + 3}`,
    ]);
    expect(sha256(gcs.object(BUCKET, `${prefix}/big/seg.m4s`)?.data ?? Buffer.alloc(0))).to.equal(file.sha256);
    expect(gcs.openSessions()).to.equal(0);
  });

  it('rejects with a SinkError when the CRC32C the service reports does not match the local bytes', async () => {
    const file = files.make('corrupt.ts', 2048);
    gcs.corruptChecksums(true);
    try {
      const error = await sink.put(putRequest(file, 'corrupt/seg.ts'), AbortSignal.timeout(10_000)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isSinkError(error), String(error)).to.equal(true);
      if (!isSinkError(error)) return;
      expect(error.isTransient).to.equal(true);
      expect(error.message).to.match(new RegExp(`^gs://${BUCKET}/${prefix}/ could not store "corrupt/seg.ts": FILE_NO_UPLOAD: The uploaded data did not match`, 'u'));
    } finally {
      gcs.corruptChecksums(false);
    }
    // As a precaution the SDK deleted the object it could not verify.
    expect(gcs.object(BUCKET, `${prefix}/corrupt/seg.ts`)).to.equal(undefined);
  });

  it('aborts a resumable upload mid-way: rejects promptly and stops sending', async () => {
    const chunked = gcsSink({ storage, bucket: BUCKET, prefix, resumableThresholdBytes: 0, chunkSizeBytes: 256 * 1024 });
    const file = files.make('abort.m4s', 40 * MiB);
    const controller = new AbortController();
    const before = gcs.requests.length;
    const pending = chunked.put(putRequest(file, 'abort/seg.m4s'), controller.signal);
    pending.catch(() => undefined);
    const deadline = Date.now() + 10_000;
    while (gcs.requests.slice(before).filter((r) => r.method === 'PUT').length < 2) {
      if (Date.now() > deadline) throw new Error('the resumable upload never started sending chunks');
      await delay(2);
    }
    const abortedAt = Date.now();
    controller.abort();
    const { error, afterMs } = await rejectionOf(pending, () => abortedAt);
    expect(isPackagerError(error) && error.code).to.equal('ABORTED');
    expect(afterMs).to.be.below(500);
    await delay(300);
    const countAfterAbort = gcs.requests.length;
    await delay(500);
    expect(gcs.requests.length, 'requests after the abort settled').to.equal(countAfterAbort);
    expect(gcs.object(BUCKET, `${prefix}/abort/seg.m4s`)).to.equal(undefined);
  });

  it('survives 500s on resumable chunks: the SDK asks the session how far it got and resumes', async () => {
    // The second chunk PUT gets a 500 once; the SDK then queries the session (PUT bytes */*) and resumes.
    let chunkPuts = 0;
    const proxy = await faultProxy({
      target: gcs.apiEndpoint,
      failRate: 1,
      modes: ['500'],
      shouldFault: (method, url) => method === 'PUT' && url.includes('upload_id=') && ++chunkPuts === 2,
    });
    try {
      // Without preconditions the SDK retries uploads only when told to (RetryAlways); the sink itself never retries.
      const retrying = new Storage({
        apiEndpoint: proxy.url,
        projectId: gcs.projectId,
        retryOptions: { idempotencyStrategy: IdempotencyStrategy.RetryAlways, retryDelayMultiplier: 1 },
      });
      const viaProxy = gcsSink({ storage: retrying, bucket: BUCKET, prefix, resumableThresholdBytes: 0, chunkSizeBytes: 256 * 1024 });
      const file = files.make('flaky.m4s', 3 * MiB + 11);
      await viaProxy.put(putRequest(file, 'flaky/seg.m4s'), AbortSignal.timeout(50_000));
      expect(proxy.stats['500']).to.equal(1);
      expect(gcs.requests.some((r) => r.contentRange === 'bytes */*' && r.status === 308), 'a session status query').to.equal(true);
      expect(sha256(gcs.object(BUCKET, `${prefix}/flaky/seg.m4s`)?.data ?? Buffer.alloc(0))).to.equal(file.sha256);
    } finally {
      await proxy.stop();
    }
  });

  it('builds its own client from apiEndpoint and projectId', async () => {
    const own = gcsSink({ bucket: BUCKET, prefix: `${prefix}/own`, apiEndpoint: gcs.apiEndpoint, projectId: gcs.projectId });
    expect(own.name).to.equal(`gs://${BUCKET}/${prefix}/own/`);
    const file = files.make('own.ts', 4096);
    await own.put(putRequest(file, 'seg.ts'), AbortSignal.timeout(10_000));
    expect(gcs.object(BUCKET, `${prefix}/own/seg.ts`)?.data.length).to.equal(4096);
  });
});
