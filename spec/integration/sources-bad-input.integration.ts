/**
 * Bad sources through a whole packaging job (`packageHls`), as a user meets them: an unreachable URL, a 404, a 403,
 * a bucket refusing wrong credentials (Swift s3api), a missing object, an object that is not media, a capture device
 * that does not exist, a capture kind the platform lacks. Each must fail with a typed error that names the input and
 * the cause, before ffmpeg starts encoding (no `start` event), with no ffmpeg or ffprobe left running, no temporary
 * download left in the source's temporary directory and no manifest written.
 * (`spec/sources/*` checks the same sources one level down, at `openMediaInput`; this checks the job around them.)
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { lastValueFrom, tap, toArray, type Observable } from 'rxjs';
import type { MediaInput } from '../../lib/contracts/media-input.js';
import { Formats, fromCapture, fromUrl, isPackagerError, packageHls, type PackagingEvent } from '../../lib/index.js';
import { fromS3Object } from '../../sources/from-s3-object.js';
import { makeTestVideo } from '../helpers/media.js';
import { requireFfmpeg } from '../helpers/require-tool.js';
import { freePort } from '../helpers/servers/free-port.js';
import { startOrSkip, startSwiftS3, type SwiftS3Server } from '../helpers/servers/index.js';
import { startMediaHttpServer, type MediaHttpServer } from '../sources/helpers/media-http-server.js';
import { ffmpegChildren } from '../sources/helpers/scratch.js';

interface Failure {
  readonly code: string;
  readonly message: string;
  /** The error with its causes, as `inspect` shows it: for "no secret anywhere". */
  readonly all: string;
  readonly events: readonly PackagingEvent[];
}

describe('bad sources through a packaging job: typed errors with the cause, nothing left behind', function () {
  this.timeout(120_000);
  let root: string;
  let out: string;
  let temp: string;
  let http: MediaHttpServer;
  let swift: SwiftS3Server | undefined;

  /** Runs an HLS job on `source$`; the error it failed with (it must fail) and the events before it. */
  async function failingJob(source$: Observable<MediaInput>): Promise<Failure> {
    const events: PackagingEvent[] = [];
    const job$ = source$.pipe(packageHls({ output: join(out, 'master.m3u8'), format: Formats.h264({ videoOptions: { preset: 'ultrafast' } }), segmentDurationSeconds: 2 }));
    const error = await lastValueFrom(job$.pipe(tap((e) => events.push(e)), toArray())).then(
      (list) => expect.fail(`the job succeeded: ${list.map((e) => e.type).join(', ')}`),
      (e: unknown) => e,
    );
    expect(isPackagerError(error), `a PackagerError, got ${inspect(error)}`).to.equal(true);
    return { code: (error as { code: string }).code, message: (error as Error).message, all: inspect(error, { depth: 8 }), events };
  }

  before(requireFfmpeg);
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'bad-src-root-'));
    await writeFile(join(root, 'notes.mp4'), 'not a video\n'.repeat(50));
    http = await startMediaHttpServer(root);
  });
  after(async () => {
    await http?.close();
    await swift?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'bad-src-out-'));
    temp = await mkdtemp(join(tmpdir(), 'bad-src-tmp-'));
  });
  afterEach(async () => {
    expect(ffmpegChildren(), 'no ffmpeg or ffprobe left running').to.deep.equal([]);
    expect(await readdir(temp), 'no temporary download left').to.deep.equal([]);
    expect(await readdir(out), 'nothing written to the output directory').to.deep.equal([]);
    await Promise.all([rm(out, { recursive: true, force: true }), rm(temp, { recursive: true, force: true })]);
  });

  describe('URLs', () => {
    it('an unreachable URL (a closed port): INPUT_UNREADABLE saying the connection was refused, at once', async () => {
      const url = `http://127.0.0.1:${await freePort()}/talk.mp4`;
      const startedAt = performance.now();
      const failure = await failingJob(fromUrl(url));
      expect(failure.code).to.equal('INPUT_UNREADABLE');
      expect(failure.message).to.include(url).and.match(/Connection refused/iu);
      expect(performance.now() - startedAt).to.be.below(15_000);
      expect(failure.events).to.deep.equal([]);
    });

    it('a 404: INPUT_NOT_FOUND naming the URL', async () => {
      const failure = await failingJob(fromUrl(`${http.url}/talks/nope.mp4`));
      expect(failure.code).to.equal('INPUT_NOT_FOUND');
      expect(failure.message).to.include('/talks/nope.mp4');
    });

    it('a 403: INPUT_FORBIDDEN naming the status', async () => {
      const failure = await failingJob(fromUrl(`${http.url}/forbidden/talk.mp4`));
      expect(failure.code).to.equal('INPUT_FORBIDDEN');
      expect(failure.message).to.match(/403|Forbidden/u);
    });

    it('a URL that answers with text, not media: INPUT_UNREADABLE', async () => {
      const failure = await failingJob(fromUrl(`${http.url}/notes.mp4`));
      expect(failure.code).to.equal('INPUT_UNREADABLE');
    });
  });

  describe('an S3 bucket (Swift s3api)', () => {
    let client: S3Client;
    before(async function () {
      this.timeout(120_000);
      swift = await startOrSkip(this, () => startSwiftS3({ buckets: ['media'] }));
      client = new S3Client(swift.clientConfig);
      const video = await makeTestVideo({ durationSeconds: 2 });
      await client.send(new PutObjectCommand({ Bucket: 'media', Key: 'talk.mp4', Body: await readFile(video) }));
      await client.send(new PutObjectCommand({ Bucket: 'media', Key: 'notes.mp4', Body: 'not a video\n'.repeat(50) }));
    });
    after(() => client?.destroy());

    for (const readVia of ['signed-url', 'download'] as const) {
      it(`wrong credentials (${readVia}): INPUT_FORBIDDEN with the store's 403, the secret nowhere`, async () => {
        const secret = 'definitely-not-the-secret-77';
        const wrong = new S3Client({ ...swift?.clientConfig, credentials: { accessKeyId: swift?.credentials.accessKeyId ?? '', secretAccessKey: secret } });
        try {
          const failure = await failingJob(fromS3Object({ client: wrong, bucket: 'media', key: 'talk.mp4', readVia, tempDir: temp }));
          expect(failure.code).to.equal('INPUT_FORBIDDEN');
          expect(failure.message).to.include('s3://media/talk.mp4').and.include('403').and.include('s3:GetObject');
          expect(failure.all).to.not.include(secret);
          expect(failure.events).to.deep.equal([]);
        } finally {
          wrong.destroy();
        }
      });
    }

    it('a missing object, and a missing bucket: INPUT_NOT_FOUND naming it', async () => {
      const key = await failingJob(fromS3Object({ client, bucket: 'media', key: 'talks/nope.mp4', tempDir: temp }));
      expect(key.code).to.equal('INPUT_NOT_FOUND');
      expect(key.message).to.include('s3://media/talks/nope.mp4').and.include('does not exist');
      const bucket = await failingJob(fromS3Object({ client, bucket: 'no-such-bucket', key: 'talk.mp4', tempDir: temp }));
      expect(bucket.code).to.equal('INPUT_NOT_FOUND');
    });

    it('an object that is not media, downloaded first: INPUT_UNREADABLE, and the download is removed', async () => {
      const failure = await failingJob(fromS3Object({ client, bucket: 'media', key: 'notes.mp4', readVia: 'download', tempDir: temp }));
      expect(failure.code).to.equal('INPUT_UNREADABLE');
      // afterEach: the temporary directory is empty again.
    });
  });

  describe('capture devices', () => {
    it('a camera that does not exist: INPUT_NOT_FOUND naming the device and how to list devices', async function () {
      if (process.platform !== 'linux') this.skip();
      const failure = await failingJob(fromCapture('/dev/video97', { kind: 'camera' }));
      expect(failure.code).to.equal('INPUT_NOT_FOUND');
      expect(failure.message).to.include('/dev/video97').and.include('ffstream devices');
      expect(failure.events).to.deep.equal([]);
    });

    it('a screen (X display) with no X server: INPUT_NOT_FOUND with ffprobe\'s words', async function () {
      if (process.platform !== 'linux') this.skip();
      const failure = await failingJob(fromCapture(':87', { kind: 'screen', size: '320x240', frameRate: 10 }));
      expect(failure.code).to.equal('INPUT_NOT_FOUND');
      expect(failure.message).to.include(':87').and.match(/Cannot open display|Can't open display|could not connect/iu);
    });

    it('a capture kind the platform lacks: UNSUPPORTED at once, naming the platform and what it can capture', () => {
      expect(() => fromCapture('desktop', { kind: 'screen', platform: 'freebsd' })).to.throw(/freebsd/u).with.property('code', 'UNSUPPORTED');
      expect(() => fromCapture('0', { kind: 'camera', platform: 'aix' })).to.throw().with.property('code', 'UNSUPPORTED');
    });
  });
});
