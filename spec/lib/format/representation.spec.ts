import { expect } from 'chai';
import { InvalidOptionError } from '../../../lib/errors.js';
import { Bitrate } from '../../../lib/format/bitrate.js';
import { Representation } from '../../../lib/format/representation.js';
import { Size } from '../../../lib/format/size.js';

describe('Representation', () => {
  it('names the rung after its short side by default', () => {
    expect(new Representation(new Size(1280, 720), Bitrate.kbps(2400)).name).to.equal('720p');
    expect(new Representation(new Size(720, 1280), Bitrate.kbps(2400)).name).to.equal('720p');
  });

  it('keeps the name, per-rung options and stream-info attributes', () => {
    const rep = new Representation(new Size(1920, 1080), Bitrate.kbps(6000, 128), {
      name: '1080p_high',
      videoOptions: { crf: 20, '-tune': 'film' },
      streamInfo: ['CLOSED-CAPTIONS=NONE', 'HDCP-LEVEL=TYPE-0'],
    });
    expect(rep.name).to.equal('1080p_high');
    expect(rep.videoOptions).to.deep.equal({ crf: '20', tune: 'film' });
    expect(rep.streamInfo).to.deep.equal(['CLOSED-CAPTIONS=NONE', 'HDCP-LEVEL=TYPE-0']);
    expect(Object.isFrozen(rep)).to.equal(true);
  });

  it('rejects odd sizes, suggesting the nearest even size', () => {
    expect(() => new Representation(new Size(853, 481), Bitrate.kbps(1000))).to.throw(
      InvalidOptionError,
      'Expected the `size` option to be an even width and height, got "853x481". H.264/HEVC video in 4:2:0 (what players expect) needs even dimensions; use 852x480.',
    );
  });

  it('requires a video bitrate', () => {
    expect(() => new Representation(new Size(1280, 720), new Bitrate(undefined, 128_000))).to.throw(InvalidOptionError, 'a Bitrate with a video bitrate');
  });

  it('rejects names that cannot be file names and malformed stream-info attributes', () => {
    expect(() => new Representation(new Size(2, 2), Bitrate.kbps(1), { name: 'my.video' })).to.throw(InvalidOptionError, '`name`');
    expect(() => new Representation(new Size(2, 2), Bitrate.kbps(1), { name: '../x' })).to.throw(InvalidOptionError);
    expect(() => new Representation(new Size(2, 2), Bitrate.kbps(1), { streamInfo: ['closed-captions'] })).to.throw(InvalidOptionError, '`streamInfo`');
  });
});
