import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binaryIdentity, sameBinary } from '../../../lib/ffmpeg/binary-identity.js';

/** Any non-script executable will do: the identity is about the file, not about running it. */
const SMALL_EXECUTABLE = existsSync('/usr/bin/true') ? '/usr/bin/true' : process.execPath;

describe('binaryIdentity()', () => {
  let dir: string;
  let binary: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'binary-identity-'));
    binary = join(dir, 'ffmpeg');
    await copyFile(SMALL_EXECUTABLE, binary);
    await chmod(binary, 0o755);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('identifies a binary by its real path, through symlinks', async () => {
    const link = join(dir, 'my-ffmpeg-link');
    await symlink(binary, link);
    const direct = await binaryIdentity(binary);
    const viaLink = await binaryIdentity(link);
    expect(direct?.realPath).to.equal(binary);
    expect(viaLink && direct && sameBinary(viaLink, direct)).to.equal(true);
  });

  it('looks a bare name up on PATH, as spawning it does, skipping non-executable files', async () => {
    const first = await mkdtemp(join(tmpdir(), 'binary-identity-path-'));
    try {
      await writeFile(join(first, 'ffmpeg'), 'not executable');
      const found = await binaryIdentity('ffmpeg', { PATH: `${first}:${dir}` });
      expect(found?.realPath).to.equal(binary);
      expect(await binaryIdentity('ffmpeg', { PATH: first })).to.equal(null);
    } finally {
      await rm(first, { recursive: true, force: true });
    }
  });

  it('is null for a missing binary, a directory, a script and a launcher not named like ffmpeg', async () => {
    expect(await binaryIdentity(join(dir, 'nope'))).to.equal(null);
    expect(await binaryIdentity(dir)).to.equal(null);
    const script = join(dir, 'ffmpeg-wrapper');
    await writeFile(script, '#!/bin/sh\nexec /usr/bin/ffmpeg "$@"\n');
    await chmod(script, 0o755);
    expect(await binaryIdentity(script)).to.equal(null);
    // e.g. /snap/bin/ffmpeg -> /usr/bin/snap: the launcher stays the same when the ffmpeg it runs changes.
    const launcher = join(dir, 'snap');
    await copyFile(binary, launcher);
    await chmod(launcher, 0o755);
    const viaLauncher = join(dir, 'ffmpeg-launcher-link');
    await symlink(launcher, viaLauncher);
    expect(await binaryIdentity(viaLauncher)).to.equal(null);
  });

  it('changes when the binary is touched, rewritten or re-moded', async () => {
    const before = await binaryIdentity(binary);
    if (!before) throw new Error('no identity');
    await utimes(binary, new Date(), new Date(Date.now() - 3_600_000));
    const touched = await binaryIdentity(binary);
    expect(touched && sameBinary(before, touched)).to.equal(false);
    // chmod keeps size and mtime; ctime tells.
    const mtimeKept = await binaryIdentity(binary);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await chmod(binary, 0o700);
    const remoded = await binaryIdentity(binary);
    expect(remoded?.mtimeMs).to.equal(mtimeKept?.mtimeMs);
    expect(remoded && mtimeKept && sameBinary(remoded, mtimeKept)).to.equal(false);
  });
});
