import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BinaryIdentity } from '../../../lib/ffmpeg/binary-identity.js';
import { CAPABILITY_CACHE_MAX_AGE_MS, capabilityCacheDir, readCachedCapabilities, writeCachedCapabilities } from '../../../lib/ffmpeg/capability-cache.js';

const BINARY: BinaryIdentity = { realPath: '/usr/bin/ffmpeg', sizeBytes: 293_288, mtimeMs: 1_778_678_620_000, ctimeMs: 1_795_486_521_862.298, dev: 65_024, ino: 2_170_973 };
const CAPS = { version: '5.1.9-0+deb12u1', encoders: ['libx264', 'aac'] };

describe('capability cache (on disk)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capability-cache-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives back what was stored for the same binary, in one private file per real path', async () => {
    await writeCachedCapabilities(BINARY, CAPS, join(dir, 'cache'));
    expect(await readCachedCapabilities(BINARY, join(dir, 'cache'))).to.deep.equal(CAPS);
    await writeCachedCapabilities(BINARY, { ...CAPS, encoders: ['aac'] }, join(dir, 'cache'));
    const files = await readdir(join(dir, 'cache'));
    expect(files).to.have.length(1);
    expect((await stat(join(dir, 'cache', files[0] ?? ''))).mode & 0o777).to.equal(0o600);
    expect((await stat(join(dir, 'cache'))).mode & 0o777).to.equal(0o700);
  });

  it('misses for a changed binary: any of size, mtime, ctime, inode, device, real path', async () => {
    await writeCachedCapabilities(BINARY, CAPS, dir);
    for (const change of [{ sizeBytes: 1 }, { mtimeMs: 1 }, { ctimeMs: 1 }, { ino: 1 }, { dev: 1 }]) {
      expect(await readCachedCapabilities({ ...BINARY, ...change }, dir), JSON.stringify(change)).to.equal(null);
    }
    expect(await readCachedCapabilities({ ...BINARY, realPath: '/opt/ffmpeg' }, dir)).to.equal(null);
  });

  it('misses for an entry older than a week (or from the future), and for a corrupt or foreign file', async () => {
    const now = Date.now();
    await writeCachedCapabilities(BINARY, CAPS, dir, now - CAPABILITY_CACHE_MAX_AGE_MS - 1);
    expect(await readCachedCapabilities(BINARY, dir, now)).to.equal(null);
    await writeCachedCapabilities(BINARY, CAPS, dir, now + 60_000);
    expect(await readCachedCapabilities(BINARY, dir, now)).to.equal(null);
    const [file] = await readdir(dir);
    const path = join(dir, file ?? '');
    for (const text of ['{"format":1', '[]', JSON.stringify({ ...JSON.parse(await readFile(path, 'utf8')), format: 99, checkedAtMs: now })]) {
      await writeFile(path, text);
      expect(await readCachedCapabilities(BINARY, dir, now), text.slice(0, 20)).to.equal(null);
    }
  });

  it('never throws: an unwritable or absent cache directory is silently ignored', async () => {
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, 'x');
    await writeCachedCapabilities(BINARY, CAPS, join(blocker, 'cache'));
    expect(await readCachedCapabilities(BINARY, join(blocker, 'cache'))).to.equal(null);
    await writeCachedCapabilities(BINARY, CAPS, null);
    expect(await readCachedCapabilities(BINARY, null)).to.equal(null);
    expect(await readFile(blocker, 'utf8')).to.equal('x');
  });

  it('lives under $XDG_CACHE_HOME when it is absolute, else under the home cache directory', () => {
    expect(capabilityCacheDir({ XDG_CACHE_HOME: '/xdg' })).to.equal('/xdg/ffmpeg-streaming');
    if (process.platform === 'linux') expect(capabilityCacheDir({ XDG_CACHE_HOME: 'relative' })).to.match(/\/\.cache\/ffmpeg-streaming$/u);
  });
});
