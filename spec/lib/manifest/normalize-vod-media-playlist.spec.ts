import { expect } from 'chai';
import * as HLS from 'hls-parser';
import { readFileSync } from 'node:fs';
import { hlsTargetDurationSeconds } from '../../../lib/manifest/hls-target-duration.js';
import { normalizeVodMediaPlaylist } from '../../../lib/manifest/normalize-vod-media-playlist.js';
import { parseMediaPlaylist } from '../../../lib/manifest/parse-media-playlist.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/manifest/${name}`, import.meta.url), 'utf8');

function parseStrict(text: string): void {
  const previous = { ...HLS.getOptions() };
  HLS.setOptions({ strictMode: true, silent: true });
  try {
    HLS.parse(text);
  } finally {
    HLS.setOptions(previous); // hls-parser's options are global: leave them as found
  }
}

describe('normalizeVodMediaPlaylist()', () => {
  it('turns the dash muxer -hls_playlist output into an Apple VOD playlist, keeping every segment', () => {
    const original = fixture('ffmpeg-5.1-dash-hls-playlist-media_0.m3u8');
    const text = normalizeVodMediaPlaylist(original);
    expect(text).to.equal(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:6',
        '#EXT-X-TARGETDURATION:4',
        '#EXT-X-MEDIA-SEQUENCE:1',
        '#EXT-X-PLAYLIST-TYPE:VOD',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-MAP:URI="clip_init_0.m4s"',
        '#EXTINF:4.000000,',
        'clip_chunk_0_00001.m4s',
        '#EXTINF:4.000000,',
        'clip_chunk_0_00002.m4s',
        '#EXTINF:4.000000,',
        'clip_chunk_0_00003.m4s',
        '#EXTINF:1.000000,',
        'clip_chunk_0_00004.m4s',
        '#EXT-X-ENDLIST',
        '',
      ].join('\n'),
    );
    parseStrict(text);
    const before = parseMediaPlaylist(original).segments.map((s) => [s.uri, s.durationSeconds]);
    expect(parseMediaPlaylist(text).segments.map((s) => [s.uri, s.durationSeconds])).to.deep.equal(before);
  });

  it('adds INDEPENDENT-SEGMENTS to an hls-muxer audio playlist and takes the package-wide target duration', () => {
    const text = normalizeVodMediaPlaylist(fixture('ffmpeg-5.1-hls-fmp4-audio.m3u8'), { targetDurationSeconds: 5 });
    const p = parseMediaPlaylist(text);
    expect(p).to.include({ targetDurationSeconds: 5, playlistType: 'VOD', isIndependentSegments: true, hasEndList: true, version: 7 });
    expect(text.match(/#EXT-X-PLAYLIST-TYPE/gu)).to.have.length(1);
    parseStrict(text);
  });

  it('raises TARGETDURATION to the rounded longest segment, refuses a smaller one, and raises VERSION', () => {
    const input = '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXT-X-ALLOW-CACHE:YES\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXTINF:4.6,\n#EXT-X-BYTERANGE:100@0\na.ts\n#EXTINF:2.0,\n#EXT-X-PROGRAM-DATE-TIME:2025-01-01T00:00:00Z\na.ts\n';
    const text = normalizeVodMediaPlaylist(input, { isIndependentSegments: false });
    expect(text).to.equal('#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:5\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:4.6,\n#EXT-X-BYTERANGE:100@0\na.ts\n#EXTINF:2.0,\na.ts\n#EXT-X-ENDLIST\n');
    parseStrict(text);
    expect(() => normalizeVodMediaPlaylist(input, { targetDurationSeconds: 4 })).to.throw(/targetDurationSeconds/u);
  });

  it('percent-encodes raw file names from ffmpeg, idempotently, unless told not to', () => {
    const input = '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MAP:URI="my clip_init.mp4"\n#EXTINF:4.0,\nmy clip #1_00000.m4s\n';
    const encoded = normalizeVodMediaPlaylist(input);
    expect(encoded).to.include('#EXT-X-MAP:URI="my%20clip_init.mp4"\n');
    expect(encoded).to.include('\nmy%20clip%20%231_00000.m4s\n');
    parseStrict(encoded);
    expect(normalizeVodMediaPlaylist(encoded)).to.equal(encoded);
    expect(normalizeVodMediaPlaylist(input, { encodeRawUris: false })).to.include('\nmy clip #1_00000.m4s\n');
  });

  it('refuses masters and non-playlists', () => {
    expect(() => normalizeVodMediaPlaylist('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\na.m3u8\n')).to.throw(/no #EXTINF/u);
    expect(() => normalizeVodMediaPlaylist('hello')).to.throw(/#EXTM3U/u);
  });
});

describe('hlsTargetDurationSeconds()', () => {
  it('rounds the longest segment to the nearest integer, half up, at least 1', () => {
    expect(hlsTargetDurationSeconds(4.010667)).to.equal(4);
    expect(hlsTargetDurationSeconds(4.49)).to.equal(4);
    expect(hlsTargetDurationSeconds(4.5)).to.equal(5);
    expect(hlsTargetDurationSeconds(0.2)).to.equal(1);
  });
});
