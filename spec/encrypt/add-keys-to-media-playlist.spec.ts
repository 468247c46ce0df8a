import { expect } from 'chai';
import { addKeysToMediaPlaylist, keyLine, type PlaylistKey } from '../../lib/encrypt/add-keys-to-media-playlist.js';
import { keyIndexOf } from '../../lib/encrypt/key-index-of.js';
import { parseMediaPlaylist } from '../../lib/manifest/parse-media-playlist.js';
import { PackagerError } from '../../lib/errors.js';

const iv = (i: number): string => i.toString(16).padStart(32, '0');
const key = (i: number): PlaylistKey => ({ keyId: `k${i}`, uri: `keys/k${i}.key`, ivHex: iv(i) });
/** Key of a segment by its sequence number, rotating every `n` (null: one key); `published` bounds what exists. */
const rotating = (n: number | null, published = Infinity) => (uri: string): PlaylistKey | undefined => {
  const sequence = Number(/_(\d+)\.(ts|m4s)$/u.exec(uri)?.[1]);
  return sequence < published ? key(keyIndexOf(sequence, n)) : undefined;
};

const ts = (count: number, version = 3): string =>
  ['#EXTM3U', `#EXT-X-VERSION:${version}`, '#EXT-X-TARGETDURATION:2', '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD', '#EXT-X-INDEPENDENT-SEGMENTS']
    .concat(Array.from({ length: count }, (_, i) => [`#EXTINF:2.000000,`, `a_${String(i).padStart(5, '0')}.ts`]).flat())
    .concat('#EXT-X-ENDLIST')
    .join('\n') + '\n';
const fmp4 = (count: number): string => ts(count, 7).replace('#EXT-X-INDEPENDENT-SEGMENTS\n', '#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI="a_init.mp4"\n').replaceAll('.ts', '.m4s');

describe('addKeysToMediaPlaylist()', () => {
  it('writes one EXT-X-KEY with URI and explicit IV for a single-key package', () => {
    const out = addKeysToMediaPlaylist(ts(3), rotating(null));
    expect(out).to.include({ segmentCount: 3, isComplete: true });
    expect(out.text.match(/#EXT-X-KEY/gu)).to.have.length(1);
    expect(out.text).to.contain(`#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-KEY:METHOD=AES-128,URI="keys/k0.key",IV=0x${iv(0)}\n#EXTINF:2.000000,\na_00000.ts\n`);
    expect(out.text.endsWith('a_00002.ts\n#EXT-X-ENDLIST\n')).to.equal(true);
  });

  it('writes a new key before the first segment of each period, and a parser sees segment k under key ⌊k/N⌋', () => {
    for (const n of [1, 2, 3]) {
      const out = addKeysToMediaPlaylist(ts(7), rotating(n));
      const parsed = parseMediaPlaylist(out.text);
      expect(out.text.match(/#EXT-X-KEY/gu), `N=${n}`).to.have.length(Math.ceil(7 / n));
      parsed.segments.forEach((s, k) => {
        expect(s.key?.uri, `N=${n} segment ${k}`).to.equal(`keys/k${Math.floor(k / n)}.key`);
        expect(s.key?.iv).to.equal(`0x${iv(Math.floor(k / n))}`);
      });
    }
  });

  it('keeps the fMP4 init segment clear: EXT-X-MAP before the first EXT-X-KEY', () => {
    const out = addKeysToMediaPlaylist(fmp4(4), rotating(2));
    expect(out.text).to.match(/#EXT-X-MAP:URI="a_init\.mp4"\n#EXT-X-KEY:METHOD=AES-128,URI="keys\/k0\.key"/u);
    expect(out.text.indexOf('#EXT-X-MAP')).to.be.below(out.text.indexOf('#EXT-X-KEY'));
    expect(parseMediaPlaylist(out.text).segments[3]?.key?.uri).to.equal('keys/k1.key');
  });

  it('declares a later init segment in the clear (METHOD=NONE), then repeats the key', () => {
    const text = fmp4(2).replace('#EXTINF:2.000000,\na_00001.m4s', '#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI="b_init.mp4"\n#EXTINF:2.000000,\na_00001.m4s');
    const out = addKeysToMediaPlaylist(text, rotating(null)).text;
    expect(out).to.contain('a_00000.m4s\n#EXT-X-DISCONTINUITY\n#EXT-X-KEY:METHOD=NONE\n#EXT-X-MAP:URI="b_init.mp4"\n#EXT-X-KEY:METHOD=AES-128,URI="keys/k0.key"');
  });

  it('stops before the first segment not published yet and drops EXT-X-ENDLIST (live)', () => {
    const out = addKeysToMediaPlaylist(ts(5), rotating(1, 3));
    expect(out).to.include({ segmentCount: 3, isComplete: false });
    expect(out.text).to.not.contain('a_00003.ts').and.not.contain('#EXT-X-ENDLIST').and.not.contain('k3.key');
    expect(out.text.endsWith('a_00002.ts\n')).to.equal(true);
  });

  it('raises EXT-X-VERSION to 2 (IV attribute), keeps higher ones, and drops keys already in the input', () => {
    expect(addKeysToMediaPlaylist(ts(1, 1), rotating(null)).text).to.contain('#EXT-X-VERSION:2\n');
    expect(addKeysToMediaPlaylist(ts(1, 7), rotating(null)).text).to.contain('#EXT-X-VERSION:7\n');
    const withKey = ts(1).replace('#EXTINF', '#EXT-X-KEY:METHOD=AES-128,URI="old.key"\n#EXTINF');
    expect(addKeysToMediaPlaylist(withKey, rotating(null)).text).to.not.contain('old.key');
  });

  it('refuses a key URI that would break the playlist and IVs that are not 32 hex digits', () => {
    expect(() => keyLine({ keyId: 'k', uri: 'a"b', ivHex: iv(0) })).to.throw(PackagerError, /double quote/u);
    expect(() => keyLine({ keyId: 'k', uri: 'k.key', ivHex: 'abc' })).to.throw(PackagerError, /32 hex digits/u);
    expect(() => addKeysToMediaPlaylist('not a playlist', rotating(null))).to.throw(PackagerError, /#EXTM3U/u);
  });
});
