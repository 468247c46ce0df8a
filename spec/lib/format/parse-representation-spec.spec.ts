import { expect } from 'chai';
import { InvalidOptionError } from '../../../lib/errors.js';
import { parseRepresentationSpec } from '../../../lib/format/parse-representation-spec.js';

describe('parseRepresentationSpec()', () => {
  it('parses WxH@VIDEO with k, M and plain bits per second', () => {
    const rep = parseRepresentationSpec('1280x720@2400k');
    expect(String(rep.size)).to.equal('1280x720');
    expect(rep.bitrate).to.include({ videoBps: 2_400_000, audioBps: undefined });
    expect(rep.name).to.equal('720p');
    expect(parseRepresentationSpec('1920x1080@6M').bitrate.videoBps).to.equal(6_000_000);
    expect(parseRepresentationSpec('1920x1080@2.5m').bitrate.videoBps).to.equal(2_500_000);
    expect(parseRepresentationSpec('640x360@365000').bitrate.videoBps).to.equal(365_000);
  });

  it('parses an optional audio bitrate', () => {
    expect(parseRepresentationSpec(' 1920x1080@6M:128k ').bitrate).to.include({ videoBps: 6_000_000, audioBps: 128_000, overallBps: 6_128_000 });
  });

  it('rejects malformed specs naming --rep and the expected form', () => {
    for (const bad of ['', '1280x720', '1280*720@1M', 'x720@1M', '1280x720@', '1280x720@fast', '1280x720@1G', '0x720@1M', '1280x720@0k']) {
      const error = (() => {
        try {
          parseRepresentationSpec(bad);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, bad).to.be.instanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).to.equal('--rep');
      expect((error as Error).message).to.include('WIDTHxHEIGHT@VIDEO[:AUDIO]');
    }
  });

  it('suggests an even size for odd dimensions, and takes another option name', () => {
    expect(() => parseRepresentationSpec('853x481@1M:96k')).to.throw(InvalidOptionError, 'try 852x480@1M:96k');
    expect(() => parseRepresentationSpec('nope', 'representations[0]')).to.throw('`representations[0]`');
  });
});
