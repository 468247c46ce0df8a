import { BlobServiceClient, StorageSharedKeyCredential, type ContainerClient } from '@azure/storage-blob';
import { expect } from 'chai';
import { isSinkError } from '../../lib/contracts/sink-error.js';
import type { Sink } from '../../lib/contracts/sink.js';
import { isPackagerError } from '../../lib/errors.js';
import { azureBlobSink } from '../../sinks/azure-blob-sink.js';
import { faultProxy, type FaultProxy } from '../helpers/servers/fault-proxy.js';
import { startOrSkip } from '../helpers/servers/server-unavailable-error.js';
import { startAzurite, type AzuriteServer } from '../helpers/servers/start-azurite.js';
import { behavesLikeASink } from './sink-contract.js';
import { putRequest, rejectionOf, testFiles, uniquePrefix, type TestFiles } from './sink-fixtures.js';

const CONTAINER = 'media';
const MiB = 1024 * 1024;

describe('azureBlobSink() against Azurite', function () {
  this.timeout(60_000);
  let azurite: AzuriteServer;
  let container: ContainerClient;
  let files: TestFiles;
  let sink: Sink;
  let prefix: string;

  before(async function () {
    azurite = await startOrSkip(this, () => startAzurite({ containers: [CONTAINER] }));
    container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(CONTAINER);
    files = testFiles();
    prefix = uniquePrefix('az');
    sink = azureBlobSink({ containerClient: container, prefix, blockSizeBytes: 4 * MiB });
  });
  after(async () => {
    await azurite?.stop();
    files?.cleanup();
  });

  async function read(name: string): Promise<{ body: Buffer; contentType: string | undefined; cacheControl: string | undefined } | null> {
    const blob = container.getBlockBlobClient(name);
    if (!(await blob.exists())) return null;
    const properties = await blob.getProperties();
    return { body: await blob.downloadToBuffer(), contentType: properties.contentType, cacheControl: properties.cacheControl };
  }

  behavesLikeASink(
    () => ({
      sink,
      keepsHeaders: true,
      locationOf: (key) => `${azurite.url}/${CONTAINER}/${prefix}/${key.split('/').map(encodeURIComponent).join('/')}`,
      read: (key) => read(`${prefix}/${key}`),
    }),
    () => files,
    { largeBytes: 12 * MiB + 5 },
  );

  it('uploads a file above one block as staged blocks, committed in order', async () => {
    const file = files.make('blocks.m4s', 10 * MiB + 1);
    await sink.put(putRequest(file, 'blocks/seg.m4s'), AbortSignal.timeout(30_000));
    const list = await container.getBlockBlobClient(`${prefix}/blocks/seg.m4s`).getBlockList('committed');
    expect(list.committedBlocks?.map((b) => b.size)).to.deep.equal([4 * MiB, 4 * MiB, 2 * MiB + 1]);
  });

  it('works from a connection string and from an account URL + credential, with the same name', async () => {
    const fromString = azureBlobSink({ connectionString: azurite.connectionString, container: CONTAINER, prefix });
    expect(fromString.name).to.equal(`${azurite.url}/${CONTAINER}/${prefix}/`);
    expect(sink.name).to.equal(fromString.name);
    const fromUrl = azureBlobSink({ url: azurite.url, credential: new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey), container: CONTAINER, prefix });
    expect(fromUrl.name).to.equal(fromString.name);
    const file = files.make('cs.ts', 1000);
    await fromString.put(putRequest(file, 'cs/seg.ts'), AbortSignal.timeout(10_000));
    await fromUrl.put(putRequest(file, 'url/seg.ts'), AbortSignal.timeout(10_000));
    expect((await read(`${prefix}/cs/seg.ts`))?.body.length).to.equal(1000);
    expect((await read(`${prefix}/url/seg.ts`))?.body.length).to.equal(1000);
  });

  it('rejects a wrong account key with a non-transient SinkError that names the sink and key but not the key', async () => {
    const wrongKey = Buffer.from('definitely not the account key, 64 bytes long.............').toString('base64');
    const connectionString = azurite.connectionString.replace(azurite.accountKey, wrongKey);
    const denied = azureBlobSink({ connectionString, container: CONTAINER, prefix });
    const error = await denied.put(putRequest(files.make('denied.ts', 1024), '720p/seg_1.ts'), AbortSignal.timeout(10_000)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isSinkError(error), String(error)).to.equal(true);
    if (!isSinkError(error)) return;
    expect(error.isTransient).to.equal(false);
    expect(error.statusCode).to.equal(403);
    expect(error.message).to.match(new RegExp(`^${azurite.url}/${CONTAINER}/${prefix}/ could not store "720p/seg_1\\.ts": HTTP 403 (AuthorizationFailure|AuthenticationFailed): Server failed to authenticate`, 'u'));
    expect(error.message).to.match(/Check the credentials given to the sink/u);
    expect(error.message).to.not.include(wrongKey);
    expect(error.message).to.not.include(azurite.accountKey);
  });

  describe('abort', () => {
    let stall: FaultProxy;
    before(async () => {
      // Block uploads through this proxy wait 10 s: the upload is surely in flight when we abort.
      stall = await faultProxy({ target: `http://127.0.0.1:${new URL(azurite.url).port}`, failRate: 1, modes: ['slow'], slowMs: 10_000 });
    });
    after(async () => stall?.stop());

    it('rejects promptly with an AbortedError mid-upload, and commits nothing', async () => {
      const url = azurite.connectionString.replace(new URL(azurite.url).origin, stall.url);
      const slow = azureBlobSink({ connectionString: url, container: CONTAINER, prefix, blockSizeBytes: 1 * MiB });
      const file = files.make('abort.m4s', 6 * MiB);
      const controller = new AbortController();
      let abortedAt = 0;
      const pending = slow.put(putRequest(file, 'abort/seg.m4s'), controller.signal);
      setTimeout(() => {
        abortedAt = Date.now();
        controller.abort();
      }, 300);
      const { error, afterMs } = await rejectionOf(pending, () => abortedAt);
      expect(isPackagerError(error) && error.code).to.equal('ABORTED');
      expect(afterMs).to.be.below(1000);
      expect(stall.stats.slow).to.be.at.least(1);
      expect(await read(`${prefix}/abort/seg.m4s`)).to.equal(null);
    });
  });
});
