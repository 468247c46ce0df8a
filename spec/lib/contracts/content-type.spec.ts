import { expect } from 'chai';
import { cacheControlFor, contentTypeFor } from '../../../lib/contracts/content-type.js';
import type { OutputFileKind } from '../../../lib/contracts/output-file.js';

describe('contentTypeFor()', () => {
  it('gives the registered MIME type of every file a package holds', () => {
    const expected: Record<string, string> = {
      'master.m3u8': 'application/vnd.apple.mpegurl', // RFC 8216
      'manifest.mpd': 'application/dash+xml', // ISO/IEC 23009-1
      'video_720p_00001.ts': 'video/mp2t',
      'video_720p_00001.m4s': 'video/iso.segment',
      'video_720p_init.mp4': 'video/mp4',
      'audio_init.m4a': 'audio/mp4',
      'video_chunk_0_00001.webm': 'video/webm',
      'subs_en.vtt': 'text/vtt',
      'enc.key': 'application/octet-stream',
    };
    for (const [name, type] of Object.entries(expected)) expect(contentTypeFor(name), name).to.equal(type);
  });

  it('reads the extension case-insensitively, after the last dot, whatever the path', () => {
    expect(contentTypeFor('MASTER.M3U8')).to.equal('application/vnd.apple.mpegurl');
    expect(contentTypeFor('sub/dir/my.talk.v2_720p_00001.ts')).to.equal('video/mp2t');
  });

  it('falls back to application/octet-stream for anything else', () => {
    for (const name of ['notes.txt', 'video', '', 'segment.ts.tmp', '.hidden']) expect(contentTypeFor(name), name).to.equal('application/octet-stream');
  });
});

describe('cacheControlFor()', () => {
  it('caches segments, init and media files forever: their names never get new content', () => {
    for (const kind of ['segment', 'init', 'media'] as const) {
      expect(cacheControlFor(kind, false), kind).to.equal('public, max-age=31536000, immutable');
      expect(cacheControlFor(kind, true), kind).to.equal('public, max-age=31536000, immutable');
    }
  });

  it('never caches keys', () => {
    expect(cacheControlFor('key', false)).to.equal('private, no-store');
    expect(cacheControlFor('key', true)).to.equal('private, no-store');
  });

  it('keeps manifests short-lived, shortest for live (they change every segment)', () => {
    for (const kind of ['playlist', 'manifest'] as const) {
      expect(cacheControlFor(kind, false), kind).to.equal('public, max-age=60');
      expect(cacheControlFor(kind, true), kind).to.equal('public, max-age=1');
    }
  });

  it('has a policy for every kind of file', () => {
    const kinds: OutputFileKind[] = ['segment', 'init', 'key', 'playlist', 'manifest', 'media'];
    for (const kind of kinds) expect(cacheControlFor(kind, false), kind).to.be.a('string').and.not.equal('');
  });
});
