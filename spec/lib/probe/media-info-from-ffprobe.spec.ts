import { expect } from 'chai';
import type { FfprobeJson } from '../../../lib/probe/ffprobe-json.js';
import { isFfprobeJson } from '../../../lib/probe/ffprobe-json.js';
import { mediaInfoFromFfprobe } from '../../../lib/probe/media-info-from-ffprobe.js';

const landscape: FfprobeJson = {
  streams: [
    {
      index: 0,
      codec_name: 'h264',
      codec_type: 'video',
      profile: 'High',
      width: 1920,
      height: 1080,
      sample_aspect_ratio: '1:1',
      pix_fmt: 'yuv420p',
      r_frame_rate: '30000/1001',
      avg_frame_rate: '30000/1001',
      bit_rate: '4500000',
      bits_per_raw_sample: '8',
      duration: '10.010000',
      disposition: { default: 1, attached_pic: 0 },
      tags: { language: 'und' },
    },
    {
      index: 1,
      codec_name: 'aac',
      codec_type: 'audio',
      profile: 'LC',
      sample_rate: '48000',
      channels: 2,
      channel_layout: 'stereo',
      bit_rate: '128000',
      duration: '10.000000',
      tags: { language: 'eng' },
    },
  ],
  format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '10.010000', size: '5800000', bit_rate: '4635364' },
};

describe('mediaInfoFromFfprobe()', () => {
  it('maps a landscape H.264 + AAC file to typed MediaInfo', () => {
    const info = mediaInfoFromFfprobe(landscape, 'in.mp4');
    expect(info.input).to.equal('in.mp4');
    expect(info.formatName).to.equal('mov,mp4,m4a,3gp,3g2,mj2');
    expect(info).to.include({ durationSeconds: 10.01, bitrateBps: 4635364, sizeBytes: 5800000 });
    expect(info.video).to.deep.include({
      type: 'video',
      index: 0,
      codecName: 'h264',
      profile: 'High',
      width: 1920,
      height: 1080,
      codedWidth: 1920,
      codedHeight: 1080,
      rotationDegrees: 0,
      pixelFormat: 'yuv420p',
      bitDepth: 8,
      bitrateBps: 4500000,
      durationSeconds: 10.01,
      sampleAspectRatio: '1:1',
      isAttachedPicture: false,
    });
    expect(info.video?.frameRate).to.be.closeTo(29.97, 0.001);
    expect(info.audio).to.deep.equal({
      type: 'audio',
      index: 1,
      codecName: 'aac',
      profile: 'LC',
      channels: 2,
      channelLayout: 'stereo',
      sampleRateHz: 48000,
      bitrateBps: 128000,
      durationSeconds: 10,
      language: 'eng',
    });
    expect(info.streams).to.have.length(2);
    expect(info.raw).to.equal(landscape);
  });

  it('swaps the displayed size of a phone video rotated by the display matrix, and keeps the coded size', () => {
    const phone: FfprobeJson = {
      streams: [{ index: 0, codec_type: 'video', codec_name: 'hevc', width: 1920, height: 1080, side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }] }],
    };
    const video = mediaInfoFromFfprobe(phone, 'phone.mov').video;
    expect(video).to.include({ width: 1080, height: 1920, codedWidth: 1920, codedHeight: 1080, rotationDegrees: 90 });
  });

  it('swaps for a legacy rotate tag and not for 180°', () => {
    const tagged = mediaInfoFromFfprobe({ streams: [{ codec_type: 'video', width: 640, height: 360, tags: { rotate: '270' } }] }, 'a').video;
    expect(tagged).to.include({ width: 360, height: 640, rotationDegrees: 270 });
    const upsideDown = mediaInfoFromFfprobe({ streams: [{ codec_type: 'video', width: 640, height: 360, side_data_list: [{ rotation: 180 }] }] }, 'a').video;
    expect(upsideDown).to.include({ width: 640, height: 360, rotationDegrees: 180 });
  });

  it('falls back to r_frame_rate when avg_frame_rate is 0/0, and gives null when both are', () => {
    const fallback = mediaInfoFromFfprobe({ streams: [{ codec_type: 'video', width: 2, height: 2, avg_frame_rate: '0/0', r_frame_rate: '25/1' }] }, 'a');
    expect(fallback.video?.frameRate).to.equal(25);
    const unknown = mediaInfoFromFfprobe({ streams: [{ codec_type: 'video', width: 2, height: 2, avg_frame_rate: '0/0', r_frame_rate: '0/0' }] }, 'a');
    expect(unknown.video?.frameRate).to.equal(null);
  });

  it('reads the bit depth from the pixel format when bits_per_raw_sample is absent', () => {
    const info = mediaInfoFromFfprobe({ streams: [{ codec_type: 'video', width: 2, height: 2, pix_fmt: 'yuv420p10le' }] }, 'a');
    expect(info.video).to.include({ bitDepth: 10, pixelFormat: 'yuv420p10le' });
  });

  it('gives null for missing bitrates and durations (a live input), never an error', () => {
    const live = mediaInfoFromFfprobe(
      { streams: [{ codec_type: 'video', width: 1280, height: 720 }, { codec_type: 'audio', channels: 2, sample_rate: '44100' }], format: { format_name: 'rtsp' } },
      'rtsp://cam/stream',
    );
    expect(live).to.include({ bitrateBps: null, durationSeconds: null, sizeBytes: null });
    expect(live.video).to.include({ bitrateBps: null, durationSeconds: null, frameRate: null });
    expect(live.audio).to.include({ bitrateBps: null, language: 'und' });
  });

  it('reads Matroska BPS and DURATION statistics tags', () => {
    const mkv = mediaInfoFromFfprobe({ streams: [{ codec_type: 'video', width: 2, height: 2, tags: { BPS: '2500000', DURATION: '00:00:12.500000000' } }] }, 'a.mkv');
    expect(mkv.video).to.include({ bitrateBps: 2500000, durationSeconds: 12.5 });
  });

  it('does not take cover art for the video stream', () => {
    const m4a = mediaInfoFromFfprobe(
      {
        streams: [
          { index: 0, codec_type: 'audio', codec_name: 'aac', channels: 2, sample_rate: '44100' },
          { index: 1, codec_type: 'video', codec_name: 'mjpeg', width: 600, height: 600, disposition: { attached_pic: 1 } },
        ],
      },
      'song.m4a',
    );
    expect(m4a.video).to.equal(null);
    expect(m4a.streams[1]).to.include({ type: 'video', isAttachedPicture: true });
    expect(m4a.audio?.index).to.equal(0);
  });

  it('takes the first real video stream after cover art, and keeps other stream kinds', () => {
    const info = mediaInfoFromFfprobe(
      {
        streams: [
          { index: 0, codec_type: 'video', codec_name: 'png', width: 10, height: 10, disposition: { attached_pic: 1 } },
          { index: 1, codec_type: 'video', codec_name: 'h264', width: 640, height: 360 },
          { index: 2, codec_type: 'subtitle', codec_name: 'mov_text' },
          { index: 3, codec_type: 'data' },
          { index: 4, codec_type: 'weird' },
        ],
      },
      'a.mp4',
    );
    expect(info.video?.index).to.equal(1);
    expect(info.streams.slice(2)).to.deep.equal([
      { type: 'subtitle', index: 2, codecName: 'mov_text' },
      { type: 'data', index: 3, codecName: null },
      { type: 'unknown', index: 4, codecName: null },
    ]);
  });

  it('accepts empty reports and recognises the shape of ffprobe JSON', () => {
    const info = mediaInfoFromFfprobe({}, 'x');
    expect(info).to.include({ formatName: '', video: null, audio: null });
    expect(info.streams).to.deep.equal([]);
    expect(isFfprobeJson({ streams: [], format: {} })).to.equal(true);
    expect(isFfprobeJson({})).to.equal(true);
    expect(isFfprobeJson([])).to.equal(false);
    expect(isFfprobeJson({ streams: 'no' })).to.equal(false);
    expect(isFfprobeJson({ streams: [1] })).to.equal(false);
    expect(isFfprobeJson(null)).to.equal(false);
  });
});
