import { expect } from 'chai';
import * as HLS from 'hls-parser';
import type { MasterPlaylist } from 'hls-parser/types.js';
import { encodeUriPath } from '../../../lib/manifest/encode-uri-path.js';
import { writeHlsMaster } from '../../../lib/manifest/write-hls-master.js';
import { audioRendition, presentationOf, videoRung } from './presentation-builder.js';

function parseStrict(text: string): MasterPlaylist {
  HLS.setOptions({ strictMode: true, silent: true });
  const playlist = HLS.parse(text);
  expect(playlist.isMasterPlaylist).to.equal(true);
  return playlist as MasterPlaylist;
}

const ladder = [
  videoRung('1080p', { width: 1920, height: 1080, peakBps: 6_100_000.2, averageBps: 5_000_000, codecs: 'avc1.640028' }),
  videoRung('360p', { width: 640, height: 360, peakBps: 600_000, averageBps: 500_000, codecs: 'avc1.64001e', frameRate: 30000 / 1001 }),
  videoRung('540p', { width: 960, height: 540, peakBps: 2_300_000, averageBps: 1_900_000, codecs: 'avc1.64001f' }),
];
const audio = audioRendition('audio', { peakBps: 130_000.5, averageBps: 127_999.1 });

describe('writeHlsMaster()', () => {
  it('writes a master hls-parser accepts in strict mode, with the exact expected text', () => {
    const text = writeHlsMaster(presentationOf([...ladder, audio]));
    expect(text).to.equal(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:3',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="audio",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="clip_audio.m3u8"',
        '#EXT-X-STREAM-INF:BANDWIDTH=2430001,AVERAGE-BANDWIDTH=2028000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=960x540,FRAME-RATE=30.000,AUDIO="audio"',
        'clip_540p.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=6230001,AVERAGE-BANDWIDTH=5128000,CODECS="avc1.640028,mp4a.40.2",RESOLUTION=1920x1080,FRAME-RATE=30.000,AUDIO="audio"',
        'clip_1080p.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=730001,AVERAGE-BANDWIDTH=628000,CODECS="avc1.64001e,mp4a.40.2",RESOLUTION=640x360,FRAME-RATE=29.970,AUDIO="audio"',
        'clip_360p.m3u8',
        '',
      ].join('\n'),
    );
    const parsed = parseStrict(text);
    expect(parsed.variants.map((v) => v.bandwidth)).to.deep.equal([2_430_001, 6_230_001, 730_001]);
    expect(parsed.independentSegments).to.equal(true);
  });

  it('sums rung and audio bitrates, rounding up so BANDWIDTH is never below the measured peak', () => {
    const parsed = parseStrict(writeHlsMaster(presentationOf([...ladder, audio])));
    for (const variant of parsed.variants) {
      const rung = ladder.find((r) => variant.uri === r.playlistUri);
      expect(rung, variant.uri).to.not.equal(undefined);
      expect(variant.bandwidth).to.equal(Math.ceil((rung?.peakBps ?? 0) + audio.peakBps));
      expect(variant.averageBandwidth).to.equal(Math.ceil((rung?.averageBps ?? 0) + audio.averageBps));
      expect(variant.bandwidth).to.be.at.least((rung?.peakBps ?? 0) + audio.peakBps);
    }
  });

  it('uses the highest audio peak when the group holds several languages, and lists every audio codec', () => {
    const en = audioRendition('en', { language: 'en', peakBps: 100_000, averageBps: 90_000 });
    const fr = audioRendition('fr', { language: 'fr', peakBps: 400_000, averageBps: 380_000, codecs: 'ec-3', channels: 6 });
    const text = writeHlsMaster(presentationOf([videoRung('720p'), en, fr]), { defaultAudioId: 'fr', audioNames: { fr: 'Français "VF"' } });
    const parsed = parseStrict(text);
    expect(parsed.variants[0]?.bandwidth).to.equal(1_400_000);
    expect(parsed.variants[0]?.averageBandwidth).to.equal(1_280_000);
    expect(parsed.variants[0]?.codecs).to.equal('avc1.64001f,mp4a.40.2,ec-3');
    // The default rendition is listed first; a double quote in a NAME cannot be escaped, so it is replaced.
    expect(text).to.include('#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Français \'VF\'",LANGUAGE="fr",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="6"');
    expect(text.indexOf('LANGUAGE="fr"')).to.be.below(text.indexOf('LANGUAGE="en"'));
  });

  it('starts with the rung closest to 2 Mb/s, or the one asked for, then descends', () => {
    const ids = (text: string): string[] => parseStrict(text).variants.map((v) => v.uri.replace(/^clip_|\.m3u8$/gu, ''));
    expect(ids(writeHlsMaster(presentationOf([...ladder, audio])))).to.deep.equal(['540p', '1080p', '360p']);
    expect(ids(writeHlsMaster(presentationOf([...ladder, audio]), { startRenditionId: '360p' }))).to.deep.equal(['360p', '1080p', '540p']);
    expect(() => writeHlsMaster(presentationOf([...ladder, audio]), { startRenditionId: '4k' })).to.throw(/startRenditionId/u);
  });

  it('writes VERSION 7 for fMP4 packages', () => {
    const text = writeHlsMaster(presentationOf([videoRung('720p', { initUri: 'init.mp4' }), audio], { segmentFormat: 'fmp4' }));
    expect(text.split('\n')[1]).to.equal('#EXT-X-VERSION:7');
    parseStrict(text);
  });

  it('percent-encodes URIs with spaces, quotes, commas, # and non-ASCII so attributes and lines stay intact', () => {
    const video = videoRung('720p', { playlistUri: 'my "clip", #1/vidéo 720p.m3u8' });
    const a = audioRendition('audio', { playlistUri: 'audio "fr".m3u8' });
    const text = writeHlsMaster(presentationOf([video, a]));
    expect(text).to.include('URI="audio%20%22fr%22.m3u8"');
    expect(text).to.include('\nmy%20%22clip%22,%20%231/vid%C3%A9o%20720p.m3u8\n');
    const parsed = parseStrict(text);
    expect(decodeURIComponent(parsed.variants[0]?.uri ?? '')).to.equal('my "clip", #1/vidéo 720p.m3u8');
    expect(decodeURIComponent(parsed.variants[0]?.audio[0]?.uri ?? '')).to.equal('audio "fr".m3u8');
  });

  it('writes audio-only packages as one variant per audio rendition, without RESOLUTION', () => {
    const text = writeHlsMaster(presentationOf([audioRendition('aac'), audioRendition('he', { codecs: 'mp4a.40.5', peakBps: 50_000, averageBps: 48_000 })]));
    const parsed = parseStrict(text);
    expect(text).to.not.include('RESOLUTION');
    expect(text).to.not.include('EXT-X-MEDIA');
    expect(parsed.variants.map((v) => [v.uri, v.bandwidth, v.averageBandwidth, v.codecs])).to.deep.equal([
      ['clip_aac.m3u8', 100_000, 96_000, 'mp4a.40.2'],
      ['clip_he.m3u8', 50_000, 48_000, 'mp4a.40.5'],
    ]);
  });

  it('writes video-only packages without an AUDIO attribute or group', () => {
    const text = writeHlsMaster(presentationOf(ladder));
    expect(text).to.not.include('AUDIO');
    expect(parseStrict(text).variants[0]?.codecs).to.equal('avc1.64001f');
  });

  it('appends extra attributes per rendition and refuses malformed or conflicting ones', () => {
    const text = writeHlsMaster(presentationOf([...ladder, audio]), { extraStreamInfAttributes: { '540p': ['VIDEO-RANGE=SDR', 'HDCP-LEVEL=NONE'] } });
    expect(text).to.include('AUDIO="audio",VIDEO-RANGE=SDR,HDCP-LEVEL=NONE\nclip_540p.m3u8');
    parseStrict(text);
    expect(() => writeHlsMaster(presentationOf([...ladder, audio]), { extraStreamInfAttributes: { '540p': ['CODECS="avc1.640028"'] } })).to.throw(/writer measures and sets/u);
    expect(() => writeHlsMaster(presentationOf([...ladder, audio]), { extraStreamInfAttributes: { '540p': ['NAME="a"b"'] } })).to.throw(/NAME=value/u);
    expect(() => writeHlsMaster(presentationOf([...ladder, audio]), { extraStreamInfAttributes: { '4k': ['VIDEO-RANGE=SDR'] } })).to.throw(/rendition ids/u);
  });

  it('ends with a newline and refuses renditions without an HLS playlist', () => {
    expect(writeHlsMaster(presentationOf(ladder)).endsWith('.m3u8\n')).to.equal(true);
    expect(() => writeHlsMaster(presentationOf([videoRung('720p', { playlistUri: '' })]))).to.throw(/no HLS media playlist/u);
  });
});

describe('encodeUriPath()', () => {
  it('encodes each path segment and keeps the separators', () => {
    expect(encodeUriPath('a b/c?d#e%f/g\'(h):1.ts')).to.equal('a%20b/c%3Fd%23e%25f/g\'(h)%3A1.ts');
    expect(encodeUriPath('../720p/clip_00001.ts')).to.equal('../720p/clip_00001.ts');
  });
  it('is idempotent: valid escapes are kept', () => {
    const once = encodeUriPath('my "clip"/vidéo 100%.ts');
    expect(once).to.equal('my%20%22clip%22/vid%C3%A9o%20100%25.ts');
    expect(encodeUriPath(once)).to.equal(once);
  });
});
