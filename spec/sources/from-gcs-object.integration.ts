import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { expect } from 'chai';
import { isPackagerError } from '../../lib/errors.js';
import { openMediaInput, probeInputOptions } from '../../lib/job/open-media-input.js';
import { probe } from '../../lib/probe/probe.js';
import { gcsObjectInput } from '../../sources/from-gcs-object.js';
import { makeTestVideo } from '../helpers/media.js';
import { requireFfmpeg } from '../helpers/require-tool.js';
import { startFakeGcs, startOrSkip, type FakeGcsServer } from '../helpers/servers/index.js';
import { ffmpegChildren, useScratchDir } from './helpers/scratch.js';

const NAME = 'talks/moov last.mp4';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isPackagerError(error), `expected a PackagerError, got ${String(error)}`).to.equal(true);
  return (error as { code: string }).code;
}

// The fake speaks the GCS JSON API only and cannot check signatures, and offline there are no signing credentials:
// these tests cover the download path (a V4 signed URL needs a service-account key or signBlob).
describe('fromGcsObject against the fake GCS JSON API (real SDK; download path)', function () {
  this.timeout(120_000);
  const scratch = useScratchDir();
  let gcs: FakeGcsServer;
  let storage: Storage;
  let video: string;

  before(async function () {
    requireFfmpeg.call(this);
    gcs = await startOrSkip(this, () => startFakeGcs());
    storage = new Storage({ apiEndpoint: gcs.apiEndpoint, projectId: gcs.projectId });
    video = await makeTestVideo({ width: 640, height: 360, durationSeconds: 4 });
    await storage.bucket('media').upload(video, { destination: NAME });
    await storage.bucket('media').upload(video, { destination: 'other/moov last.mp4' });
    await storage.bucket('media').file('empty.mp4').save(Buffer.alloc(0));
  });
  after(async () => {
    await gcs?.stop();
  });
  afterEach(() => {
    expect(ffmpegChildren(), 'no ffmpeg or ffprobe left running').to.deep.equal([]);
  });

  it('is described as gs://bucket/name; without signing credentials it streams the object to a temporary file, removed on release', async () => {
    const input = gcsObjectInput({ storage, bucket: 'media', name: NAME, tempDir: scratch.dir() });
    expect(input).to.deep.include({ kind: 'cloud', uri: `gs://media/${NAME}`, label: 'moov last' });
    const before = gcs.requests.length;
    const opened = await openMediaInput(input);
    try {
      expect(opened.uri.startsWith(scratch.dir())).to.equal(true);
      expect(opened.uri.endsWith('/moov last.mp4')).to.equal(true);
      expect((await readFile(opened.uri)).equals(await readFile(video))).to.equal(true);
      expect(gcs.requests.slice(before).some((r) => r.method === 'GET' && r.url.includes('alt=media'))).to.equal(true);
      const info = await probe(opened.uri, { inputOptions: probeInputOptions(opened.inputOptions) });
      expect(info.video?.width).to.equal(640);
    } finally {
      await opened.release();
    }
    expect(existsSync(opened.uri)).to.equal(false);
    expect(await scratch.leftovers()).to.deep.equal([]);
  });

  it('with signing credentials a V4 signed URL is made and tried; the fake cannot serve it, so the object is downloaded', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signing = new Storage({
      apiEndpoint: gcs.apiEndpoint,
      projectId: gcs.projectId,
      credentials: { client_email: 'packager@test-project.iam.gserviceaccount.com', private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
    });
    const before = gcs.requests.length;
    const opened = await openMediaInput(gcsObjectInput({ storage: signing, bucket: 'media', name: NAME, tempDir: scratch.dir() }));
    try {
      const tried = gcs.requests.slice(before).find((r) => r.url.includes('X-Goog-Signature='));
      expect(tried, 'the signed URL was checked with a range request').to.not.equal(undefined);
      expect(opened.uri.startsWith(scratch.dir())).to.equal(true);
    } finally {
      await opened.release();
    }
    expect(await scratch.leftovers()).to.deep.equal([]);
  });

  it('saveTo keeps the copy after release', async () => {
    const saveTo = join(scratch.dir(), 'copies', 'talk.mp4');
    const opened = await openMediaInput(gcsObjectInput({ storage, bucket: 'media', name: NAME, saveTo, tempDir: scratch.dir() }));
    expect(opened.uri).to.equal(saveTo);
    await opened.release();
    expect((await stat(saveTo)).size).to.equal((await stat(video)).size);
  });

  it('two inputs in one process, even of objects with the same basename, get two different files', async () => {
    const [a, b] = await Promise.all([
      openMediaInput(gcsObjectInput({ storage, bucket: 'media', name: NAME, tempDir: scratch.dir() })),
      openMediaInput(gcsObjectInput({ storage, bucket: 'media', name: 'other/moov last.mp4', tempDir: scratch.dir() })),
    ]);
    try {
      expect(a.uri).to.not.equal(b.uri);
      expect(existsSync(a.uri) && existsSync(b.uri)).to.equal(true);
    } finally {
      await Promise.all([a.release(), b.release()]);
    }
    expect(await scratch.leftovers()).to.deep.equal([]);
  });

  it('a missing object is INPUT_NOT_FOUND, an empty one INPUT_EMPTY; nothing left behind', async () => {
    expect(await codeOf(openMediaInput(gcsObjectInput({ storage, bucket: 'media', name: 'nope.mp4', tempDir: scratch.dir() })))).to.equal('INPUT_NOT_FOUND');
    expect(await codeOf(openMediaInput(gcsObjectInput({ storage, bucket: 'media', name: 'empty.mp4', tempDir: scratch.dir() })))).to.equal('INPUT_EMPTY');
    expect(await scratch.leftovers()).to.deep.equal([]);
  });

  it('the client built from apiEndpoint/projectId works the same, and cannot be combined with storage', async () => {
    const opened = await openMediaInput(gcsObjectInput({ apiEndpoint: gcs.apiEndpoint, projectId: gcs.projectId, bucket: 'media', name: NAME, readVia: 'download', tempDir: scratch.dir() }));
    try {
      expect(existsSync(opened.uri)).to.equal(true);
    } finally {
      await opened.release();
    }
    expect(() => gcsObjectInput({ storage, apiEndpoint: gcs.apiEndpoint, bucket: 'media', name: NAME, tempDir: scratch.dir() })).to.throw(/apiEndpoint/u);
  });
});
