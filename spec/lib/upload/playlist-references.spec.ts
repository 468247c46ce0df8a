import { expect } from 'chai';
import { playlistReferences, resolveReference } from '../../../lib/upload/playlist-references.js';

describe('playlistReferences()', () => {
  it('lists segment lines, EXT-X-MAP and EXT-X-KEY of a media playlist, relative to the playlist', () => {
    const text = [
      '#EXTM3U',
      '#EXT-X-TARGETDURATION:6',
      '#EXT-X-KEY:METHOD=AES-128,URI="keys/k1.key",IV=0x01',
      '#EXT-X-MAP:URI="init.mp4"',
      '#EXTINF:6.000,',
      'seg%201.m4s',
      '#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example.com/k2"',
      '#EXTINF:6.000,',
      'seg2.m4s?token=abc',
      '#EXT-X-ENDLIST',
    ].join('\r\n');
    expect(playlistReferences('720p/index.m3u8', text)).to.deep.equal(['720p/keys/k1.key', '720p/init.mp4', '720p/seg 1.m4s', '720p/seg2.m4s']);
  });

  it('lists the variant and rendition playlists of a master (EXT-X-MEDIA, EXT-X-I-FRAME-STREAM-INF, session keys)', () => {
    const text = [
      '#EXTM3U',
      '#EXT-X-SESSION-KEY:METHOD=AES-128,URI="k.key"',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="audio/en.m3u8"',
      '#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",NAME="cc",INSTREAM-ID="CC1"',
      '#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS="avc1.64001f,mp4a.40.2",AUDIO="a"',
      'v720.m3u8',
      '#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1,URI="iframes.m3u8"',
      '',
    ].join('\n');
    expect(playlistReferences('master.m3u8', text)).to.deep.equal(['k.key', 'audio/en.m3u8', 'v720.m3u8', 'iframes.m3u8']);
  });

  it('leaves out references outside the package and to itself', () => {
    const text = '#EXTM3U\n#EXTINF:1,\n/abs/a.ts\n#EXTINF:1,\n../up.ts\n#EXTINF:1,\nhttp://cdn/x.ts\n#EXTINF:1,\ndata:text/plain,x\nself.m3u8\n';
    expect(playlistReferences('self.m3u8', text)).to.deep.equal([]);
  });

  it('lists init and media segments of an MPD, BaseURLs applied', () => {
    const mpd = `<?xml version="1.0"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT4S">
  <Period id="0" start="PT0S">
    <AdaptationSet id="0" contentType="video">
      <Representation id="0" bandwidth="1000">
        <BaseURL>v0/</BaseURL>
        <SegmentTemplate timescale="1000" initialization="init_$RepresentationID$.m4s" media="chunk_$RepresentationID$_$Number%05d$.m4s" startNumber="1">
          <SegmentTimeline><S t="0" d="2000" r="1" /></SegmentTimeline>
        </SegmentTemplate>
      </Representation>
    </AdaptationSet>
  </Period>
</MPD>`;
    expect(playlistReferences('dash/manifest.mpd', mpd)).to.deep.equal(['dash/v0/init_0.m4s', 'dash/v0/chunk_0_00001.m4s', 'dash/v0/chunk_0_00002.m4s']);
  });

  it('returns null for text it cannot read, so the caller waits for everything', () => {
    expect(playlistReferences('x.m3u8', 'not a playlist')).to.equal(null);
    expect(playlistReferences('x.mpd', '<MPD><Period><AdaptationSet><Representation bandwidth="1"/></AdaptationSet></Period></MPD>')).to.equal(null);
  });
});

describe('resolveReference()', () => {
  it('resolves against the referring key, decodes escapes, drops query and fragment', () => {
    expect(resolveReference('hls/master.m3u8', '720p/index.m3u8?v=2')).to.equal('hls/720p/index.m3u8');
    expect(resolveReference('a/b/c.m3u8', '../x%C3%A9.ts#t=1')).to.equal('a/x\u00e9.ts');
    expect(resolveReference('c.m3u8', './d.ts')).to.equal('d.ts');
    expect(resolveReference('c.m3u8', 'bad%zz.ts')).to.equal('bad%zz.ts');
  });
  it('is null outside the package', () => {
    for (const uri of ['https://cdn.example.com/a.ts', 'skd://key', '/root.ts', '../a.ts', '', '.']) expect(resolveReference('c.m3u8', uri), uri).to.equal(null);
  });
});
