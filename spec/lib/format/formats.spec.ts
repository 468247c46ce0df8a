import { expect } from 'chai';
import { InvalidOptionError, PackagerError } from '../../../lib/errors.js';
import { VIDEO_ENCODERS } from '../../../lib/format/encoders.js';
import { Formats } from '../../../lib/format/formats.js';

function thrown(fn: () => unknown): PackagerError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PackagerError) return error;
    throw error;
  }
  throw new Error('expected a throw');
}

describe('Formats', () => {
  it('defaults to the software encoders and AAC for every codec', () => {
    expect(Formats.h264()).to.deep.equal({ codec: 'h264', videoEncoder: 'libx264', audioCodec: 'aac', audioEncoder: 'aac', videoOptions: {}, audioOptions: {} });
    expect(Formats.hevc()).to.include({ codec: 'hevc', videoEncoder: 'libx265', audioCodec: 'aac' });
    expect(Formats.vp9()).to.include({ codec: 'vp9', videoEncoder: 'libvpx-vp9', audioCodec: 'aac' });
    expect(Formats.av1()).to.include({ codec: 'av1', videoEncoder: 'libaom-av1', audioCodec: 'aac' });
  });

  it('accepts every listed encoder, hardware ones included', () => {
    for (const codec of ['h264', 'hevc', 'vp9', 'av1'] as const) {
      for (const encoder of VIDEO_ENCODERS[codec]) expect(Formats[codec]({ videoEncoder: encoder }).videoEncoder).to.equal(encoder);
    }
  });

  it('selects Opus by codec or by encoder, and libfdk_aac for AAC', () => {
    expect(Formats.vp9({ audio: 'opus' })).to.include({ audioCodec: 'opus', audioEncoder: 'libopus' });
    expect(Formats.av1({ audioEncoder: 'libopus' })).to.include({ audioCodec: 'opus', audioEncoder: 'libopus' });
    expect(Formats.h264({ audioEncoder: 'libfdk_aac' })).to.include({ audioCodec: 'aac', audioEncoder: 'libfdk_aac' });
  });

  it('stringifies codec options and strips a leading dash', () => {
    const format = Formats.h264({ videoOptions: { preset: 'slow', crf: 20, '-tune': 'film', 'x264-params': 'ref=4' }, audioOptions: { cutoff: 18000, afterburner: true, vbr: false } });
    expect(format.videoOptions).to.deep.equal({ preset: 'slow', crf: '20', tune: 'film', 'x264-params': 'ref=4' });
    expect(format.audioOptions).to.deep.equal({ cutoff: '18000', afterburner: '1', vbr: '0' });
  });

  it('returns frozen data, and Formats itself is frozen', () => {
    const format = Formats.h264({ videoOptions: { crf: 20 } });
    expect(Object.isFrozen(format)).to.equal(true);
    expect(Object.isFrozen(format.videoOptions)).to.equal(true);
    expect(Object.isFrozen(Formats)).to.equal(true);
  });

  it('rejects a decoder such as h264_cuvid, saying it is a decoder and listing the encoders', () => {
    const error = thrown(() => Formats.h264({ videoEncoder: 'h264_cuvid' }));
    expect(error.code).to.equal('UNKNOWN_CODEC');
    expect(error.message).to.equal(
      '"h264_cuvid" is not among the H.264 encoders this library supports. "h264_cuvid" is a hardware *decoder*, not an encoder; for NVIDIA GPU encoding use "h264_nvenc". ' +
        'Use one of: libx264, h264_nvenc, h264_qsv, h264_vaapi, h264_videotoolbox, h264_amf (as `videoEncoder`).',
    );
  });

  it('rejects unknown names, other codecs\' encoders and wrong case with a hint', () => {
    expect(thrown(() => Formats.hevc({ videoEncoder: 'foo' })).message).to.match(/^"foo" is not among the HEVC encoders this library supports\. Use one of: libx265, /u);
    expect(thrown(() => Formats.h264({ videoEncoder: 'libx265' })).message).to.include('"libx265" encodes HEVC: use Formats.hevc() for it.');
    expect(thrown(() => Formats.h264({ videoEncoder: 'LIBX264' })).message).to.include('did you mean "libx264"?');
    expect(thrown(() => Formats.vp9({ videoEncoder: 'libvpx' })).code).to.equal('UNKNOWN_CODEC');
  });

  it('rejects unknown audio codecs and mismatched audio encoders', () => {
    // @ts-expect-error: not an AudioCodec
    expect(thrown(() => Formats.h264({ audio: 'mp3' })).code).to.equal('UNKNOWN_CODEC');
    const mismatch = thrown(() => Formats.h264({ audio: 'aac', audioEncoder: 'libopus' }));
    expect(mismatch.code).to.equal('UNKNOWN_CODEC');
    expect(mismatch.message).to.include("pass `audio: 'opus'`");
    expect(thrown(() => Formats.h264({ audioEncoder: 'libmp3lame' })).message).to.include('Use one of: aac, libfdk_aac');
  });

  it('rejects codec options that cannot become -key value', () => {
    expect(thrown(() => Formats.h264({ videoOptions: { 'two words': 1 } }))).to.be.instanceOf(InvalidOptionError);
    expect(thrown(() => Formats.h264({ videoOptions: { crf: Number.NaN } })).message).to.include('`videoOptions.crf`');
    expect(thrown(() => Formats.h264({ audioOptions: { x: 'a\nb' } })).code).to.equal('INVALID_OPTION');
  });
});
