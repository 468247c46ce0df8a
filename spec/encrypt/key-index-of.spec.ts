import { expect } from 'chai';
import { generateContentKey, keyIdFor, keyIdPrefixFor } from '../../lib/encrypt/content-key.js';
import { keyIndexOf } from '../../lib/encrypt/key-index-of.js';

describe('keyIndexOf(): segment k uses key ⌊k/N⌋', () => {
  it('gives one key without rotation', () => {
    expect([0, 1, 5, 99_999].map((k) => keyIndexOf(k, null))).to.deep.equal([0, 0, 0, 0]);
  });
  it('changes key every segment with N = 1', () => {
    expect([0, 1, 2, 7].map((k) => keyIndexOf(k, 1))).to.deep.equal([0, 1, 2, 7]);
  });
  it('changes key every 3 segments with N = 3, at the same index for any rendition', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 11, 12].map((k) => keyIndexOf(k, 3))).to.deep.equal([0, 0, 0, 1, 1, 1, 2, 3, 4]);
  });
});

describe('content keys', () => {
  it('are 16 random bytes with their own 16-byte IV', () => {
    const a = generateContentKey('a-0', 0);
    const b = generateContentKey('a-1', 1);
    expect(a.keyBytes).to.have.length(16);
    expect(a.ivBytes).to.have.length(16);
    expect(Buffer.from(a.keyBytes).equals(Buffer.from(b.keyBytes))).to.equal(false);
    expect(Buffer.from(a.ivBytes).equals(Buffer.from(a.keyBytes))).to.equal(false);
  });
  it('have opaque ids from the file stem, a run id and the index, never from the key', () => {
    const prefix = keyIdPrefixFor('master');
    expect(prefix).to.match(/^master-key-[0-9a-f]{8}$/u);
    expect(keyIdPrefixFor('master')).to.not.equal(prefix);
    const key = generateContentKey(keyIdFor(prefix, 3), 3);
    expect(key.keyId).to.equal(`${prefix}-3`);
    expect(key.keyId).to.not.contain(Buffer.from(key.keyBytes).toString('hex').slice(0, 8));
  });
});
