import { expect } from 'chai';
import { mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { watchDirectory, type DirectoryChange } from '../../../lib/fs/watch-directory.js';

/** Resolves once `check()` is true; rejects after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('watchDirectory()', () => {
  let dir: string;
  let changes: string[];
  let stop: () => void;

  const start = async (): Promise<void> => {
    changes = [];
    let ready = false;
    const subscription = watchDirectory(dir, () => {
      ready = true;
    }).subscribe((c: DirectoryChange) => changes.push(`${c.type} ${basename(c.path)}`));
    stop = () => subscription.unsubscribe();
    await until(() => ready);
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'watch-directory-spec-'));
  });
  afterEach(async () => {
    stop?.();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports a file renamed into place as added, a rewrite as changed and a removal as unlinked; never .tmp or hidden files', async () => {
    await start();
    await writeFile(join(dir, 'seg_00001.ts.tmp'), 'partial');
    await writeFile(join(dir, '.master.partial.mpd'), 'hidden');
    await rename(join(dir, 'seg_00001.ts.tmp'), join(dir, 'seg_00001.ts'));
    await until(() => changes.includes('add seg_00001.ts'));
    await writeFile(join(dir, 'a.m3u8.tmp'), 'v1');
    await rename(join(dir, 'a.m3u8.tmp'), join(dir, 'a.m3u8'));
    await until(() => changes.includes('add a.m3u8'));
    await writeFile(join(dir, 'a.m3u8.tmp'), 'v2');
    await rename(join(dir, 'a.m3u8.tmp'), join(dir, 'a.m3u8'));
    await until(() => changes.includes('change a.m3u8'));
    await unlink(join(dir, 'seg_00001.ts'));
    await until(() => changes.includes('unlink seg_00001.ts'));
    expect(changes).to.deep.equal(['add seg_00001.ts', 'add a.m3u8', 'change a.m3u8', 'unlink seg_00001.ts']);
  });

  it('does not report files that were there before as added, but reports their removal', async () => {
    await writeFile(join(dir, 'old.ts'), 'old');
    await start();
    await writeFile(join(dir, 'new.ts'), 'new');
    await unlink(join(dir, 'old.ts'));
    await until(() => changes.includes('unlink old.ts') && changes.includes('add new.ts'));
    expect(changes.filter((c) => c.endsWith('old.ts'))).to.deep.equal(['unlink old.ts']);
  });

  it('never reports a directory; a file gone before it was looked at is not reported, else as added then unlinked', async () => {
    await start();
    await writeFile(join(dir, 'brief.ts'), 'x');
    await unlink(join(dir, 'brief.ts'));
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'marker.ts'), 'm');
    await until(() => changes.includes('add marker.ts'));
    // Names are looked at in the order of their latest event: brief.ts's removal may be looked at after marker.ts
    // (its later events queue it again). Once marker.ts is reported, brief.ts can only still get its unlink.
    const briefChanges = (): string => changes.filter((c) => c.endsWith('brief.ts')).join(', ');
    await until(() => briefChanges() === '' || briefChanges().endsWith('unlink brief.ts'));
    // marker.ts is created, then written: a look after the write's event may report it changed, never anything else.
    expect(changes.filter((c) => !c.endsWith('brief.ts')).join(', ')).to.match(/^add marker\.ts(, change marker\.ts)*$/u);
    const brief = briefChanges();
    expect(brief).to.match(/^(|add brief\.ts, (change brief\.ts, )?unlink brief\.ts)$/u);
  });

  it('reports each of 600 files added to a growing directory once', async () => {
    await start();
    // As ffmpeg does: write `*.tmp`, then rename into place.
    for (let i = 0; i < 600; i++) {
      const name = join(dir, `seg_${String(i).padStart(5, '0')}.ts`);
      await writeFile(`${name}.tmp`, 'x');
      await rename(`${name}.tmp`, name);
    }
    await until(() => changes.length >= 600, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(changes).to.have.length(600);
    expect(new Set(changes).size).to.equal(600);
    expect(changes.every((c) => c.startsWith('add '))).to.equal(true);
  });

  it('stops reporting once unsubscribed', async () => {
    await start();
    stop();
    await writeFile(join(dir, 'late.ts'), 'x');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(changes).to.deep.equal([]);
  });

  it('errors when the directory does not exist', async () => {
    const error = await new Promise<unknown>((resolve) => {
      watchDirectory(join(dir, 'missing')).subscribe({ error: resolve, complete: () => resolve(null) });
    });
    expect((error as NodeJS.ErrnoException).code).to.equal('ENOENT');
  });
});

describe('watchDirectory() with usePolling (chokidar)', () => {
  let dir: string;
  let stop: (() => void) | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'watch-directory-poll-spec-'));
  });
  afterEach(async () => {
    stop?.();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports adds, rewrites and removals of finished files, never .tmp or hidden ones, nor files there before', async () => {
    await writeFile(join(dir, 'old.ts'), 'old');
    const changes: string[] = [];
    let ready = false;
    const subscription = watchDirectory(dir, () => (ready = true), { usePolling: true, pollIntervalMs: 50 }).subscribe((c) => changes.push(`${c.type} ${basename(c.path)}`));
    stop = () => subscription.unsubscribe();
    await until(() => ready);
    await writeFile(join(dir, 'seg_00001.ts.tmp'), 'partial');
    await writeFile(join(dir, '.hidden.mpd'), 'hidden');
    await rename(join(dir, 'seg_00001.ts.tmp'), join(dir, 'seg_00001.ts'));
    await until(() => changes.includes('add seg_00001.ts'));
    await writeFile(join(dir, 'a.m3u8'), 'v1');
    await until(() => changes.includes('add a.m3u8'));
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a rewrite in a later second changes the mtime
    await writeFile(join(dir, 'a.m3u8'), 'version 2');
    await until(() => changes.includes('change a.m3u8'));
    await unlink(join(dir, 'old.ts'));
    await until(() => changes.includes('unlink old.ts'));
    // A poll may see one rewrite twice (truncated, then written): the same change, reported again.
    expect([...new Set(changes)]).to.deep.equal(['add seg_00001.ts', 'add a.m3u8', 'change a.m3u8', 'unlink old.ts']);
  });
});
