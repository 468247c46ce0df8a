import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { BlobServiceClient, StorageSharedKeyCredential, type ContainerClient } from '@azure/storage-blob';
import { expect } from 'chai';
import { isPackagerError } from '../../lib/errors.js';
import { runFfmpeg } from '../../lib/ffmpeg/run-ffmpeg.js';
import { openMediaInput, probeInputOptions } from '../../lib/job/open-media-input.js';
import { probe } from '../../lib/probe/probe.js';
import { redactUrl } from '../../lib/probe/redact-url.js';
import { lastValueFrom, toArray } from 'rxjs';
import { azureBlobInput } from '../../sources/from-azure-blob.js';
import { makeTestVideo } from '../helpers/media.js';
import { requireFfmpeg } from '../helpers/require-tool.js';
import { startOrSkip } from '../helpers/servers/index.js';
import { startAzurite, type AzuriteServer } from '../helpers/servers/start-azurite.js';
import { startRecordingProxy, type RecordingProxy } from './helpers/recording-proxy.js';
import { ffmpegChildren, ffprobeReadStats, useScratchDir } from './helpers/scratch.js';

const CONTAINER = 'media';
const BLOB = 'talks/moov last.mp4';

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; all: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isPackagerError(error), `expected a PackagerError, got ${String(error)}`).to.equal(true);
  return { code: (error as { code: string }).code, message: (error as Error).message, all: inspect(error, { depth: 8 }) };
}

describe('fromAzureBlob against Azurite', function () {
  this.timeout(120_000);
  const scratch = useScratchDir();
  let azurite: AzuriteServer;
  let proxy: RecordingProxy;
  let connectionString: string;
  let container: ContainerClient;
  let video: string;
  let sizeBytes: number;

  before(async function () {
    requireFfmpeg.call(this);
    azurite = await startOrSkip(this, () => startAzurite({ containers: [CONTAINER] }));
    proxy = await startRecordingProxy(new URL(azurite.url).origin);
    // The same account, reached through the recording proxy.
    connectionString = azurite.connectionString.replace(/BlobEndpoint=[^;]+/u, `BlobEndpoint=${proxy.url}/${azurite.accountName}`);
    container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(CONTAINER);
    video = await makeTestVideo({ width: 640, height: 360, durationSeconds: 10, videoBitrateBps: 1_500_000 });
    sizeBytes = (await stat(video)).size;
    await container.getBlockBlobClient(BLOB).uploadFile(video);
    await container.getBlockBlobClient('empty.mp4').upload('', 0);
  });
  after(async () => {
    await proxy?.close();
    await azurite?.stop();
  });
  beforeEach(() => proxy.clear());
  afterEach(() => {
    expect(ffmpegChildren(), 'no ffmpeg or ffprobe left running').to.deep.equal([]);
  });

  it('is described by the blob URL without a query, and nothing is read before a job opens it', () => {
    const input = azureBlobInput({ connectionString, container: CONTAINER, blob: BLOB, tempDir: scratch.dir() });
    expect(input).to.deep.include({ kind: 'cloud', uri: `${proxy.url}/${azurite.accountName}/${CONTAINER}/talks/moov%20last.mp4`, label: 'moov last' });
    expect(proxy.requests).to.deep.equal([]);
  });

  it('with a shared key, ffmpeg reads the blob in place through a read-only SAS URL with range requests', async () => {
    const opened = await openMediaInput(azureBlobInput({ connectionString, container: CONTAINER, blob: BLOB, tempDir: scratch.dir() }));
    try {
      const sas = new URL(opened.uri).searchParams;
      expect(sas.get('sp')).to.equal('r');
      expect(sas.has('sig') && sas.has('se')).to.equal(true);
      expect(redactUrl(opened.uri)).to.include('sig=***').and.not.include(sas.get('sig') ?? '<none>');
      expect(await scratch.leftovers()).to.deep.equal([]);
      proxy.clear();
      const info = await probe(opened.uri, { inputOptions: probeInputOptions(opened.inputOptions) });
      expect(info.durationSeconds).to.be.closeTo(10, 0.2);
      const gets = proxy.requests.filter((r) => r.method === 'GET');
      const shown = JSON.stringify(gets.map((r) => `${r.range ?? 'whole'} → ${r.status}`));
      expect(gets.every((r) => r.status === 206), shown).to.equal(true);
      expect(Number(/^bytes=(\d+)-/u.exec(gets[1]?.range ?? '')?.[1] ?? 0), shown).to.be.greaterThan(sizeBytes * 0.9);
      const stats = await ffprobeReadStats(opened.uri, probeInputOptions(opened.inputOptions));
      expect(stats.seeks).to.be.greaterThan(0);
      expect(stats.bytesRead, `${stats.bytesRead} of ${sizeBytes} bytes`).to.be.lessThan(sizeBytes / 2);
      // And ffmpeg decodes from it, with the SAS redacted in what the runner shows.
      const events = await lastValueFrom(runFfmpeg([...opened.inputOptions, '-i', opened.uri, '-t', '1', '-f', 'null', '-'], { ffmpegPath: 'ffmpeg' }).pipe(toArray()));
      expect(JSON.stringify(events)).to.not.include(sas.get('sig') ?? '<none>');
    } finally {
      await opened.release();
    }
  });

  it('url + StorageSharedKeyCredential signs too; two inputs get two different URLs', async () => {
    const credential = new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey);
    const url = `${proxy.url}/${azurite.accountName}`;
    const [a, b] = await Promise.all([
      openMediaInput(azureBlobInput({ url, credential, container: CONTAINER, blob: BLOB, tempDir: scratch.dir() })),
      openMediaInput(azureBlobInput({ url, credential, container: CONTAINER, blob: BLOB, expiresInSeconds: 60, tempDir: scratch.dir() })),
    ]);
    expect(a.uri).to.include('sig=');
    expect(a.uri).to.not.equal(b.uri);
  });

  it('readVia: download copies the exact bytes to a temporary file removed on release; saveTo keeps its copy', async () => {
    const opened = await openMediaInput(azureBlobInput({ connectionString, container: CONTAINER, blob: BLOB, readVia: 'download', tempDir: scratch.dir() }));
    try {
      expect(opened.uri.startsWith(scratch.dir())).to.equal(true);
      expect((await readFile(opened.uri)).equals(await readFile(video))).to.equal(true);
    } finally {
      await opened.release();
    }
    expect(existsSync(opened.uri)).to.equal(false);
    expect(await scratch.leftovers()).to.deep.equal([]);

    const saveTo = join(scratch.dir(), 'kept.mp4');
    const kept = await openMediaInput(azureBlobInput({ connectionString, container: CONTAINER, blob: BLOB, saveTo, tempDir: scratch.dir() }));
    expect(kept.uri).to.equal(saveTo);
    await kept.release();
    expect((await stat(saveTo)).size).to.equal(sizeBytes);
  });

  it('a missing blob or container is INPUT_NOT_FOUND, an empty blob INPUT_EMPTY', async () => {
    const blob = await failure(openMediaInput(azureBlobInput({ connectionString, container: CONTAINER, blob: 'nope.mp4', tempDir: scratch.dir() })));
    expect(blob.code).to.equal('INPUT_NOT_FOUND');
    expect(blob.message).to.include('nope.mp4');
    const missingContainer = await failure(openMediaInput(azureBlobInput({ connectionString, container: 'no-such-container', blob: BLOB, tempDir: scratch.dir() })));
    expect(missingContainer.code).to.equal('INPUT_NOT_FOUND');
    expect((await failure(openMediaInput(azureBlobInput({ connectionString, container: CONTAINER, blob: 'empty.mp4', tempDir: scratch.dir() })))).code).to.equal('INPUT_EMPTY');
    expect(await scratch.leftovers()).to.deep.equal([]);
  });

  it('a wrong account key is INPUT_FORBIDDEN and the key appears nowhere in the error', async () => {
    const wrongKey = Buffer.from('this is not the account key at all, no').toString('base64');
    const wrong = connectionString.replace(/AccountKey=[^;]+/u, `AccountKey=${wrongKey}`);
    for (const readVia of ['signed-url', 'download'] as const) {
      const error = await failure(openMediaInput(azureBlobInput({ connectionString: wrong, container: CONTAINER, blob: BLOB, readVia, tempDir: scratch.dir() })));
      expect(error.code).to.equal('INPUT_FORBIDDEN');
      expect(error.message).to.include('403');
      expect(error.all).to.not.include(wrongKey);
    }
    expect(await scratch.leftovers()).to.deep.equal([]);
  });
});
