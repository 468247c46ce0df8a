import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { decryptAes128Cbc, encryptAes128Cbc, createAes128CbcEncryptor } from '../../lib/encrypt/aes-128-cbc.js';
import { InvalidOptionError } from '../../lib/errors.js';
import { hasOpenssl } from './encrypt-helpers.js';

describe('AES-128-CBC with PKCS#7 (HLS METHOD=AES-128)', () => {
  const key = randomBytes(16);
  const iv = randomBytes(16);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aes-spec-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('pads to the next multiple of 16 bytes, a whole block when already aligned, and round-trips', () => {
    for (const length of [0, 1, 15, 16, 17, 188 * 7, 4096]) {
      const clear = randomBytes(length);
      const encrypted = encryptAes128Cbc(clear, key, iv);
      expect(encrypted.length, `length ${length}`).to.equal((Math.floor(length / 16) + 1) * 16);
      expect(decryptAes128Cbc(encrypted, key, iv).equals(clear)).to.equal(true);
    }
  });

  it('streams the same bytes as the one-shot function', () => {
    const clear = randomBytes(10_000);
    const cipher = createAes128CbcEncryptor(key, iv);
    const streamed = Buffer.concat([cipher.update(clear.subarray(0, 3333)), cipher.update(clear.subarray(3333)), cipher.final()]);
    expect(streamed.equals(encryptAes128Cbc(clear, key, iv))).to.equal(true);
  });

  it('is what `openssl aes-128-cbc` decrypts, and decrypts what it encrypts', async function () {
    if (!hasOpenssl()) this.skip();
    const clear = randomBytes(5000);
    await writeFile(join(dir, 'enc.bin'), encryptAes128Cbc(clear, key, iv));
    await execa('openssl', ['aes-128-cbc', '-d', '-K', key.toString('hex'), '-iv', iv.toString('hex'), '-in', join(dir, 'enc.bin'), '-out', join(dir, 'dec.bin')]);
    expect((await readFile(join(dir, 'dec.bin'))).equals(clear)).to.equal(true);
    await writeFile(join(dir, 'clear.bin'), clear);
    await execa('openssl', ['aes-128-cbc', '-e', '-K', key.toString('hex'), '-iv', iv.toString('hex'), '-in', join(dir, 'clear.bin'), '-out', join(dir, 'openssl.bin')]);
    expect(decryptAes128Cbc(await readFile(join(dir, 'openssl.bin')), key, iv).equals(clear)).to.equal(true);
  });

  it('fails to decrypt with a wrong key (bad padding), so decryption is real', () => {
    const encrypted = encryptAes128Cbc(randomBytes(1000), key, iv);
    let failures = 0;
    for (let i = 0; i < 8; i++) {
      try {
        decryptAes128Cbc(encrypted, randomBytes(16), iv);
      } catch {
        failures += 1;
      }
    }
    // A random key gives valid-looking padding about once in 256 tries.
    expect(failures).to.be.at.least(7);
  });

  it('rejects keys and IVs that are not 16 bytes, without echoing them', () => {
    const short = Buffer.from('00112233445566778899aabbccdd', 'hex');
    expect(() => encryptAes128Cbc(Buffer.alloc(1), short, iv)).to.throw(InvalidOptionError, /16 bytes, got "14 bytes"/u).that.satisfies((e: Error) => !e.message.includes(short.toString('hex')));
    expect(() => decryptAes128Cbc(Buffer.alloc(16), key, Buffer.alloc(8))).to.throw(InvalidOptionError, /`iv`/u);
  });
});
