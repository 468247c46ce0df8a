import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callbackKeyStore } from '../../lib/encrypt/callback-key-store.js';
import { KEY_FILE_MODE, localKeyStore } from '../../lib/encrypt/local-key-store.js';
import { redactKeyBytes } from '../../lib/encrypt/redact-key-bytes.js';
import { sinkKeyStore } from '../../lib/encrypt/sink-key-store.js';
import { InvalidOptionError, OutputError, PackagerError } from '../../lib/errors.js';
import { memorySink } from '../../sinks/memory-sink.js';

const signal = new AbortController().signal;

describe('key stores', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'key-store-spec-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('localKeyStore()', () => {
    it('writes <keyId>.key, 16 bytes, mode 0600 whatever the umask, with no temporary file left', async () => {
      const store = localKeyStore({ dir: join(dir, 'keys') });
      const keyBytes = randomBytes(16);
      const umask = process.umask(0o000);
      try {
        await store.prepare?.(signal);
        await store.put({ keyId: 'm-key-0a0b0c0d-0', keyBytes }, signal);
      } finally {
        process.umask(umask);
      }
      const path = join(dir, 'keys', 'm-key-0a0b0c0d-0.key');
      expect((await readFile(path)).equals(keyBytes)).to.equal(true);
      expect((await stat(path)).mode & 0o777).to.equal(KEY_FILE_MODE);
      expect(await readdir(join(dir, 'keys'))).to.deep.equal(['m-key-0a0b0c0d-0.key']);
      expect(store.localPathOf?.('m-key-0a0b0c0d-0')).to.equal(path);
    });

    it('names keys relative to the playlists when inside them, and refuses to guess otherwise', () => {
      const store = localKeyStore({ dir: join(dir, 'out', 'keys') });
      expect(store.uriFor('a b', join(dir, 'out'))).to.equal('keys/a%20b.key');
      expect(() => store.uriFor('a', join(dir, 'elsewhere'))).to.throw(InvalidOptionError, /urlTemplate/u);
      expect(localKeyStore({ dir, urlTemplate: '/k/{keyId}' }).uriFor('a', '/anywhere')).to.equal('/k/a');
    });

    it('fails prepare() with OUTPUT_NOT_WRITABLE for a directory it cannot create or write', async () => {
      await writeFile(join(dir, 'a-file'), 'x');
      const store = localKeyStore({ dir: join(dir, 'a-file', 'keys') });
      const error = await store.prepare?.(signal).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(OutputError);
      expect((error as OutputError).code).to.equal('OUTPUT_NOT_WRITABLE');
      expect((error as OutputError).message).to.contain('--key-dir');
    });

    it('rejects a put with OUTPUT_NOT_WRITABLE naming the key id, never the key', async () => {
      await writeFile(join(dir, 'a-file'), 'x');
      const keyBytes = randomBytes(16);
      const error = (await localKeyStore({ dir: join(dir, 'a-file') }).put({ keyId: 'k-0', keyBytes }, signal).catch((e: unknown) => e)) as OutputError;
      expect(error.code).to.equal('OUTPUT_NOT_WRITABLE');
      expect(error.message).to.contain('"k-0"').and.not.contain(keyBytes.toString('hex'));
    });
  });

  describe('sinkKeyStore()', () => {
    it('puts <keyId>.key through any Sink, private and uncacheable, and removes its temporary copy', async () => {
      const sink = memorySink();
      const store = sinkKeyStore(sink, { urlTemplate: 'https://keys.example.com/{keyId}.key' });
      const keyBytes = randomBytes(16);
      await store.put({ keyId: 'm-key-0a0b0c0d-1', keyBytes }, signal);
      const object = sink.objects.get('m-key-0a0b0c0d-1.key');
      expect(Buffer.from(object?.body ?? []).equals(keyBytes)).to.equal(true);
      expect(object).to.include({ cacheControl: 'private, no-store', contentType: 'application/octet-stream', kind: 'key' });
      const request = sink.puts[0];
      await stat(request?.localPath ?? '').then(
        () => expect.fail('the temporary key file must be removed'),
        () => undefined,
      );
      expect(store.uriFor('m-key-0a0b0c0d-1', '/out')).to.equal('https://keys.example.com/m-key-0a0b0c0d-1.key');
      expect(store.name).to.equal(sink.name);
    });

    it('passes the sink’s error on (it names the object, not the bytes)', async () => {
      const store = sinkKeyStore(memorySink({ failKeys: ['k-0.key'] }), { urlTemplate: 'https://k/{keyId}' });
      const keyBytes = randomBytes(16);
      const error = (await store.put({ keyId: 'k-0', keyBytes }, signal).catch((e: unknown) => e)) as PackagerError;
      expect(error.code).to.equal('SINK_WRITE_FAILED');
      expect(error.message).to.contain('k-0.key').and.not.contain(keyBytes.toString('hex'));
    });
  });

  describe('callbackKeyStore()', () => {
    it('hands each key (a copy) to the callback and waits for it', async () => {
      const seen: { keyId: string; hex: string }[] = [];
      const store = callbackKeyStore(
        async (key) => {
          await new Promise((r) => setTimeout(r, 10));
          seen.push({ keyId: key.keyId, hex: Buffer.from(key.keyBytes).toString('hex') });
        },
        { urlTemplate: 'https://k/{keyId}' },
      );
      const keyBytes = randomBytes(16);
      await store.put({ keyId: 'k-0', keyBytes }, signal);
      expect(seen).to.deep.equal([{ keyId: 'k-0', hex: keyBytes.toString('hex') }]);
    });

    it('wraps a failure as SINK_WRITE_FAILED with the key bytes redacted from the message', async () => {
      const keyBytes = randomBytes(16);
      const store = callbackKeyStore(
        (key) => {
          throw new Error(`server refused ${Buffer.from(key.keyBytes).toString('hex')} / ${Buffer.from(key.keyBytes).toString('base64')}`);
        },
        { urlTemplate: 'https://k/{keyId}', name: 'kms' },
      );
      const error = (await store.put({ keyId: 'k-0', keyBytes }, signal).catch((e: unknown) => e)) as PackagerError;
      expect(error.code).to.equal('SINK_WRITE_FAILED');
      expect(error.message).to.contain('"kms"').and.contain('"k-0"').and.contain('<redacted key>');
      expect(error.message).to.not.contain(keyBytes.toString('hex')).and.not.contain(keyBytes.toString('base64'));
    });
  });

  it('redactKeyBytes() removes hex (any case) and base64 forms', () => {
    const key = Buffer.from('00ff10ee20dd30cc40bb50aa60997088', 'hex');
    expect(redactKeyBytes(`a ${key.toString('hex').toUpperCase()} b ${key.toString('base64')}`, key)).to.equal('a <redacted key> b <redacted key>');
  });
});
