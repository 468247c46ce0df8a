import { expect } from 'chai';
import * as HLS from 'hls-parser';
import { parseMediaPlaylist } from '../../../lib/manifest/parse-media-playlist.js';
import { hlsSyntaxRule, independentSegmentsRule, playlistTypeRule, sharedTargetDurationRule, targetDurationRule } from '../../../lib/verify/hls-playlist-rules.js';

const media = (lines: readonly string[]): string => `${['#EXTM3U', ...lines].join('\n')}\n`;
const vod = media(['#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', '#EXT-X-PLAYLIST-TYPE:VOD', '#EXTINF:2.000000,', 'a_0.ts', '#EXTINF:1.5,', 'a_1.ts', '#EXT-X-ENDLIST']);

describe('HLS playlist rules', () => {
  describe('hls.syntax.strict', () => {
    it('passes a valid playlist and reports hls-parser strict mode complaints as they are', () => {
      expect(hlsSyntaxRule('a.m3u8', vod)).to.include({ rule: 'hls.syntax.strict', status: 'pass', subject: 'a.m3u8' });
      const noTarget = hlsSyntaxRule('a.m3u8', media(['#EXTINF:2,', 'a.ts']));
      expect(noTarget.status).to.equal('fail');
      expect(noTarget.message).to.include('EXT-X-TARGETDURATION');
    });

    it('fails an fMP4 playlist whose EXT-X-VERSION is below 6', () => {
      const result = hlsSyntaxRule('a.m3u8', media(['#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', '#EXT-X-MAP:URI="init.mp4"', '#EXTINF:2,', 'a.m4s', '#EXT-X-ENDLIST']));
      expect(result.status).to.equal('fail');
      expect(result.message).to.include('EXT-X-VERSION needs to be 6');
    });

    it('leaves hls-parser in the mode it found it in', () => {
      const before = { ...HLS.getOptions() };
      hlsSyntaxRule('a.m3u8', 'garbage');
      expect(HLS.getOptions()).to.deep.equal(before);
    });
  });

  describe('hls.target-duration', () => {
    it('passes when every EXTINF rounds to at most the target (2.4 rounds to 2)', () => {
      const playlist = parseMediaPlaylist(media(['#EXT-X-TARGETDURATION:2', '#EXTINF:2.4,', 'a.ts', '#EXT-X-ENDLIST']));
      expect(targetDurationRule('a.m3u8', playlist)).to.include({ status: 'pass' });
    });

    it('fails naming the segment, its EXTINF and the target, as for the seed approach\'s 16.7 s segments', () => {
      const playlist = parseMediaPlaylist(media(['#EXT-X-TARGETDURATION:10', '#EXTINF:10.000,', 'a_0.ts', '#EXTINF:16.666667,', 'a_1.ts', '#EXT-X-ENDLIST']));
      const result = targetDurationRule('a.m3u8', playlist);
      expect(result.status).to.equal('fail');
      expect(result.message).to.include('a_1.ts').and.include('16.667').and.include('rounds to 17').and.include('EXT-X-TARGETDURATION 10');
    });

    it('fails a playlist without a target duration', () => {
      expect(targetDurationRule('a.m3u8', parseMediaPlaylist(media(['#EXTINF:2,', 'a.ts']))).status).to.equal('fail');
    });
  });

  describe('hls.playlist-type', () => {
    it('passes VOD with ENDLIST, warns without PLAYLIST-TYPE (the seed) and on a live playlist', () => {
      expect(playlistTypeRule('a.m3u8', parseMediaPlaylist(vod)).status).to.equal('pass');
      const seed = playlistTypeRule('a.m3u8', parseMediaPlaylist(media(['#EXT-X-TARGETDURATION:2', '#EXTINF:2,', 'a.ts', '#EXT-X-ENDLIST'])));
      expect(seed).to.include({ status: 'warn' });
      expect(seed.message).to.include('EXT-X-PLAYLIST-TYPE:VOD is missing');
      expect(playlistTypeRule('a.m3u8', parseMediaPlaylist(media(['#EXT-X-TARGETDURATION:2', '#EXTINF:2,', 'a.ts']))).message).to.include('no EXT-X-ENDLIST');
    });
  });

  describe('hls.target-duration.shared and hls.independent-segments', () => {
    it('passes one target for all, warns naming each playlist\'s when they differ, says nothing for one playlist', () => {
      expect(sharedTargetDurationRule('m.m3u8', [{ subject: 'a', targetDurationSeconds: 2 }, { subject: 'b', targetDurationSeconds: 2 }])?.status).to.equal('pass');
      const differ = sharedTargetDurationRule('m.m3u8', [{ subject: 'v.m3u8', targetDurationSeconds: 10 }, { subject: 'w.m3u8', targetDurationSeconds: 11 }]);
      expect(differ?.status).to.equal('warn');
      expect(differ?.message).to.include('v.m3u8 10').and.include('w.m3u8 11');
      expect(sharedTargetDurationRule('m.m3u8', [{ subject: 'a', targetDurationSeconds: 2 }])).to.equal(undefined);
    });

    it('warns when the master lacks EXT-X-INDEPENDENT-SEGMENTS', () => {
      expect(independentSegmentsRule('m.m3u8', true).status).to.equal('pass');
      expect(independentSegmentsRule('m.m3u8', false)).to.include({ status: 'warn', rule: 'hls.independent-segments' });
    });
  });
});
