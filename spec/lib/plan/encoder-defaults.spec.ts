import { expect } from 'chai';
import { encoderDefaults, keyFrameOptions } from '../../../lib/plan/encoder-defaults.js';

describe('encoderDefaults()', () => {
  it('switches off x264 scene cuts and keeps its GOPs closed, so every forced key frame is an IDR', () => {
    expect(encoderDefaults('libx264')).to.deep.equal({ preset: 'veryfast', sc_threshold: '0', flags: '+cgop' });
  });

  it('tags x265 output hvc1 (Apple players refuse hev1)', () => {
    expect(encoderDefaults('libx265')).to.deep.equal({ preset: 'veryfast', tag: 'hvc1' });
  });

  it('picks fast, multithreaded settings for the software VP9 and AV1 encoders', () => {
    expect(encoderDefaults('libvpx-vp9')).to.deep.equal({ deadline: 'good', 'cpu-used': '4', 'row-mt': '1' });
    expect(encoderDefaults('libaom-av1')).to.deep.equal({ 'cpu-used': '6', 'row-mt': '1' });
    expect(encoderDefaults('libsvtav1')).to.deep.equal({ preset: '8' });
  });

  it('tags hardware HEVC encoders hvc1 and assumes nothing else about hardware encoders', () => {
    for (const encoder of ['hevc_nvenc', 'hevc_qsv', 'hevc_vaapi', 'hevc_videotoolbox', 'hevc_amf']) {
      expect(encoderDefaults(encoder), encoder).to.deep.equal({ tag: 'hvc1' });
    }
    for (const encoder of ['h264_nvenc', 'h264_vaapi', 'vp9_vaapi', 'av1_nvenc']) expect(encoderDefaults(encoder), encoder).to.deep.equal({});
  });

  it('returns a fresh object each time, safe to spread and modify', () => {
    const a = encoderDefaults('libx264');
    a['preset'] = 'slow';
    expect(encoderDefaults('libx264')['preset']).to.equal('veryfast');
  });
});

describe('keyFrameOptions()', () => {
  it('forces a key frame at every multiple of the interval, and sets the GOP in frames', () => {
    expect(keyFrameOptions('libx264', 2, 60)).to.deep.equal({ force_key_frames: 'expr:gte(t,n_forced*2)', g: '60' });
    expect(keyFrameOptions('libx264', 1.5, 45)).to.deep.equal({ force_key_frames: 'expr:gte(t,n_forced*1.5)', g: '45' });
  });

  it('leaves the GOP to -force_key_frames when the frame rate is unknown', () => {
    expect(keyFrameOptions('libx264', 2, null)).to.deep.equal({ force_key_frames: 'expr:gte(t,n_forced*2)' });
  });

  it('pins x265 keyint and min-keyint to the GOP, with no scene cuts and closed GOPs', () => {
    const options = keyFrameOptions('libx265', 2, 48);
    expect(options).to.deep.equal({
      force_key_frames: 'expr:gte(t,n_forced*2)',
      g: '48',
      'x265-params': 'keyint=48:min-keyint=48:scenecut=0:open-gop=0:repeat-headers=0',
    });
    const params = new Map((options['x265-params'] ?? '').split(':').map((kv) => kv.split('=') as [string, string]));
    expect(params.get('keyint')).to.equal(params.get('min-keyint'));
    expect(params.get('scenecut')).to.equal('0');
    expect(params.get('open-gop')).to.equal('0');
  });

  it("uses x265's default keyint of 250 when the frame rate is unknown", () => {
    expect(keyFrameOptions('libx265', 2, null)).to.deep.equal({
      force_key_frames: 'expr:gte(t,n_forced*2)',
      'x265-params': 'keyint=250:min-keyint=250:scenecut=0:open-gop=0:repeat-headers=0',
    });
  });

  it('sets keyint_min to the GOP for VP9 and AV1 (libaom), and not when the rate is unknown', () => {
    expect(keyFrameOptions('libvpx-vp9', 2, 50)).to.deep.equal({ force_key_frames: 'expr:gte(t,n_forced*2)', g: '50', keyint_min: '50' });
    expect(keyFrameOptions('libaom-av1', 2, 50)).to.deep.equal({ force_key_frames: 'expr:gte(t,n_forced*2)', g: '50', keyint_min: '50' });
    expect(keyFrameOptions('libvpx-vp9', 2, null)).not.to.have.property('keyint_min');
  });

  it('makes NVENC forced key frames IDRs', () => {
    expect(keyFrameOptions('h264_nvenc', 2, 60)).to.include({ 'forced-idr': '1', g: '60' });
    expect(keyFrameOptions('hevc_nvenc', 2, 60)).to.include({ 'forced-idr': '1' });
    expect(keyFrameOptions('libx264', 2, 60)).not.to.have.property('forced-idr');
  });
});
