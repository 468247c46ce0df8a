import { expect } from 'chai';
import { detectManifestFormat } from '../../../lib/verify/detect-manifest-format.js';
import { isHlsMasterPlaylist, readHlsMaster } from '../../../lib/verify/read-hls-master.js';

describe('detectManifestFormat()', () => {
  it('knows an HLS playlist by #EXTM3U on its first line, BOM and CRLF included', () => {
    expect(detectManifestFormat('#EXTM3U\n#EXT-X-VERSION:3\n')).to.equal('hls');
    expect(detectManifestFormat('\uFEFF#EXTM3U\r\n#EXT-X-TARGETDURATION:2\r\n')).to.equal('hls');
    expect(detectManifestFormat('#EXTM3U')).to.equal('hls');
  });

  it('knows an MPD by its root element, after an XML declaration and comments, with or without a prefix', () => {
    expect(detectManifestFormat('<?xml version="1.0" encoding="utf-8"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static">')).to.equal('dash');
    expect(detectManifestFormat('<!-- made by hand -->\n<MPD>')).to.equal('dash');
    expect(detectManifestFormat('<dash:MPD xmlns:dash="urn:mpeg:dash:schema:mpd:2011">')).to.equal('dash');
  });

  it('refuses everything else: HTML, JSON, text, media bytes, a JPEG, an #EXTM3U that is not on the first line', () => {
    for (const text of ['<html><body>404</body></html>', '{"error":"not found"}', 'hello', '', '\u00ff\u00d8\u00ff\u00e0JFIF', 'G@\u0000\u0010', 'ftypisom', 'x\n#EXTM3U\n', '#EXTM3UX\n', '<MPDX>']) {
      expect(detectManifestFormat(text), JSON.stringify(text)).to.equal(undefined);
    }
  });
});

describe('readHlsMaster()', () => {
  const master = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    '#EXT-X-INDEPENDENT-SEGMENTS',
    '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English, main",URI="a/en.m3u8"',
    '#EXT-X-STREAM-INF:BANDWIDTH=845066,CODECS="avc1.42c00d,mp4a.40.2",RESOLUTION=320x180,AUDIO="aud"',
    '',
    'v/180p.m3u8',
    '#EXT-X-STREAM-INF:BANDWIDTH=545600,RESOLUTION=160x90',
    'v/90p.m3u8',
    '',
  ].join('\n');

  it('keeps every attribute as written, quoted commas included, and the URI on the line after', () => {
    const read = readHlsMaster(master);
    expect(read.variants).to.deep.equal([
      { uri: 'v/180p.m3u8', attributes: { BANDWIDTH: '845066', CODECS: 'avc1.42c00d,mp4a.40.2', RESOLUTION: '320x180', AUDIO: 'aud' } },
      { uri: 'v/90p.m3u8', attributes: { BANDWIDTH: '545600', RESOLUTION: '160x90' } },
    ]);
    expect(read.renditions).to.deep.equal([{ TYPE: 'AUDIO', 'GROUP-ID': 'aud', NAME: 'English, main', URI: 'a/en.m3u8' }]);
    expect(read.hasIndependentSegments).to.equal(true);
  });

  it('leaves an absent attribute absent, so a missing AVERAGE-BANDWIDTH is not a zero', () => {
    expect(readHlsMaster(master).variants[1]?.attributes).to.not.have.property('AVERAGE-BANDWIDTH');
    expect(readHlsMaster('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\na.m3u8').hasIndependentSegments).to.equal(false);
  });

  it('tells a master from a media playlist', () => {
    expect(isHlsMasterPlaylist(master)).to.equal(true);
    expect(isHlsMasterPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\na.ts\n#EXT-X-ENDLIST\n')).to.equal(false);
  });
});
