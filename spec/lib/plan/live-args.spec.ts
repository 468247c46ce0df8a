import { expect } from 'chai';
import { buildDashArgs, dashManifestArgs } from '../../../lib/plan/dash-args.js';
import { buildHlsArgs, hlsPlaylistArgs } from '../../../lib/plan/hls-args.js';
import { buildStreamArgs } from '../../../lib/plan/stream-args.js';
import { makePlan, valueOf, valuesOf } from './make-plan.js';

const SLIDING = { windowSegments: 3, playlistType: 'sliding', durationMs: null } as const;
const EVENT = { windowSegments: 6, playlistType: 'event', durationMs: 7000 } as const;

describe('live argument builders', () => {
  it('HLS sliding window: list size, deleted segments, PROGRAM-DATE-TIME, no playlist type (snapshot)', () => {
    expect(hlsPlaylistArgs({ live: SLIDING })).to.deep.equal(['-hls_list_size', '3', '-hls_flags', 'delete_segments+program_date_time+independent_segments+temp_file']);
    const argv = buildHlsArgs(makePlan({ live: SLIDING }), { segmentType: 'mpegts' });
    expect(argv).to.not.include('-hls_playlist_type');
  });

  it('HLS event: every segment kept, PLAYLIST-TYPE:EVENT (snapshot)', () => {
    expect(hlsPlaylistArgs({ live: EVENT })).to.deep.equal(['-hls_playlist_type', 'event', '-hls_list_size', '0', '-hls_flags', 'program_date_time+independent_segments+temp_file']);
  });

  it('VOD is unchanged', () => {
    expect(hlsPlaylistArgs({ live: null })).to.deep.equal(['-hls_playlist_type', 'vod', '-hls_list_size', '0', '-hls_flags', 'independent_segments+temp_file']);
    expect(hlsPlaylistArgs({})).to.deep.equal(hlsPlaylistArgs({ live: null }));
    expect(dashManifestArgs({ segmentDurationSeconds: 6 })).to.deep.equal(['-use_template', '1', '-use_timeline', '1']);
  });

  it('DASH live: $Number$ with a fixed duration, a window and extra segments, an update period of one segment (snapshot)', () => {
    expect(dashManifestArgs({ live: SLIDING, segmentDurationSeconds: 2 })).to.deep.equal([
      '-use_template', '1', '-use_timeline', '0', '-window_size', '3', '-extra_window_size', '2', '-update_period', '2',
    ]);
    expect(valueOf(dashManifestArgs({ live: EVENT, segmentDurationSeconds: 4 }), '-window_size')).to.equal('0');
    expect(valueOf(buildDashArgs(makePlan({ live: SLIDING, segmentDurationSeconds: 2 }), { generateHlsPlaylist: false }), '-use_timeline')).to.equal('0');
  });

  it('durationMs becomes -t (graceful: ffmpeg writes its trailer)', () => {
    expect(valueOf(buildStreamArgs(makePlan({ live: EVENT })), '-t')).to.equal('7');
    expect(valuesOf(buildStreamArgs(makePlan({ live: SLIDING })), '-t')).to.deep.equal([]);
  });

  it('a separate audio input is a second -i, and the audio is mapped from input 1', () => {
    const audioInput = { uri: 'sine=frequency=440', inputOptions: ['-f', 'lavfi', '-re'] };
    const plan = makePlan({ input: { kind: 'capture', uri: ':99', inputOptions: ['-f', 'x11grab'], isLive: true, label: 'screen', audioInput }, audioStreamIndex: 0, audioInputIndex: 1 });
    const argv = buildStreamArgs(plan);
    expect(argv.slice(0, 8)).to.deep.equal(['-f', 'x11grab', '-i', ':99', '-f', 'lavfi', '-re', '-i']);
    expect(argv[8]).to.equal('sine=frequency=440');
    expect(valuesOf(argv, '-map')).to.include('1:0');
    expect(valuesOf(argv, '-map')).to.not.include('0:0');
  });
});
