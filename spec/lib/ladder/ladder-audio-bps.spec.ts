import { expect } from 'chai';
import { InvalidOptionError } from '../../../lib/errors.js';
import { ladderAudioBps } from '../../../lib/ladder/ladder-audio-bps.js';

describe('ladderAudioBps()', () => {
  it('defaults by codec and channel count, treating unknown and multichannel as stereo', () => {
    expect(ladderAudioBps('aac', { channels: 2, bitrateBps: null })).to.equal(128_000);
    expect(ladderAudioBps('aac', { channels: 1, bitrateBps: null })).to.equal(64_000);
    expect(ladderAudioBps('aac', { channels: 6, bitrateBps: null })).to.equal(128_000);
    expect(ladderAudioBps('aac', { channels: 0, bitrateBps: null })).to.equal(128_000);
    expect(ladderAudioBps('opus', { channels: 2, bitrateBps: null })).to.equal(96_000);
    expect(ladderAudioBps('opus', { channels: 1, bitrateBps: null })).to.equal(48_000);
  });

  it('never goes above a lower source bitrate, but not below 32 kb/s, and rounds to kb/s', () => {
    expect(ladderAudioBps('aac', { channels: 2, bitrateBps: 69_198 })).to.equal(69_000);
    expect(ladderAudioBps('aac', { channels: 2, bitrateBps: 24_000 })).to.equal(32_000);
    expect(ladderAudioBps('aac', { channels: 2, bitrateBps: 320_000 })).to.equal(128_000);
  });

  it('uses the requested bitrate, even below the floor, and validates it', () => {
    expect(ladderAudioBps('aac', { channels: 2, bitrateBps: null }, 192_000)).to.equal(192_000);
    expect(ladderAudioBps('opus', { channels: 1, bitrateBps: null }, 24_000)).to.equal(24_000);
    expect(() => ladderAudioBps('aac', null, 0)).to.throw(InvalidOptionError, '`audioBitrateBps`');
  });

  it('is undefined without an audio stream', () => {
    expect(ladderAudioBps('aac', null)).to.equal(undefined);
  });
});
