import { expect } from 'chai';
import { fileSlug } from '../../../lib/plan/file-slug.js';

const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/u;

describe('fileSlug()', () => {
  it('keeps letters, digits, dots, "_" and "-"', () => {
    expect(fileSlug('talk.v2.final')).to.equal('talk.v2.final');
    expect(fileSlug('Talk_2024-05')).to.equal('Talk_2024-05');
  });

  it('replaces every run of spaces, quotes and pattern characters ($ % ;) by one "_"', () => {
    expect(fileSlug('my talk')).to.equal('my_talk');
    expect(fileSlug(`it's "the" one`)).to.equal('it_s_the_one');
    expect(fileSlug('a$b%c;d')).to.equal('a_b_c_d'); // % would be an ffmpeg pattern, $ a DASH template
    expect(fileSlug('a %05d $Number$ b')).to.equal('a_05d_Number_b');
    expect(fileSlug('a/b\\c:d')).to.equal('a_b_c_d');
  });

  it('folds accents and compatibility characters to ASCII, as in the documented example', () => {
    expect(fileSlug('My vidéo "final".v2')).to.equal('My_video_final_.v2');
    expect(fileSlug('Crème brûlée')).to.equal('Creme_brulee');
    expect(fileSlug('ﬁle')).to.equal('file'); // the "fi" ligature
  });

  it('replaces characters with no ASCII form', () => {
    expect(fileSlug('Straße')).to.equal('Stra_e');
    expect(fileSlug('video 日本語 clip')).to.equal('video_clip');
    expect(fileSlug('😀 party')).to.equal('party');
  });

  it('never starts with "." (a hidden file) or "-" (ffmpeg would read the output pattern as an option)', () => {
    expect(fileSlug('.hidden')).to.equal('hidden');
    expect(fileSlug('-video')).to.equal('video');
    expect(fileSlug('--._-x')).to.equal('x');
    expect(fileSlug(' "quoted"')).to.equal('quoted_');
  });

  it('falls back to "stream" when nothing usable is left', () => {
    for (const stem of ['', '...', '___', '日本語', '-', '   ']) expect(fileSlug(stem), JSON.stringify(stem)).to.equal('stream');
  });

  it('caps the length at 80 characters', () => {
    expect(fileSlug('a'.repeat(200))).to.equal('a'.repeat(80));
    expect(fileSlug(`${'b'.repeat(79)} tail`)).to.equal(`${'b'.repeat(79)}_`);
  });

  it('always gives a safe name, and is idempotent', () => {
    for (const stem of ['My vidéo "final".v2', '.a', '-b', 'c d', '$%;', 'ü'.repeat(100), 'x'.repeat(100), '', '0']) {
      const slug = fileSlug(stem);
      expect(slug, stem).to.match(SAFE);
      expect(slug.length, stem).to.be.at.most(80);
      expect(fileSlug(slug), stem).to.equal(slug);
    }
  });
});
