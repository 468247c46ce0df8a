import { expect } from 'chai';
import { ownFileMatcher } from '../../../lib/job/own-file-matcher.js';
import type { EncodingPlan } from '../../../lib/plan/encoding-plan.js';

/** The slug and the rendition names matter to the matcher; the rest is a minimal valid plan. */
function planWithSlug(slug: string, rungNames: readonly string[] = ['180p', '360p', '720p', '720p-2']): EncodingPlan {
  return {
    input: { kind: 'file', uri: `/out/${slug}.mp4`, inputOptions: [], isLive: false, label: slug },
    videoStreamIndex: 0,
    audioStreamIndex: 1,
    video: null,
    rungs: rungNames.map((name) => ({ name, width: 2, height: 2, videoBitrateBps: 1, maxrateBps: 1, bufsizeBits: 1, videoOptions: {} })),
    audio: { codec: 'aac', encoder: 'aac', bitrateBps: 128_000, channels: 2, options: {}, endSeconds: null },
    segmentDurationSeconds: 6,
    keyFrameIntervalSeconds: 2,
    outDir: '/out',
    slug,
    extraArgs: [],
  };
}

const mismatches = (isOwn: (name: string) => boolean, names: readonly string[]): string[] => names.filter((n) => !isOwn(n));
const matches = (isOwn: (name: string) => boolean, names: readonly string[]): string[] => names.filter((n) => isOwn(n));

describe('ownFileMatcher()', () => {
  describe('for HLS', () => {
    const isOwn = ownFileMatcher(planWithSlug('video'), 'hls');

    it('matches every file ffmpeg 5.1 wrote for an MPEG-TS job', () => {
      // Listed from a real run of buildHlsArgs() output (slug "video", rungs 360p and 180p, TS).
      const written = ['video_180p.m3u8', 'video_180p_00000.ts', 'video_180p_00001.ts', 'video_360p.m3u8', 'video_360p_00000.ts', 'video_audio.m3u8', 'video_audio_00001.ts'];
      expect(mismatches(isOwn, written)).to.deep.equal([]);
    });

    it('matches every file ffmpeg 5.1 wrote for an fMP4 job, init files included', () => {
      const written = ['video_360p.m3u8', 'video_360p_00000.m4s', 'video_360p_init.mp4', 'video_audio.m3u8', 'video_audio_00001.m4s', 'video_audio_init.mp4'];
      expect(mismatches(isOwn, written)).to.deep.equal([]);
    });

    it("matches ffmpeg's .tmp files (-hls_flags temp_file) and rung names with dashes", () => {
      expect(mismatches(isOwn, ['video_720p_00012.ts.tmp', 'video_720p.m3u8.tmp', 'video_720p-2_00003.ts', 'video_720p-2.m3u8'])).to.deep.equal([]);
    });

    it("never matches the files of a job whose slug merely starts with this one's (video_720p)", () => {
      expect(matches(isOwn, ['video_720p_360p.m3u8', 'video_720p_360p_00001.ts', 'video_720p_audio.m3u8'])).to.deep.equal([]);
    });

    it("never matches the user's master, the input, other jobs' files or unrelated names", () => {
      const others = [
        'video.m3u8', // the entry manifest the user named (slug of "video.m3u8")
        'video.mp4',
        'video.ts', // an input named like the slug
        'video.mpd',
        'other_720p.m3u8',
        'other_720p_00001.ts',
        'videos_720p.m3u8', // a slug that merely starts like ours
        'video2_720p_00001.ts',
        'video_720p_0001.ts', // not ffmpeg's %05d
        'video_720p_00001.ts.bak',
        'video_720p_00001.mp4',
        'sub/video_720p.m3u8',
        'notes.txt',
        '',
      ];
      expect(matches(isOwn, others)).to.deep.equal([]);
    });
  });

  describe('for DASH', () => {
    const isOwn = ownFileMatcher(planWithSlug('video'), 'dash');

    it('matches every file ffmpeg 5.1 wrote for a DASH job with HLS playlists', () => {
      // Listed from a real run of buildDashArgs() output (slug "video", two rungs + audio, generateHlsPlaylist).
      const written = [
        '.video.ffmpeg-master.m3u8',
        '.video.partial.mpd',
        'media_0.m3u8',
        'media_1.m3u8',
        'media_2.m3u8',
        'video_chunk_0_00001.m4s',
        'video_chunk_1_00002.m4s',
        'video_chunk_2_00002.m4s',
        'video_init_0.m4s',
        'video_init_2.m4s',
      ];
      expect(mismatches(isOwn, written)).to.deep.equal([]);
    });

    it('matches .tmp files, the renamed HLS playlists and WebM/MP4 segment extensions', () => {
      const names = ['video_chunk_0_00001.m4s.tmp', '.video.partial.mpd.tmp', '.video.ffmpeg-master.m3u8.tmp', 'media_0.m3u8.tmp', 'video_media_0.m3u8', 'video_init_0.webm', 'video_chunk_3_00010.mp4'];
      expect(mismatches(isOwn, names)).to.deep.equal([]);
    });

    it("never matches the user's manifest and master, the input, or another slug's files", () => {
      const others = [
        'video.mpd',
        'video.m3u8', // the HLS master written beside the MPD when generateHlsPlaylist is set
        'video.mp4',
        'other_chunk_0_00001.m4s',
        'other_init_0.m4s',
        '.other.partial.mpd',
        'video_chunk_0_1.m4s',
        'video_chunk_a_00001.m4s',
        'video_720p.m3u8', // an HLS job's file
        'video_720p_00001.ts',
        'video.partial.mpd', // not hidden: not ours
      ];
      expect(matches(isOwn, others)).to.deep.equal([]);
    });
  });

  it('treats the slug literally, not as a pattern (dots are not wildcards)', () => {
    const isOwn = ownFileMatcher(planWithSlug('my.talk'), 'hls');
    expect(isOwn('my.talk_720p.m3u8')).to.equal(true);
    expect(isOwn('myXtalk_720p.m3u8')).to.equal(false);
    expect(ownFileMatcher(planWithSlug('my.talk'), 'dash')('.myXtalk.partial.mpd')).to.equal(false);
  });
});
