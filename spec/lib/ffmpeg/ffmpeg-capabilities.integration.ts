import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmod, copyFile, mkdtemp, readFile, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertEncoders, ffmpegCapabilities } from '../../../lib/ffmpeg/locate-ffmpeg.js';
import { probe } from '../../../lib/probe/probe.js';
import { makeTestVideo } from '../../helpers/media.js';
import { requireFfmpeg } from '../../helpers/require-tool.js';

const FAKE = fileURLToPath(new URL('../../fixtures/fake-ffmpeg.mjs', import.meta.url));

async function rejection(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as { code?: string; message: string },
  );
}

describe('ffmpegCapabilities() / assertEncoders() with the on-disk cache (real ffmpeg)', function () {
  this.timeout(60_000);
  let dir: string;
  let cacheHome: string;
  let binary: string;
  let savedXdg: string | undefined;
  let linkCount = 0;
  /** A fresh path to the copied binary: misses the in-memory cache (per path), so only the disk cache can answer. */
  const freshPath = async (): Promise<string> => {
    linkCount += 1;
    const link = join(dir, `link-${linkCount}`);
    await symlink(binary, link);
    return link;
  };
  const cacheFiles = async (): Promise<string[]> => readdir(join(cacheHome, 'ffmpeg-streaming')).catch(() => []);
  const editEntry = async (edit: (entry: { encoders: string[] }) => void): Promise<void> => {
    const [file] = await cacheFiles();
    const path = join(cacheHome, 'ffmpeg-streaming', file ?? 'missing');
    const entry = JSON.parse(await readFile(path, 'utf8')) as { encoders: string[] };
    edit(entry);
    await writeFile(path, JSON.stringify(entry));
  };

  before(requireFfmpeg);
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ffmpeg-caps-'));
    cacheHome = join(dir, 'xdg-cache');
    savedXdg = process.env['XDG_CACHE_HOME'];
    process.env['XDG_CACHE_HOME'] = cacheHome;
    // A private copy of the real ffmpeg (a small front-end on Debian; the libraries stay shared), so touching it is safe.
    binary = join(dir, 'ffmpeg');
    await copyFile(execFileSync('bash', ['-c', 'command -v ffmpeg'], { encoding: 'utf8' }).trim(), binary);
    await chmod(binary, 0o755);
  });
  afterEach(async () => {
    if (savedXdg === undefined) delete process.env['XDG_CACHE_HOME'];
    else process.env['XDG_CACHE_HOME'] = savedXdg;
    await rm(dir, { recursive: true, force: true });
  });

  it('stores the answer on disk and answers the next check of the same binary from it', async () => {
    const first = await ffmpegCapabilities({ ffmpegPath: await freshPath() });
    expect(first.encoders.has('libx264')).to.equal(true);
    expect(first.major).to.be.at.least(5);
    expect(await cacheFiles()).to.have.length(1);
    // Mark the entry: a second check through another path must come from it, not from running ffmpeg.
    await editEntry((entry) => entry.encoders.push('only-in-the-cache'));
    const second = await ffmpegCapabilities({ ffmpegPath: await freshPath() });
    expect(second.encoders.has('only-in-the-cache')).to.equal(true);
    expect(second.version).to.equal(first.version);
  });

  it('checks a changed binary again (touched: new mtime and ctime)', async () => {
    await ffmpegCapabilities({ ffmpegPath: await freshPath() });
    await editEntry((entry) => entry.encoders.push('only-in-the-cache'));
    await utimes(binary, new Date(), new Date());
    const after = await ffmpegCapabilities({ ffmpegPath: await freshPath() });
    expect(after.encoders.has('only-in-the-cache')).to.equal(false);
    expect(after.encoders.has('libx264')).to.equal(true);
  });

  it('re-checks a cached "missing encoder" by running ffmpeg before reporting it, and repairs the entry', async () => {
    await ffmpegCapabilities({ ffmpegPath: await freshPath() });
    await editEntry((entry) => {
      entry.encoders = entry.encoders.filter((e) => e !== 'libx264');
    });
    const caps = await assertEncoders(['libx264'], { ffmpegPath: await freshPath() });
    expect(caps.encoders.has('libx264')).to.equal(true);
    const repaired = await ffmpegCapabilities({ ffmpegPath: await freshPath() });
    expect(repaired.encoders.has('libx264')).to.equal(true);
    // A truly missing encoder is still reported, with how to get it.
    const error = await rejection(assertEncoders(['no-such-encoder'], { ffmpegPath: await freshPath() }));
    expect(error.code).to.equal('ENCODER_MISSING');
    expect(error.message).to.match(/no-such-encoder.*apt-get install ffmpeg/su);
  });

  it('works, and stores nothing, when the cache directory cannot be written', async () => {
    await writeFile(cacheHome, 'a file where the cache directory would go');
    const caps = await ffmpegCapabilities({ ffmpegPath: await freshPath() });
    expect(caps.encoders.has('libx264')).to.equal(true);
    expect(await readFile(cacheHome, 'utf8')).to.match(/^a file/u);
  });

  it('never caches a script on disk (it may answer differently by environment, or run another ffmpeg)', async () => {
    const caps = await assertEncoders(['libx265'], { ffmpegPath: FAKE });
    expect(caps.version).to.equal('5.1.9-fake');
    expect(await cacheFiles()).to.deep.equal([]);
  });

  it('reports a missing ffmpeg, and a too-old one, with how to install one; caches neither', async () => {
    const missing = await rejection(ffmpegCapabilities({ ffmpegPath: join(dir, 'no-such-ffmpeg') }));
    expect(missing.code).to.equal('FFMPEG_NOT_FOUND');
    expect(missing.message).to.match(/no-such-ffmpeg.*apt-get install ffmpeg/su);
    const old = join(dir, 'old-ffmpeg');
    await writeFile(old, '#!/bin/sh\necho "ffmpeg version 4.4.2 Copyright (c) 2000-2021" >&2\necho " V....D libx264  libx264 H.264"\n');
    await chmod(old, 0o755);
    const tooOld = await rejection(ffmpegCapabilities({ ffmpegPath: old }));
    expect(tooOld.code).to.equal('FFMPEG_TOO_OLD');
    expect(tooOld.message).to.match(/4\.4\.2.*5\.1 or later.*apt-get install ffmpeg/su);
    expect(await cacheFiles()).to.deep.equal([]);
  });

  it('probe(): a missing ffprobe is FFMPEG_NOT_FOUND naming the path and how to install it, from the probe itself', async () => {
    const source = await makeTestVideo({ durationSeconds: 1 });
    const error = await rejection(probe(source, { ffprobePath: join(dir, 'no-ffprobe') }));
    expect(error.code).to.equal('FFMPEG_NOT_FOUND');
    expect(error.message).to.contain(join(dir, 'no-ffprobe'));
    expect(error.message).to.match(/apt-get install ffmpeg/u);
    const notExecutable = join(dir, 'ffprobe-not-executable');
    await writeFile(notExecutable, 'x');
    expect((await rejection(probe(source, { ffprobePath: notExecutable }))).code).to.equal('FFMPEG_NOT_FOUND');
  });
});
