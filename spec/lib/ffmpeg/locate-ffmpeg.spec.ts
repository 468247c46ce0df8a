import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parseCodecList, resolveFfmpegPath, resolveFfprobePath } from '../../../lib/ffmpeg/locate-ffmpeg.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/progress/${name}`, import.meta.url), 'utf8');

describe('parseCodecList()', () => {
  // `ffmpeg -hide_banner -encoders` of ffmpeg 5.1 (Debian 12): a 9-line legend, a `------` rule, 217 encoders.
  const encoders = parseCodecList(fixture('ffmpeg-5.1-encoders.txt'));

  it('finds every encoder the packagers use', () => {
    for (const name of ['libx264', 'libx265', 'libvpx-vp9', 'libaom-av1', 'libsvtav1', 'aac', 'libopus', 'h264_nvenc', 'h264_vaapi']) {
      expect(encoders.has(name), name).to.equal(true);
    }
  });

  it('reads video, audio and subtitle encoders, one name per line after the rule', () => {
    expect(encoders.has('a64multi')).to.equal(true); // first line, flags V....D
    expect(encoders.has('alias_pix')).to.equal(true); // flags V.....
    expect(encoders.has('webvtt')).to.equal(true); // subtitle, S.....
    expect(encoders.has('xsub')).to.equal(true); // last line
    expect(encoders.size).to.equal(217);
  });

  it('takes nothing from the legend, the header or the rule', () => {
    // The legend lines " V..... = Video" look like encoder lines; "=" is not an encoder.
    for (const junk of ['=', 'Video', 'Audio', 'Subtitle', 'Encoders:', '------', 'Frame-level']) {
      expect(encoders.has(junk), junk).to.equal(false);
    }
    expect([...encoders].every((n) => /^[\w.-]+$/u.test(n))).to.equal(true);
  });

  it('does not take a decoder name or a description word for an encoder', () => {
    expect(encoders.has('h264')).to.equal(false); // the codec, not an encoder of this build
    expect(encoders.has('libx264rgb')).to.equal(true);
    expect(encoders.has('H.264')).to.equal(false);
  });

  it('is empty for empty or unrelated text', () => {
    expect(parseCodecList('').size).to.equal(0);
    expect(parseCodecList('ffmpeg version 5.1.9\nconfiguration: --enable-libx264').size).to.equal(0);
  });
});

describe('resolveFfmpegPath() / resolveFfprobePath()', () => {
  let saved: { ffmpeg: string | undefined; ffprobe: string | undefined };
  beforeEach(() => {
    saved = { ffmpeg: process.env['FFMPEG_PATH'], ffprobe: process.env['FFPROBE_PATH'] };
    delete process.env['FFMPEG_PATH'];
    delete process.env['FFPROBE_PATH'];
  });
  afterEach(() => {
    // Restore exactly, including "was not set": other specs and the real jobs read these.
    if (saved.ffmpeg === undefined) delete process.env['FFMPEG_PATH'];
    else process.env['FFMPEG_PATH'] = saved.ffmpeg;
    if (saved.ffprobe === undefined) delete process.env['FFPROBE_PATH'];
    else process.env['FFPROBE_PATH'] = saved.ffprobe;
  });

  it('falls back to the bare names, found on PATH, when nothing is set', () => {
    expect(resolveFfmpegPath()).to.equal('ffmpeg');
    expect(resolveFfprobePath()).to.equal('ffprobe');
    expect(resolveFfmpegPath({})).to.equal('ffmpeg');
  });

  it('uses FFMPEG_PATH / FFPROBE_PATH over PATH', () => {
    process.env['FFMPEG_PATH'] = '/opt/ffmpeg/bin/ffmpeg';
    process.env['FFPROBE_PATH'] = '/opt/ffmpeg/bin/ffprobe';
    expect(resolveFfmpegPath()).to.equal('/opt/ffmpeg/bin/ffmpeg');
    expect(resolveFfprobePath()).to.equal('/opt/ffmpeg/bin/ffprobe');
  });

  it('uses the option over the environment variable', () => {
    process.env['FFMPEG_PATH'] = '/env/ffmpeg';
    process.env['FFPROBE_PATH'] = '/env/ffprobe';
    expect(resolveFfmpegPath({ ffmpegPath: '/opt/ffmpeg' })).to.equal('/opt/ffmpeg');
    expect(resolveFfprobePath({ ffprobePath: '/opt/ffprobe' })).to.equal('/opt/ffprobe');
  });

  it('keeps the two binaries apart: one option or variable does not set the other', () => {
    process.env['FFMPEG_PATH'] = '/env/ffmpeg';
    expect(resolveFfprobePath({ ffmpegPath: '/opt/ffmpeg' })).to.equal('ffprobe');
    expect(resolveFfmpegPath({ ffprobePath: '/opt/ffprobe' })).to.equal('/env/ffmpeg');
  });

  it('ignores empty and blank options and variables', () => {
    process.env['FFMPEG_PATH'] = '';
    process.env['FFPROBE_PATH'] = '   ';
    expect(resolveFfmpegPath({ ffmpegPath: '' })).to.equal('ffmpeg');
    expect(resolveFfprobePath({ ffprobePath: ' ' })).to.equal('ffprobe');
    process.env['FFMPEG_PATH'] = '/env/ffmpeg';
    expect(resolveFfmpegPath({ ffmpegPath: '' })).to.equal('/env/ffmpeg');
  });

  it('returns the path as given, without checking it exists or trimming it', () => {
    expect(resolveFfmpegPath({ ffmpegPath: '/no/such/ffmpeg' })).to.equal('/no/such/ffmpeg');
    expect(resolveFfmpegPath({ ffmpegPath: 'C:\\Program Files\\ffmpeg\\bin\\ffmpeg.exe' })).to.equal('C:\\Program Files\\ffmpeg\\bin\\ffmpeg.exe');
  });
});
