import { AnonymousCredential, ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { expect } from 'chai';
import { resolveAzureContainer, type AzureContainerOptions } from '../../../lib/cloud/azure-container.js';

// Building clients sends no request, so no store is needed.
const ACCOUNT_KEY = Buffer.from('not a real key, only a test one').toString('base64');
const SAS = 'sv=2024-01-01&sp=rw&sig=c2VjcmV0%2Bc2lnbmF0dXJl';

describe('resolveAzureContainer()', () => {
  it('builds the container client from a connection string and redacts its account key', () => {
    const connectionString = `DefaultEndpointsProtocol=http;AccountName=acct;AccountKey=${ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:10000/acct;`;
    const { containerClient, secrets } = resolveAzureContainer({ connectionString, container: 'media' });
    expect(containerClient.url).to.equal('http://127.0.0.1:10000/acct/media');
    expect(secrets).to.deep.equal([ACCOUNT_KEY]);
  });

  it('builds it from a URL and credential, and redacts a SAS in the URL', () => {
    const withSas = resolveAzureContainer({ url: `https://acct.blob.core.windows.net?${SAS}`, credential: new AnonymousCredential(), container: 'media' });
    expect(new URL(withSas.containerClient.url).pathname).to.equal('/media');
    expect(withSas.secrets).to.deep.equal([SAS]);
    const withKey = resolveAzureContainer({ url: 'https://acct.blob.core.windows.net', credential: new StorageSharedKeyCredential('acct', ACCOUNT_KEY), container: 'media' });
    expect(withKey.secrets).to.deep.equal([]);
  });

  it('uses a given container client as it is, and redacts the SAS in its URL', () => {
    const client = new ContainerClient(`https://acct.blob.core.windows.net/media?${SAS}`);
    const { containerClient, secrets } = resolveAzureContainer({ containerClient: client });
    expect(containerClient).to.equal(client);
    expect(secrets).to.deep.equal([SAS]);
    expect(resolveAzureContainer({ containerClient: new ContainerClient('https://acct.blob.core.windows.net/media') }).secrets).to.deep.equal([]);
  });

  it('refuses a missing container, a bad connection string (without showing it) and no way to reach the store', () => {
    expect(() => resolveAzureContainer({ connectionString: 'x', container: '' })).to.throw(/`container` option/u).with.property('code', 'INVALID_OPTION');
    const secret = 'AccountKey=abcd;oops';
    expect(() => resolveAzureContainer({ connectionString: secret, container: 'media' }))
      .to.throw(/`connectionString` option to be an Azure Storage connection string, got .*redacted/u)
      .that.satisfies((e: Error) => !e.message.includes('abcd'));
    const nothing = { container: 'media' } as unknown as AzureContainerOptions;
    expect(() => resolveAzureContainer(nothing)).to.throw(/a ContainerClient, or `connectionString`, or `url` \+ `credential`/u);
  });
});
