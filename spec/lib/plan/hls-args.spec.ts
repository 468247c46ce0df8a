import { expect } from 'chai';
import { buildHlsArgs, hlsFileNames, hlsRenditionNames } from '../../../lib/plan/hls-args.js';
import { buildStreamArgs } from '../../../lib/plan/stream-args.js';
import { audioOnlyPlan, makePlan, rung, valueOf, videoOnlyPlan } from './make-plan.js';

/** The muxer part: everything after the shared stream arguments. */
const muxArgs = (argv: readonly string[], streamArgCount: number): string[] => argv.slice(streamArgCount);

/** `name:` of every variant of a -var_stream_map value, in order. */
const variantNames = (map: string): string[] => map.split(' ').map((v) => /(?:^|,)name:([^,]+)/u.exec(v)?.[1] ?? '?');

describe('buildHlsArgs()', () => {
  it('writes MPEG-TS media playlists for every rung and the audio (snapshot)', () => {
    // Run through ffmpeg 5.1 with these names: it wrote video_720p.m3u8, video_720p_00000.ts… video_audio.m3u8.
    const plan = makePlan();
    const argv = buildHlsArgs(plan, { segmentType: 'mpegts' });
    expect(argv.slice(0, buildStreamArgs(plan).length)).to.deep.equal(buildStreamArgs(plan));
    expect(muxArgs(argv, buildStreamArgs(plan).length)).to.deep.equal([
      '-f', 'hls',
      '-hls_time', '6',
      '-hls_playlist_type', 'vod',
      '-hls_list_size', '0',
      '-hls_flags', 'independent_segments+temp_file',
      '-hls_segment_type', 'mpegts',
      '-hls_segment_filename', 'video_%v_%05d.ts',
      '-var_stream_map', 'v:0,agroup:audio,name:720p v:1,agroup:audio,name:360p a:0,agroup:audio,name:audio',
      'video_%v.m3u8',
    ]);
  });

  it('writes fMP4 segments with a per-rendition init file (snapshot)', () => {
    const plan = makePlan();
    expect(muxArgs(buildHlsArgs(plan, { segmentType: 'fmp4' }), buildStreamArgs(plan).length)).to.deep.equal([
      '-f', 'hls',
      '-hls_time', '6',
      '-hls_playlist_type', 'vod',
      '-hls_list_size', '0',
      '-hls_flags', 'independent_segments+temp_file',
      '-hls_segment_type', 'fmp4',
      '-hls_fmp4_init_filename', 'video_%v_init.mp4',
      '-hls_segment_filename', 'video_%v_%05d.m4s',
      '-var_stream_map', 'v:0,agroup:audio,name:720p v:1,agroup:audio,name:360p a:0,agroup:audio,name:audio',
      'video_%v.m3u8',
    ]);
  });

  it('has no init-file option for MPEG-TS', () => {
    expect(buildHlsArgs(makePlan(), { segmentType: 'mpegts' })).not.to.include('-hls_fmp4_init_filename');
  });

  it('names the variants so that %v gives exactly the media playlists hlsFileNames() promises', () => {
    const plan = makePlan({ rungs: [rung('1080p', 1920, 1080, 6e6), rung('720p', 1280, 720, 3e6), rung('720p-2', 1280, 720, 2e6)] });
    const argv = buildHlsArgs(plan, { segmentType: 'fmp4' });
    const names = variantNames(valueOf(argv, '-var_stream_map'));
    expect(names).to.deep.equal(hlsRenditionNames(plan));
    const output = argv.at(-1) ?? '';
    const files = hlsFileNames(plan, { segmentType: 'fmp4' });
    expect(names.map((n) => output.replace('%v', n))).to.deep.equal(names.map((n) => files.mediaPlaylist(n)));
    expect(new Set(names).size).to.equal(names.length);
  });

  it('pairs every video variant with the audio group, and the audio variant is the last output stream', () => {
    const map = valueOf(buildHlsArgs(makePlan(), { segmentType: 'mpegts' }), '-var_stream_map').split(' ');
    expect(map.slice(0, 2).every((v) => v.includes('agroup:audio'))).to.equal(true);
    expect(map.at(-1)).to.equal('a:0,agroup:audio,name:audio');
  });

  it('has no audio group for a video-only plan', () => {
    const argv = buildHlsArgs(videoOnlyPlan(), { segmentType: 'mpegts' });
    expect(valueOf(argv, '-var_stream_map')).to.equal('v:0,name:720p v:1,name:360p');
  });

  it('has a single audio variant for an audio-only plan', () => {
    // Run through ffmpeg 5.1 on an .m4a: it wrote video_audio.m3u8 and its segments.
    const argv = buildHlsArgs(audioOnlyPlan(), { segmentType: 'mpegts' });
    expect(valueOf(argv, '-var_stream_map')).to.equal('a:0,agroup:audio,name:audio');
    expect(argv).not.to.include('-filter_complex');
    expect(argv.at(-1)).to.equal('video_%v.m3u8');
  });

  it('uses the segment duration and the slug, and ends with the output pattern after any extra args', () => {
    const argv = buildHlsArgs(makePlan({ segmentDurationSeconds: 4, slug: 'My_Talk.v2', extraArgs: ['-hls_start_number_source', 'generic'] }), { segmentType: 'mpegts' });
    expect(valueOf(argv, '-hls_time')).to.equal('4');
    expect(valueOf(argv, '-hls_segment_filename')).to.equal('My_Talk.v2_%v_%05d.ts');
    expect(argv.slice(-3)).to.deep.equal(['-hls_start_number_source', 'generic', 'My_Talk.v2_%v.m3u8']);
  });

  it('never asks ffmpeg for a master playlist (the library writes it from the real segments)', () => {
    expect(buildHlsArgs(makePlan(), { segmentType: 'fmp4' })).not.to.include('-master_pl_name');
  });
});

describe('hlsFileNames()', () => {
  it('names media playlists, segments and init files after the slug', () => {
    const ts = hlsFileNames(makePlan({ slug: 'talk' }), { segmentType: 'mpegts' });
    expect(ts.mediaPlaylist('720p')).to.equal('talk_720p.m3u8');
    expect(ts.mediaPlaylist('audio')).to.equal('talk_audio.m3u8');
    expect(ts.segmentPattern).to.equal('talk_%v_%05d.ts');
    const fmp4 = hlsFileNames(makePlan({ slug: 'talk' }), { segmentType: 'fmp4' });
    expect(fmp4.segmentPattern).to.equal('talk_%v_%05d.m4s');
    expect(fmp4.initPattern).to.equal('talk_%v_init.mp4');
  });
});

describe('hlsRenditionNames()', () => {
  it("lists the rungs in ffmpeg's variant order, then the audio", () => {
    expect(hlsRenditionNames(makePlan())).to.deep.equal(['720p', '360p', 'audio']);
    expect(hlsRenditionNames(videoOnlyPlan())).to.deep.equal(['720p', '360p']);
    expect(hlsRenditionNames(audioOnlyPlan())).to.deep.equal(['audio']);
  });
});
