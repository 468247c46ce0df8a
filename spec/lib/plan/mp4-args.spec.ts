import { expect } from 'chai';
import { Formats } from '../../../lib/format/formats.js';
import { buildMp4Args, decideMp4 } from '../../../lib/plan/mp4-args.js';
import type { MediaInfo } from '../../../lib/probe/media-info.js';
import { fakeMediaInfo, type FakeMediaInfoOptions } from '../../helpers/media.js';

/** A fake probe result whose audio stream has another codec (fakeMediaInfo's audio is always AAC). */
function info(options: FakeMediaInfoOptions & { audioCodec?: string } = {}): MediaInfo {
  const { audioCodec, ...rest } = options;
  const base = fakeMediaInfo(rest);
  return audioCodec && base.audio ? { ...base, audio: { ...base.audio, codecName: audioCodec } } : base;
}

const INPUT = ['-i', '/media/in.mov'];

describe('decideMp4()', () => {
  it('copies H.264 4:2:0 with AAC', () => {
    expect(decideMp4(info())).to.deep.equal({ copyVideo: true, copyAudio: true });
  });

  it('copies every codec an MP4 carries and browsers play', () => {
    for (const videoCodec of ['h264', 'hevc', 'vp9', 'av1']) expect(decideMp4(info({ videoCodec })).copyVideo, videoCodec).to.equal(true);
    for (const audioCodec of ['aac', 'mp3', 'opus', 'flac']) expect(decideMp4(info({ audioCodec })).copyAudio, audioCodec).to.equal(true);
  });

  it('transcodes MPEG-2 video and PCM audio', () => {
    expect(decideMp4(info({ videoCodec: 'mpeg2video', audioCodec: 'pcm_s16le' }))).to.deep.equal({ copyVideo: false, copyAudio: false });
    expect(decideMp4(info({ audioCodec: 'ac3' })).copyAudio).to.equal(false);
    expect(decideMp4(info({ videoCodec: 'prores' })).copyVideo).to.equal(false);
  });

  it('transcodes H.264 that is not 4:2:0 (4:4:4, 4:2:2): browsers do not play it', () => {
    expect(decideMp4(info({ pixelFormat: 'yuv444p' })).copyVideo).to.equal(false);
    expect(decideMp4(info({ pixelFormat: 'yuv422p' })).copyVideo).to.equal(false);
  });

  it('has nothing to transcode for a missing stream', () => {
    expect(decideMp4(info({ audio: false }))).to.deep.equal({ copyVideo: true, copyAudio: true });
    expect(decideMp4(info({ video: false }))).to.deep.equal({ copyVideo: true, copyAudio: true });
  });
});

describe('buildMp4Args()', () => {
  it('remuxes H.264 + AAC with -c copy and +faststart (snapshot)', () => {
    expect(buildMp4Args(INPUT, info(), Formats.h264(), 'out.mp4')).to.deep.equal([
      '-i', '/media/in.mov',
      '-map', '0:0', '-map', '0:1',
      '-c:v', 'copy',
      '-c:a', 'copy',
      '-sn', '-dn', '-movflags', '+faststart', '-f', 'mp4', 'out.mp4',
    ]);
  });

  it('tags copied HEVC hvc1 so Apple players open it', () => {
    const argv = buildMp4Args(INPUT, info({ videoCodec: 'hevc' }), Formats.h264(), 'out.mp4');
    expect(argv.slice(argv.indexOf('-c:v'), argv.indexOf('-c:v') + 4)).to.deep.equal(['-c:v', 'copy', '-tag:v', 'hvc1']);
  });

  it('does not tag copied H.264', () => {
    expect(buildMp4Args(INPUT, info(), Formats.h264(), 'out.mp4')).not.to.include('-tag:v');
  });

  it('transcodes MPEG-2 + 5.1 PCM with the chosen format, to 4:2:0 and stereo (snapshot)', () => {
    expect(buildMp4Args(INPUT, info({ videoCodec: 'mpeg2video', audioCodec: 'pcm_s16le', audio: { channels: 6 } }), Formats.h264(), 'out.mp4')).to.deep.equal([
      '-i', '/media/in.mov',
      '-map', '0:0', '-map', '0:1',
      '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-preset:v', 'veryfast', '-sc_threshold:v', '0', '-flags:v', '+cgop',
      '-c:a', 'aac', '-b:a', '128000', '-ac', '2',
      '-sn', '-dn', '-movflags', '+faststart', '-f', 'mp4', 'out.mp4',
    ]);
  });

  it('transcodes 4:4:4 H.264 video to 4:2:0 and still copies its AAC', () => {
    const argv = buildMp4Args(INPUT, info({ pixelFormat: 'yuv444p' }), Formats.h264(), 'out.mp4');
    expect(argv).to.include.members(['libx264', 'yuv420p']);
    expect(argv.slice(argv.indexOf('-c:a'), argv.indexOf('-c:a') + 2)).to.deep.equal(['-c:a', 'copy']);
  });

  it("applies the format's encoder and options over the encoder defaults", () => {
    const format = Formats.hevc({ videoOptions: { preset: 'slow' }, audioOptions: { profile: 'aac_low' } });
    const argv = buildMp4Args(INPUT, info({ videoCodec: 'mpeg2video', audioCodec: 'pcm_s16le', audio: { channels: 1 } }), format, 'out.mp4');
    expect(argv).to.include('libx265');
    expect(argv.filter((a) => a === '-preset:v')).to.have.length(1);
    expect(argv[argv.indexOf('-preset:v') + 1]).to.equal('slow');
    expect(argv[argv.indexOf('-tag:v') + 1]).to.equal('hvc1');
    expect(argv[argv.indexOf('-ac') + 1]).to.equal('1');
    expect(argv[argv.indexOf('-profile:a') + 1]).to.equal('aac_low');
  });

  it('maps only the streams that exist', () => {
    const audioOnly = buildMp4Args(INPUT, info({ video: false, audioCodec: 'pcm_s16le' }), Formats.h264(), 'out.mp4');
    expect(audioOnly.filter((a, i) => audioOnly[i - 1] === '-map')).to.deep.equal(['0:0']);
    expect(audioOnly).not.to.include('-c:v');
    const videoOnly = buildMp4Args(INPUT, info({ audio: false }), Formats.h264(), 'out.mp4');
    expect(videoOnly.filter((a, i) => videoOnly[i - 1] === '-map')).to.deep.equal(['0:0']);
    expect(videoOnly).not.to.include('-c:a');
  });

  it('ends with the muxer and the output path, whatever the input args', () => {
    const argv = buildMp4Args(['-ss', '10', '-i', 'https://cdn/x.mkv'], info(), Formats.h264(), '/out/my talk.mp4');
    expect(argv.slice(0, 4)).to.deep.equal(['-ss', '10', '-i', 'https://cdn/x.mkv']);
    expect(argv.slice(-5)).to.deep.equal(['-movflags', '+faststart', '-f', 'mp4', '/out/my talk.mp4']);
  });
});
