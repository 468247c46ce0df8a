import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localPathOf } from '../../../lib/manifest/local-resource.js';
import { measureHlsRendition } from '../../../lib/manifest/measure-hls-rendition.js';

/** These cases fail before ffprobe would run, so they need no ffmpeg. */
describe('measureHlsRendition() failures', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'measure-hls-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function codeOf(playlist: string): Promise<unknown> {
    const path = join(dir, `p${Math.random().toString(36).slice(2)}.m3u8`);
    writeFileSync(path, playlist);
    const error = await measureHlsRendition(path).catch((e: unknown) => e);
    return (error as { code?: unknown }).code;
  }

  it('rejects with OUTPUT_INCOMPLETE when a listed segment is missing or nothing is listed', async () => {
    expect(await codeOf('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\nmissing_00000.ts\n#EXT-X-ENDLIST\n')).to.equal('OUTPUT_INCOMPLETE');
    expect(await codeOf('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-ENDLIST\n')).to.equal('OUTPUT_INCOMPLETE');
    const error = await measureHlsRendition(join(dir, 'nope.m3u8')).catch((e: unknown) => e);
    expect(error).to.have.property('code', 'OUTPUT_INCOMPLETE');
  });

  it('rejects with UNSUPPORTED for AES-128 segments and absolute URLs', async () => {
    expect(await codeOf('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-KEY:METHOD=AES-128,URI="k.key"\n#EXTINF:4,\na.ts\n')).to.equal('UNSUPPORTED');
    expect(await codeOf('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\nhttps://cdn.example/a.ts\n')).to.equal('UNSUPPORTED');
  });
});

describe('localPathOf()', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-path-'));
    mkdirSync(join(dir, 'sub dir'));
    writeFileSync(join(dir, 'sub dir', 'vidéo "1".ts'), 'x');
    writeFileSync(join(dir, 'a%20b.ts'), 'x');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('takes the URI as written first, then percent-decoded', async () => {
    const manifest = join(dir, 'clip.m3u8');
    expect(await localPathOf(manifest, 'sub dir/vidéo "1".ts')).to.equal(join(dir, 'sub dir', 'vidéo "1".ts'));
    expect(await localPathOf(manifest, 'sub%20dir/vid%C3%A9o%20%221%22.ts')).to.equal(join(dir, 'sub dir', 'vidéo "1".ts'));
    // ffmpeg writes names raw: a literal %20 in a file name must still be found.
    expect(await localPathOf(manifest, 'a%20b.ts')).to.equal(join(dir, 'a%20b.ts'));
  });
});
