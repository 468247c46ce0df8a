import { expect } from 'chai';
import { isPackagerError } from '../../../lib/errors.js';
import { aacObjectType, adtsCodecString, esdsCodecString } from '../../../lib/bitstream/codec-string-aac.js';
import { av1CodecString } from '../../../lib/bitstream/codec-string-av1.js';
import { avcCodecString, avcCodecStringFromSps } from '../../../lib/bitstream/codec-string-avc.js';
import { hevcCodecString, hevcCodecStringFromPtl, hevcCodecStringFromSps } from '../../../lib/bitstream/codec-string-hevc.js';
import { vp9CodecString } from '../../../lib/bitstream/codec-string-vp9.js';
import { bitsToBytes, esds } from '../manifest/media-bytes.js';

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (error) {
    expect(isPackagerError(error), String(error)).to.equal(true);
    expect((error as { code: string }).code).to.equal(code);
    return;
  }
  expect.fail(`expected a ${code} error`);
}

describe('codec strings from configuration bytes', () => {
  describe('H.264', () => {
    it('writes avc1.PPCCLL from an avcC record, lowercase hex', () => {
      expect(avcCodecString('avc1', Uint8Array.of(1, 0x64, 0x00, 0x1f, 0xff))).to.equal('avc1.64001f');
      expect(avcCodecString('avc3', Uint8Array.of(1, 0x42, 0xc0, 0x0d))).to.equal('avc3.42c00d');
    });
    it('reads the same three bytes from an SPS NAL unit', () => {
      expect(avcCodecStringFromSps(Uint8Array.of(0x67, 0x4d, 0x40, 0x28, 0xab))).to.equal('avc1.4d4028');
    });
    it('refuses a NAL unit that is not an SPS and a truncated avcC', () => {
      expectCode(() => avcCodecStringFromSps(Uint8Array.of(0x68, 0x64, 0, 0x1f)), 'UNKNOWN_CODEC');
      expectCode(() => avcCodecString('avc1', Uint8Array.of(1, 0x64)), 'UNKNOWN_CODEC');
    });
  });

  describe('HEVC', () => {
    // general_profile_space/tier/idc, 4 compatibility bytes, 6 constraint bytes, level_idc.
    const main = Uint8Array.of(0x01, 0x60, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 93);
    it('bit-reverses the compatibility flags and drops trailing zero constraint bytes (Main, L3.1)', () => {
      expect(hevcCodecStringFromPtl('hvc1', main)).to.equal('hvc1.1.6.L93.90');
    });
    it('writes Main 10 high tier, profile space and several constraint bytes', () => {
      // Main10 (idc 2, compat flag 2 → 0x20000000 → reversed 4), high tier, level 5.0 (150), constraints B0 00 00 00 00 01.
      expect(hevcCodecStringFromPtl('hev1', Uint8Array.of(0x22, 0x20, 0, 0, 0, 0xb0, 0, 0, 0, 0, 0x01, 150))).to.equal('hev1.2.4.H150.B0.0.0.0.0.1');
      expect(hevcCodecStringFromPtl('hvc1', Uint8Array.of(0x41, 0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 60))).to.equal('hvc1.A1.6.L60');
    });
    it('reads the profile_tier_level from hvcC (offset 1) and from an SPS (offset 3)', () => {
      expect(hevcCodecString('hvc1', Uint8Array.of(1, ...main, 0xf0, 0))).to.equal('hvc1.1.6.L93.90');
      // SPS NAL header (type 33) 0x42 0x01, then vps id / max sub layers / nesting byte 0x01.
      expect(hevcCodecStringFromSps(Uint8Array.of(0x42, 0x01, 0x01, ...main, 0xa0))).to.equal('hvc1.1.6.L93.90');
    });
    it('refuses truncated records', () => {
      expectCode(() => hevcCodecString('hvc1', Uint8Array.of(1, 1, 0x60)), 'UNKNOWN_CODEC');
      expectCode(() => hevcCodecStringFromSps(Uint8Array.of(0x40, 0x01, 0x01, ...main)), 'UNKNOWN_CODEC');
    });
  });

  describe('VP9 and AV1', () => {
    it('writes vp09.PP.LL.DD from vpcC version 1', () => {
      expect(vp9CodecString(Uint8Array.of(1, 0, 0, 0, 0, 11, 0x80, 1, 1, 1))).to.equal('vp09.00.11.08');
      expect(vp9CodecString(Uint8Array.of(1, 0, 0, 0, 2, 31, 0xa2, 9, 16, 9))).to.equal('vp09.02.31.10');
    });
    it('writes av01.P.LLT.DD from av1C', () => {
      expect(av1CodecString(Uint8Array.of(0x81, 0x00, 0x0c, 0x00))).to.equal('av01.0.00M.08');
      // profile 0, level index 13 (5.1), high tier, 10-bit.
      expect(av1CodecString(Uint8Array.of(0x81, 0x0d, 0xc0, 0x00))).to.equal('av01.0.13H.10');
      // profile 2, 12-bit.
      expect(av1CodecString(Uint8Array.of(0x81, 0x48, 0x60, 0x00))).to.equal('av01.2.08M.12');
    });
    it('refuses an av1C without its marker bit', () => {
      expectCode(() => av1CodecString(Uint8Array.of(0x01, 0, 0, 0)), 'UNKNOWN_CODEC');
    });
  });

  describe('AAC', () => {
    it('reads AAC-LC from a plain AudioSpecificConfig', () => {
      expect(aacObjectType(Uint8Array.of(0x11, 0x90))).to.equal(2); // 48 kHz stereo
      expect(aacObjectType(Uint8Array.of(0x12, 0x10))).to.equal(2); // 44.1 kHz stereo
    });
    it('reads HE-AAC (5) and HE-AAC v2 (29) from hierarchical signalling', () => {
      expect(aacObjectType(Uint8Array.of(0x2b, 0x92, 0x08, 0x00))).to.equal(5);
      expect(aacObjectType(Uint8Array.of(0xeb, 0x8a, 0x08, 0x00))).to.equal(29);
    });
    it('reads SBR and PS from backward-compatible explicit signalling (sync extensions 0x2b7, 0x548)', () => {
      const lc22k = [[2, 5], [7, 4], [2, 4], [0, 3]] as const; // LC, 22.05 kHz, stereo, GASpecificConfig 000
      const sbr = [[0x2b7, 11], [5, 5], [1, 1], [3, 4]] as const; // SBR present, 48 kHz
      expect(aacObjectType(bitsToBytes([...lc22k, ...sbr]))).to.equal(5);
      expect(aacObjectType(bitsToBytes([...lc22k, ...sbr, [0x548, 11], [1, 1]]))).to.equal(29);
      expect(aacObjectType(bitsToBytes([...lc22k, [0x2b7, 11], [5, 5], [0, 1]]))).to.equal(2);
    });
    it('reads escaped object types (31 → 32 + 6 bits)', () => {
      expect(aacObjectType(bitsToBytes([[31, 5], [10, 6], [3, 4], [2, 4]]))).to.equal(42);
    });
    it('turns an esds into mp4a.40.<AOT>, and other object type indications into mp4a.<hex>', () => {
      expect(esdsCodecString(esds(0x40, Uint8Array.of(0x11, 0x90)).subarray(8))).to.equal('mp4a.40.2');
      expect(esdsCodecString(esds(0x40, Uint8Array.of(0x2b, 0x92, 0x08, 0x00)).subarray(8))).to.equal('mp4a.40.5');
      expect(esdsCodecString(esds(0x6b).subarray(8))).to.equal('mp4a.6B');
    });
    it('reads the profile of an ADTS header (profile + 1)', () => {
      expect(adtsCodecString(Uint8Array.of(0xff, 0xf1, 0x4c, 0x80))).to.equal('mp4a.40.2');
      expect(adtsCodecString(Uint8Array.of(0xff, 0xf1, 0x0c, 0x80))).to.equal('mp4a.40.1');
      expectCode(() => adtsCodecString(Uint8Array.of(0x47, 0x40, 0x00)), 'UNKNOWN_CODEC');
    });
  });
});
