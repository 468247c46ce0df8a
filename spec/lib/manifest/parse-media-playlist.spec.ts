import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parseHlsAttributeList } from '../../../lib/manifest/hls-attribute-list.js';
import { parseMediaPlaylist } from '../../../lib/manifest/parse-media-playlist.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/manifest/${name}`, import.meta.url), 'utf8');

describe('parseMediaPlaylist()', () => {
  it('reads an ffmpeg 5.1 hls-muxer TS playlist', () => {
    const p = parseMediaPlaylist(fixture('ffmpeg-5.1-hls-ts-360p.m3u8'));
    expect(p).to.include({ version: 6, targetDurationSeconds: 4, mediaSequence: 0, playlistType: 'VOD', hasEndList: true, isIndependentSegments: true, mapUri: undefined });
    expect(p.segments.map((s) => [s.uri, s.durationSeconds])).to.deep.equal([
      ['clip_360p_00000.ts', 4],
      ['clip_360p_00001.ts', 4],
      ['clip_360p_00002.ts', 4],
      ['clip_360p_00003.ts', 1],
    ]);
  });

  it('reads the EXT-X-MAP of an fMP4 audio playlist and its uneven durations', () => {
    const p = parseMediaPlaylist(fixture('ffmpeg-5.1-hls-fmp4-audio.m3u8'));
    expect(p.mapUri).to.equal('clip_audio_init.mp4');
    expect(p.isIndependentSegments).to.equal(false);
    expect(p.segments[0]?.durationSeconds).to.equal(4.010667);
    expect(p.segments[1]?.map).to.deep.equal({ uri: 'clip_audio_init.mp4', byteRange: undefined });
  });

  it('reads the dash muxer -hls_playlist media playlist: PROGRAM-DATE-TIME between EXTINF and URI', () => {
    const p = parseMediaPlaylist(fixture('ffmpeg-5.1-dash-hls-playlist-media_0.m3u8'));
    expect(p).to.include({ version: 6, mediaSequence: 1, playlistType: undefined, hasEndList: true });
    expect(p.segments).to.have.length(4);
    expect(p.segments[0]).to.include({ uri: 'clip_chunk_0_00001.m4s', durationSeconds: 4 });
    expect(p.segments[0]?.programDateTime).to.match(/^\d{4}-\d\d-\d\dT/u);
  });

  it('resolves byte ranges, implicit offsets included, and tracks keys and discontinuities', () => {
    const p = parseMediaPlaylist(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:4',
        '#EXT-X-TARGETDURATION:6',
        '#EXT-X-MAP:URI="all.mp4",BYTERANGE="720@0"',
        '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://k,1",KEYFORMAT="com.apple.streamingkeydelivery"',
        '#EXTINF:6.0,',
        '#EXT-X-BYTERANGE:1000@720',
        'all.mp4',
        '#EXT-X-KEY:METHOD=NONE',
        '#EXT-X-DISCONTINUITY',
        '#EXTINF:5.5,title, with comma',
        '#EXT-X-BYTERANGE:500',
        'all.mp4',
        '#EXT-X-ENDLIST',
      ].join('\r\n'),
    );
    expect(p.mapUri).to.equal('all.mp4');
    expect(p.segments[0]?.byteRange).to.deep.equal({ lengthBytes: 1000, offsetBytes: 720 });
    expect(p.segments[0]?.key).to.deep.equal({ method: 'SAMPLE-AES', uri: 'skd://k,1', iv: undefined, keyFormat: 'com.apple.streamingkeydelivery' });
    expect(p.segments[0]?.map?.byteRange).to.deep.equal({ lengthBytes: 720, offsetBytes: 0 });
    expect(p.segments[1]).to.deep.include({ durationSeconds: 5.5, byteRange: { lengthBytes: 500, offsetBytes: 1720 }, key: undefined, isDiscontinuity: true });
  });

  it('is tolerant of unknown tags, blank lines and a BOM, and keeps URIs as written', () => {
    const p = parseMediaPlaylist('\uFEFF#EXTM3U\n\n#EXT-X-FOO:1\n#EXTINF:2,\nmy%20clip%2000.ts\n# a comment\n');
    expect(p.segments).to.deep.equal([{ uri: 'my%20clip%2000.ts', durationSeconds: 2, byteRange: undefined, key: undefined, map: undefined, isDiscontinuity: false, programDateTime: undefined }]);
    expect(p.hasEndList).to.equal(false);
  });

  it('refuses text that is not a media playlist', () => {
    expect(() => parseMediaPlaylist('<MPD/>')).to.throw(/#EXTM3U/u);
    expect(() => parseMediaPlaylist('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\na.m3u8\n')).to.throw(/multivariant/u);
  });
});

describe('parseHlsAttributeList()', () => {
  it('keeps commas and equals signs inside quoted strings', () => {
    expect(parseHlsAttributeList('URI="a=b,c.key",IV=0x1F,CODECS="avc1.64001f,mp4a.40.2"')).to.deep.equal({ URI: 'a=b,c.key', IV: '0x1F', CODECS: 'avc1.64001f,mp4a.40.2' });
  });
});
