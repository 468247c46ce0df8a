import { expect } from 'chai';
import { dirname, resolve } from 'node:path';
import { callbackKeyStore } from '../../lib/encrypt/callback-key-store.js';
import { resolveHlsEncryption } from '../../lib/encrypt/hls-encryption-options.js';
import { checkKeyTemplate, expandKeyTemplate } from '../../lib/encrypt/key-template.js';
import type { KeyStore } from '../../lib/encrypt/key-store.js';
import { localKeyStore } from '../../lib/encrypt/local-key-store.js';
import { seedEncryptionOptions } from '../../lib/encrypt/seed-encryption-options.js';
import { InvalidOptionError, PackagerError } from '../../lib/errors.js';
import { resolveDashOptions, resolveHlsOptions, type DashPackageOptions } from '../../lib/options/package-options.js';

const output = resolve('out/master.m3u8');
const outDir = dirname(output);

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('HLS encryption options', () => {
  it('defaults to one key in `keys/` beside the master, named relative to the playlists', () => {
    const resolved = resolveHlsEncryption({}, output);
    expect(resolved.rotationPeriodSegments).to.equal(null);
    expect(resolved.keyStore.uriFor('master-key-1a2b3c4d-0', outDir)).to.equal('keys/master-key-1a2b3c4d-0.key');
    expect(resolved.keyStore.localPathOf?.('x')).to.equal(resolve('out/keys/x.key'));
  });

  it('is validated when the operator is created, through resolveHlsOptions', () => {
    expect(resolveHlsOptions({ output, encryption: { rotationPeriodSegments: 3 } }).encryption?.rotationPeriodSegments).to.equal(3);
    expect(resolveHlsOptions({ output })).to.not.have.property('encryption');
    expect(() => resolveHlsOptions({ output, encryption: { rotationPeriodSegments: 0 } })).to.throw(InvalidOptionError);
  });

  for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3' as unknown as number]) {
    it(`rejects a rotation period of ${String(bad)} (${typeof bad}) with a typed error`, () => {
      const error = thrown(() => resolveHlsEncryption({ rotationPeriodSegments: bad }, output));
      expect(error).to.be.instanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).to.equal('encryption.rotationPeriodSegments');
      expect(error.message).to.match(/whole number of segments, 1 or more.*leave it out for one key/su);
    });
  }

  it('needs {keyId} in the key URL template when keys rotate, not otherwise', () => {
    const error = thrown(() => resolveHlsEncryption({ keyUrlTemplate: 'https://keys.example.com/k', rotationPeriodSegments: 2 }, output)) as InvalidOptionError;
    expect(error).to.be.instanceOf(InvalidOptionError);
    expect(error.option).to.equal('encryption.keyUrlTemplate');
    expect(error.message).to.contain('{keyId}');
    const single = resolveHlsEncryption({ keyUrlTemplate: 'https://keys.example.com/k?token=a&b=c' }, output);
    expect(single.keyStore.uriFor('any', outDir)).to.equal('https://keys.example.com/k?token=a&b=c');
    const rotating = resolveHlsEncryption({ keyUrlTemplate: 'https://keys.example.com/{keyId}.key', rotationPeriodSegments: 2 }, output);
    expect(rotating.keyStore.uriFor('m-key-00000000-4', outDir)).to.equal('https://keys.example.com/m-key-00000000-4.key');
  });

  it('applies the same rule to custom key stores', () => {
    const fixed = callbackKeyStore(() => undefined, { urlTemplate: 'https://k.example.com/one' });
    expect(() => resolveHlsEncryption({ keyStore: fixed, rotationPeriodSegments: 1 }, output)).to.throw(InvalidOptionError, /\{keyId\}/u);
    expect(() => resolveHlsEncryption({ keyStore: fixed }, output)).to.not.throw();
    const sameFile = localKeyStore({ dir: 'out/keys', fileNameTemplate: 'one.key', urlTemplate: 'https://k.example.com/{keyId}' });
    expect(() => resolveHlsEncryption({ keyStore: sameFile, rotationPeriodSegments: 1 }, output)).to.throw(InvalidOptionError, /file name template containing \{keyId\}/u);
  });

  it('needs a URL template for a key directory outside the output directory', () => {
    const error = thrown(() => resolveHlsEncryption({ keyDir: '/srv/private-keys' }, output)) as InvalidOptionError;
    expect(error.option).to.equal('encryption.keyUrlTemplate');
    expect(error.message).to.contain('/srv/private-keys').and.contain('--key-url');
    expect(resolveHlsEncryption({ keyDir: '/srv/private-keys', keyUrlTemplate: 'https://keys.example.com/{keyId}' }, output).keyStore.localPathOf?.('a')).to.equal('/srv/private-keys/a.key');
  });

  it('rejects conflicting and malformed options', () => {
    const store = callbackKeyStore(() => undefined, { urlTemplate: 'https://k.example.com/{keyId}' });
    expect(() => resolveHlsEncryption({ keyStore: store, keyDir: 'k' }, output)).to.throw(InvalidOptionError, /encryption\.keyDir.*left out/su);
    expect(() => resolveHlsEncryption({ keyStore: {} as KeyStore }, output)).to.throw(InvalidOptionError, /KeyStore/u);
    expect(() => resolveHlsEncryption(null as never, output)).to.throw(InvalidOptionError, /`encryption`/u);
    expect(() => resolveHlsEncryption({ keyUrlTemplate: 'https://k/{keyid}' }, output)).to.throw(InvalidOptionError, /"\{keyid\}" is not a placeholder/u);
    expect(() => resolveHlsEncryption({ keyUrlTemplate: 'https://k/a b' }, output)).to.throw(InvalidOptionError, /White space/u);
    expect(() => resolveHlsEncryption({ keyUrlTemplate: 'https://k/"x"' }, output)).to.throw(InvalidOptionError);
  });

  it('is refused for DASH (and the HLS playlists a DASH job generates), naming the alternatives', () => {
    const untyped = { output: 'out/manifest.mpd', encryption: {} } as unknown as DashPackageOptions;
    const error = thrown(() => resolveDashOptions(untyped));
    expect(error).to.be.instanceOf(PackagerError);
    expect((error as PackagerError).code).to.equal('UNSUPPORTED');
    expect(error.message).to.contain('HLS with AES-128').and.contain('CENC packager').and.contain('ffmpeg 5.1 writes unplayable CENC');
    const withHls = thrown(() => resolveDashOptions({ ...untyped, generateHlsPlaylist: true }));
    expect(withHls.message).to.contain('generateHlsPlaylist');
  });
});

describe('key templates', () => {
  it('expand {keyId} everywhere and check names', () => {
    expect(expandKeyTemplate('https://k/{keyId}/{keyId}.key', 'a-0')).to.equal('https://k/a-0/a-0.key');
    expect(checkKeyTemplate('o', '/keys/{keyId}.key', 'url')).to.equal('/keys/{keyId}.key');
    expect(() => checkKeyTemplate('o', 'a/{keyId}', 'fileName')).to.throw(InvalidOptionError, /directory separately/u);
    expect(() => checkKeyTemplate('o', '', 'url')).to.throw(InvalidOptionError);
    expect(() => checkKeyTemplate('o', 'x}', 'url')).to.throw(InvalidOptionError, /not a placeholder/u);
  });
});

describe('seedEncryptionOptions() (the facade’s hls.encryption(saveTo, url, period))', () => {
  it('writes exactly saveTo and names exactly url for one key', () => {
    const options = seedEncryptionOptions('/var/www/keys/enc.key', 'https://example.com/keys/enc.key');
    expect(options.rotationPeriodSegments).to.equal(undefined);
    expect(options.keyStore?.localPathOf?.('m-key-00000000-0')).to.equal('/var/www/keys/enc.key');
    expect(options.keyStore?.uriFor('m-key-00000000-0', '/out')).to.equal('https://example.com/keys/enc.key');
  });
  it('appends -<keyId> to both when rotating, as the seed appended -<uuid>', () => {
    const options = seedEncryptionOptions('/var/www/keys/enc.key', 'https://example.com/keys/enc.key', 4);
    expect(options.rotationPeriodSegments).to.equal(4);
    expect(options.keyStore?.localPathOf?.('m-key-00000000-2')).to.equal('/var/www/keys/enc.key-m-key-00000000-2');
    expect(options.keyStore?.uriFor('m-key-00000000-2', '/out')).to.equal('https://example.com/keys/enc.key-m-key-00000000-2');
    expect(() => resolveHlsEncryption(options, output)).to.not.throw();
  });
  it('leaves a bad period to the resolver, which rejects it', () => {
    expect(() => resolveHlsEncryption(seedEncryptionOptions('/k/enc.key', 'https://e/k', 0), output)).to.throw(InvalidOptionError, /rotationPeriodSegments/u);
    expect(() => seedEncryptionOptions('', 'https://e/k')).to.throw(InvalidOptionError, /saveTo/u);
  });
});
