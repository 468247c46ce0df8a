import { expect } from 'chai';
import { buildDashArgs, dashFileNames } from '../../../lib/plan/dash-args.js';
import { buildStreamArgs } from '../../../lib/plan/stream-args.js';
import { audioOnlyPlan, makePlan, valueOf, videoOnlyPlan } from './make-plan.js';

describe('buildDashArgs()', () => {
  it('puts every rung in one video AdaptationSet and the audio in another, under a hidden partial MPD (snapshot)', () => {
    // Run through ffmpeg 5.1 (with generateHlsPlaylist): it wrote .video.partial.mpd, video_init_0.m4s,
    // video_chunk_0_00001.m4s…, media_0.m3u8… and .video.ffmpeg-master.m3u8.
    const plan = makePlan();
    const argv = buildDashArgs(plan, { generateHlsPlaylist: false });
    const streamArgs = buildStreamArgs(plan);
    expect(argv.slice(0, streamArgs.length)).to.deep.equal(streamArgs);
    expect(argv.slice(streamArgs.length)).to.deep.equal([
      '-f', 'dash',
      '-seg_duration', '6',
      '-use_template', '1',
      '-use_timeline', '1',
      '-dash_segment_type', 'mp4',
      '-adaptation_sets', 'id=0,streams=v id=1,streams=a',
      '-init_seg_name', 'video_init_$RepresentationID$.$ext$',
      '-media_seg_name', 'video_chunk_$RepresentationID$_$Number%05d$.$ext$',
      '.video.partial.mpd',
    ]);
  });

  it('has only a video AdaptationSet for a video-only plan and only an audio one for an audio-only plan', () => {
    expect(valueOf(buildDashArgs(videoOnlyPlan(), { generateHlsPlaylist: false }), '-adaptation_sets')).to.equal('id=0,streams=v');
    expect(valueOf(buildDashArgs(audioOnlyPlan(), { generateHlsPlaylist: false }), '-adaptation_sets')).to.equal('id=0,streams=a');
  });

  it('asks for HLS playlists and a hidden ffmpeg master only when generateHlsPlaylist is set', () => {
    const without = buildDashArgs(makePlan(), { generateHlsPlaylist: false });
    expect(without).not.to.include('-hls_playlist');
    expect(without).not.to.include('-hls_master_name');
    const withHls = buildDashArgs(makePlan(), { generateHlsPlaylist: true });
    expect(valueOf(withHls, '-hls_playlist')).to.equal('1');
    expect(valueOf(withHls, '-hls_master_name')).to.equal('.video.ffmpeg-master.m3u8');
    expect(withHls.at(-1)).to.equal('.video.partial.mpd');
  });

  it('uses the segment duration and the slug, with extra args just before the output', () => {
    const argv = buildDashArgs(makePlan({ segmentDurationSeconds: 4, slug: 'talk', extraArgs: ['-window_size', '0'] }), { generateHlsPlaylist: false });
    expect(valueOf(argv, '-seg_duration')).to.equal('4');
    expect(valueOf(argv, '-init_seg_name')).to.equal('talk_init_$RepresentationID$.$ext$');
    expect(argv.slice(-3)).to.deep.equal(['-window_size', '0', '.talk.partial.mpd']);
  });
});

describe('dashFileNames()', () => {
  it('hides the files ffmpeg rewrites while it works, and names segments after the slug', () => {
    expect(dashFileNames(makePlan({ slug: 'talk' }))).to.deep.equal({
      partialMpd: '.talk.partial.mpd',
      ffmpegHlsMaster: '.talk.ffmpeg-master.m3u8',
      init: 'talk_init_$RepresentationID$.$ext$',
      media: 'talk_chunk_$RepresentationID$_$Number%05d$.$ext$',
    });
  });

  it('never gives the partial MPD the name of the entry manifest the user asked for', () => {
    // The user's `out/talk.mpd` has slug `talk`; ffmpeg must not write there until the job succeeded.
    expect(dashFileNames(makePlan({ slug: 'talk' })).partialMpd).not.to.equal('talk.mpd');
  });
});
