import {
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  NoSuchKey,
  S3Client,
  type ListMultipartUploadsCommandOutput,
} from '@aws-sdk/client-s3';
import { expect } from 'chai';
import { setTimeout as delay } from 'node:timers/promises';
import { isSinkError } from '../../lib/contracts/sink-error.js';
import type { Sink } from '../../lib/contracts/sink.js';
import { isPackagerError } from '../../lib/errors.js';
import { s3Sink } from '../../sinks/s3-sink.js';
import { faultProxy } from '../helpers/servers/fault-proxy.js';
import { startOrSkip } from '../helpers/servers/server-unavailable-error.js';
import { startSwiftS3, type SwiftS3Server } from '../helpers/servers/start-swift-s3.js';
import { behavesLikeASink } from './sink-contract.js';
import { putRequest, rejectionOf, testFiles, uniquePrefix, type TestFiles } from './sink-fixtures.js';

const BUCKET = 'media';
const MiB = 1024 * 1024;

describe('s3Sink() against Swift with s3api (a real S3 implementation)', function () {
  this.timeout(90_000);
  let swift: SwiftS3Server;
  let client: S3Client;
  let files: TestFiles;
  let sink: Sink;
  let prefix: string;

  before(async function () {
    swift = await startOrSkip(this, () => startSwiftS3({ buckets: [BUCKET] }));
    client = new S3Client(swift.clientConfig);
    files = testFiles();
    prefix = uniquePrefix('s3');
    sink = s3Sink({ client, bucket: BUCKET, prefix, partSizeBytes: 5 * MiB });
  });
  after(async () => {
    await sink?.close?.();
    client?.destroy();
    await swift?.stop();
    files?.cleanup();
  });

  async function read(key: string): Promise<{ body: Buffer; contentType: string | undefined; cacheControl: string | undefined } | null> {
    try {
      const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      return { body: Buffer.from(await got.Body?.transformToByteArray() ?? []), contentType: got.ContentType, cacheControl: got.CacheControl };
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  async function multipartUploads(): Promise<NonNullable<ListMultipartUploadsCommandOutput['Uploads']>> {
    return (await client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: prefix }))).Uploads ?? [];
  }

  behavesLikeASink(
    () => ({ sink, keepsHeaders: true, locationOf: (key) => `s3://${BUCKET}/${prefix}/${key}`, read: (key) => read(`${prefix}/${key}`) }),
    () => files,
    { largeBytes: 12 * MiB + 123 },
  );

  it('uploads a file above one part as a multipart upload: the ETag has the -N suffix and no upload is left open', async () => {
    const file = files.make('mpu.m4s', 13 * MiB);
    await sink.put(putRequest(file, 'mpu/seg.m4s'), AbortSignal.timeout(30_000));
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${prefix}/mpu/seg.m4s` }));
    expect(head.ETag).to.match(/^"[0-9a-f]{32}-3"$/u); // 5 + 5 + 3 MiB
    expect(head.ContentLength).to.equal(13 * MiB);
    expect(await multipartUploads()).to.deep.equal([]);
  });

  it('aborts mid-upload: rejects promptly, then aborts the multipart upload so ListMultipartUploads is empty', async () => {
    const file = files.make('abort.m4s', 48 * MiB);
    const slowSink = s3Sink({ client, bucket: BUCKET, prefix, partSizeBytes: 5 * MiB, queueSize: 1 });
    const controller = new AbortController();
    const pending = slowSink.put(putRequest(file, 'abort/seg.m4s'), controller.signal);
    pending.catch(() => undefined);
    // Abort only once the server has an open multipart upload for this key.
    const deadline = Date.now() + 10_000;
    while ((await multipartUploads()).length === 0) {
      if (Date.now() > deadline) throw new Error('the multipart upload never started');
      await delay(10);
    }
    const abortedAt = Date.now();
    controller.abort();
    const { error, afterMs } = await rejectionOf(pending, () => abortedAt);
    expect(isPackagerError(error) && error.code).to.equal('ABORTED');
    expect(afterMs).to.be.below(500);
    // The AbortMultipartUpload runs in the background; close() waits for it.
    await slowSink.close?.();
    expect(await multipartUploads()).to.deep.equal([]);
    expect(await read(`${prefix}/abort/seg.m4s`)).to.equal(null);
  });

  it('aborts the multipart upload when a part fails, and reports a transient SinkError', async () => {
    // Part 2 always gets a 500; the client gives up after 2 attempts.
    const proxy = await faultProxy({
      target: swift.endpoint,
      failRate: 1,
      modes: ['500'],
      shouldFault: (method, url) => method === 'PUT' && /[?&]partNumber=2(&|$)/u.test(url),
    });
    const flaky = new S3Client({ ...swift.clientConfig, endpoint: proxy.url, maxAttempts: 2 });
    try {
      const failing = s3Sink({ client: flaky, bucket: BUCKET, prefix, partSizeBytes: 5 * MiB });
      const file = files.make('fail.m4s', 16 * MiB);
      const error = await failing.put(putRequest(file, 'fail/seg.m4s'), AbortSignal.timeout(30_000)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isSinkError(error), String(error)).to.equal(true);
      if (!isSinkError(error)) return;
      expect(error.isTransient).to.equal(true);
      expect(error.statusCode).to.equal(500);
      expect(error.message).to.match(new RegExp(`^s3://${BUCKET}/${prefix}/ could not store "fail/seg.m4s": HTTP 500`, 'u'));
      expect(proxy.stats['500']).to.equal(2);
      expect(await multipartUploads()).to.deep.equal([]);
    } finally {
      flaky.destroy();
      await proxy.stop();
    }
  });

  it('rejects a wrong secret with a non-transient SinkError that names the sink and key but not the secret', async () => {
    const secret = 'not-the-secret-9f8e7d';
    const wrong = new S3Client({ ...swift.clientConfig, credentials: { accessKeyId: swift.credentials.accessKeyId, secretAccessKey: secret } });
    try {
      const denied = s3Sink({ client: wrong, bucket: BUCKET, prefix });
      const error = await denied.put(putRequest(files.make('denied.ts', 1024), '720p/seg_1.ts'), AbortSignal.timeout(10_000)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isSinkError(error), String(error)).to.equal(true);
      if (!isSinkError(error)) return;
      expect(error.isTransient).to.equal(false);
      expect(error.statusCode).to.equal(403);
      expect(error.message).to.match(new RegExp(`^s3://${BUCKET}/${prefix}/ could not store "720p/seg_1.ts": HTTP 403 SignatureDoesNotMatch: `, 'u'));
      expect(error.message).to.match(/Check the credentials given to the sink/u);
      expect(error.message).to.not.include(secret);
    } finally {
      wrong.destroy();
    }
  });

  it('builds its own client from the default credential chain, with an endpoint for S3-compatible stores', async () => {
    const saved = { id: process.env['AWS_ACCESS_KEY_ID'], secret: process.env['AWS_SECRET_ACCESS_KEY'] };
    process.env['AWS_ACCESS_KEY_ID'] = swift.credentials.accessKeyId;
    process.env['AWS_SECRET_ACCESS_KEY'] = swift.credentials.secretAccessKey;
    const own = s3Sink({ bucket: BUCKET, prefix: `${prefix}/own`, endpoint: swift.endpoint, forcePathStyle: true, partSizeBytes: 5 * MiB });
    try {
      const file = files.make('own.m4s', 6 * MiB);
      const result = await own.put(putRequest(file, 'seg.m4s'), AbortSignal.timeout(30_000));
      expect(result.location).to.equal(`s3://${BUCKET}/${prefix}/own/seg.m4s`);
      expect((await read(`${prefix}/own/seg.m4s`))?.body.length).to.equal(6 * MiB);
      expect(own.name).to.equal(`s3://${BUCKET}/${prefix}/own/`);
    } finally {
      await own.close?.();
      restoreEnv('AWS_ACCESS_KEY_ID', saved.id);
      restoreEnv('AWS_SECRET_ACCESS_KEY', saved.secret);
    }
  });

  it('refuses client options next to a client', () => {
    expect(() => s3Sink({ client, bucket: BUCKET, endpoint: 'http://x' })).to.throw(/`endpoint` option to be unset when `client` is given/u);
    expect(() => s3Sink({ client, bucket: BUCKET, partSizeBytes: 1024 })).to.throw(/`partSizeBytes` option/u);
  });
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
