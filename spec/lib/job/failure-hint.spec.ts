import { expect } from 'chai';
import { failureHint } from '../../../lib/job/failure-hint.js';
import { TALK_PLAN } from './plan-fixture.js';

const plan = TALK_PLAN;

describe('failureHint()', () => {
  it('names the output directory when ffmpeg cannot write there', () => {
    const hint = failureHint(['[hls @ 0x55d0] Failed to open file \'talk_720p_00000.ts\'', 'Could not write header for output file #0 (incorrect codec parameters ?): Permission denied'], plan);
    expect(hint).to.equal('ffmpeg could not write in "/srv/packages/talk". Check that the directory is writable.');
    expect(failureHint(['av_interleaved_write_frame(): Read-only file system'], plan)).to.include('/srv/packages/talk').and.to.include('writable');
  });

  it('says the disk is full', () => {
    expect(failureHint(['[segment @ 0x1] Failure occurred when ending segment \'talk_00003.ts\'', 'Error writing trailer of talk_%v.m3u8: No space left on device'], plan)).to.equal(
      'The disk holding "/srv/packages/talk" is full. Free space or choose another output directory.',
    );
  });

  it('says the encoder is missing', () => {
    expect(failureHint(['Unknown encoder \'libsvtav1\''], plan)).to.match(/lacks the chosen encoder/u);
    expect(failureHint(['Encoder not found'], plan)).to.match(/lacks the chosen encoder/u);
  });

  it('names a muxer the build lacks, with how to get a full build', () => {
    const hint = failureHint(["[NULL @ 0x5614] Requested output format 'hls' is not a suitable output format", 'talk.m3u8: Invalid argument'], plan);
    expect(hint).to.equal('This ffmpeg was built without the "hls" muxer. Install a full ffmpeg build (Debian/Ubuntu: `apt-get install ffmpeg`).');
  });

  it('says a size is odd', () => {
    expect(failureHint(['[libx264 @ 0x1] height not divisible by 2 (640x361)'], plan)).to.match(/odd width or height/u);
    expect(failureHint(['[libx264 @ 0x1] width not divisible by 2 (641x360)'], plan)).to.match(/odd width or height/u);
  });

  it('says the input is damaged or truncated', () => {
    for (const line of ['[mov,mp4,m4a,3gp,3g2,mj2 @ 0x1] moov atom not found', '/media/in.mp4: Invalid data found when processing input', 'Error while decoding stream #0:0: End of file']) {
      expect(failureHint([line], plan), line).to.match(/ended early or is damaged/u);
    }
  });

  it('finds the cause on any of the tail lines, case-insensitively', () => {
    expect(failureHint(['frame=  10 fps=0.0', 'PERMISSION DENIED', 'Conversion failed!'], plan)).to.include('writable');
  });

  it('prefers the output cause when several fit (a write error also ends the input early)', () => {
    expect(failureHint(['No space left on device', 'Invalid data found when processing input'], plan)).to.include('is full');
  });

  it('has no hint for an unknown failure or an empty tail', () => {
    expect(failureHint(['Conversion failed!'], plan)).to.equal(undefined);
    expect(failureHint([], plan)).to.equal(undefined);
  });
});
