import { join } from 'node:path';
import { expect } from 'chai';
import type { MediaInput } from '../../../lib/contracts/media-input.js';
import { InvalidOptionError } from '../../../lib/errors.js';
import { defaultOutputPath } from '../../../lib/facade/default-output-path.js';

const file = (uri: string): MediaInput => ({ kind: 'file', uri, inputOptions: [], isLive: false, label: 'x' });

describe('defaultOutputPath()', () => {
  it('writes beside a local input, named after it', () => {
    expect(defaultOutputPath(file('/v/talk.mp4'), '.m3u8')).to.equal('/v/talk.m3u8');
    expect(defaultOutputPath(file('/v/talk.mp4'), '.mpd')).to.equal('/v/talk.mpd');
    expect(defaultOutputPath(file('talk.mov'), '.m3u8')).to.equal('talk.m3u8');
  });

  it('replaces only the last extension of a dotted name', () => {
    expect(defaultOutputPath(file('/v/talk.v2.final.mkv'), '.mpd')).to.equal('/v/talk.v2.final.mpd');
  });

  it('keeps spaces and non-ASCII characters of the name (the entry manifest keeps the user\'s name)', () => {
    expect(defaultOutputPath(file('/v/My vidéo.mp4'), '.m3u8')).to.equal('/v/My vidéo.m3u8');
  });

  it('adds "-converted" when the output would overwrite the input', () => {
    expect(defaultOutputPath(file('/v/talk.mp4'), '.mp4')).to.equal('/v/talk-converted.mp4');
    expect(defaultOutputPath(file(join('/v', 'live.m3u8')), '.m3u8')).to.equal('/v/live-converted.m3u8');
  });

  it('also when the names differ only in case (one file on macOS and Windows)', () => {
    expect(defaultOutputPath(file('/v/clip.MP4'), '.mp4')).to.equal('/v/clip-converted.mp4');
  });

  it('also when the input path is not normalised', () => {
    expect(defaultOutputPath(file('./talk.mp4'), '.mp4')).to.equal('talk-converted.mp4');
    expect(defaultOutputPath(file('/v//talk.mp4'), '.mp4')).to.equal('/v/talk-converted.mp4');
  });

  it('gives a file name for an input without an extension', () => {
    expect(defaultOutputPath(file('/v/talk'), '.m3u8')).to.equal('/v/talk.m3u8');
  });

  it('refuses inputs that are not local files (INVALID_OPTION on `output`, saying why)', () => {
    for (const kind of ['url', 'capture', 'cloud'] as const) {
      const input: MediaInput = { kind, uri: 'https://cdn.example.com/talk.mp4', inputOptions: [], isLive: false, label: 'talk' };
      let caught: unknown;
      try {
        defaultOutputPath(input, '.m3u8');
      } catch (error) {
        caught = error;
      }
      expect(caught, kind).to.be.instanceOf(InvalidOptionError);
      expect(caught).to.include({ code: 'INVALID_OPTION', option: 'output' });
      expect((caught as Error).message).to.include('a path ending in .m3u8').and.to.include('not a local file');
    }
  });
});
