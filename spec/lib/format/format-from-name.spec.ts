import { expect } from 'chai';
import { PackagerError } from '../../../lib/errors.js';
import { formatFromName } from '../../../lib/format/format-from-name.js';

function thrown(fn: () => unknown): PackagerError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PackagerError) return error;
    throw error;
  }
  throw new Error('expected a throw');
}

describe('formatFromName()', () => {
  it('maps CLI names, ignoring case and spaces, with avc/h265 aliases', () => {
    expect(formatFromName('h264').videoEncoder).to.equal('libx264');
    expect(formatFromName(' HEVC ').codec).to.equal('hevc');
    expect(formatFromName('h265').codec).to.equal('hevc');
    expect(formatFromName('avc').codec).to.equal('h264');
    expect(formatFromName('vp9').codec).to.equal('vp9');
    expect(formatFromName('av1', { videoEncoder: 'libsvtav1' }).videoEncoder).to.equal('libsvtav1');
  });

  it('rejects unknown names with UNKNOWN_CODEC listing the valid ones', () => {
    for (const name of ['mpeg2', '', 'toString', '__proto__']) {
      const error = thrown(() => formatFromName(name));
      expect(error.code, name).to.equal('UNKNOWN_CODEC');
      expect(error.message).to.include('Use one of: h264, hevc, vp9, av1');
    }
  });

  it('validates the options like Formats does', () => {
    expect(thrown(() => formatFromName('h264', { videoEncoder: 'h264_cuvid' })).code).to.equal('UNKNOWN_CODEC');
  });
});
