import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { downloadObject, safeFileName } from '../../sources/cloud/download-object.js';
import { useScratchDir } from './helpers/scratch.js';

describe('sources/cloud/download-object', () => {
  const scratch = useScratchDir();

  it('writes each download into a directory of its own, named after the object, and release removes it', async () => {
    const signal = new AbortController().signal;
    const [a, b] = await Promise.all([
      downloadObject({ objectName: 'shows/talk.mp4', tempDir: scratch.dir(), signal, openBody: async () => Readable.from([Buffer.from('one')]) }),
      downloadObject({ objectName: 'other/talk.mp4', tempDir: scratch.dir(), signal, openBody: async () => Readable.from([Buffer.from('two')]) }),
    ]);
    try {
      expect(a.path).to.not.equal(b.path);
      expect(a.path.startsWith(scratch.dir()) && a.path.endsWith('/talk.mp4') && b.path.endsWith('/talk.mp4')).to.equal(true);
      expect(await readFile(a.path, 'utf8')).to.equal('one');
      expect(await readFile(b.path, 'utf8')).to.equal('two');
      await a.release();
      await a.release();
      expect(existsSync(a.path)).to.equal(false);
      expect(await scratch.leftovers()).to.have.length(1);
    } finally {
      await Promise.all([a.release(), b.release()]);
    }
    expect(await scratch.leftovers()).to.deep.equal([]);
  });

  it('a body that fails halfway leaves nothing behind, temporary or saveTo', async () => {
    const broken = async (): Promise<Readable> =>
      new Readable({
        read() {
          this.push(Buffer.alloc(1024));
          this.destroy(new Error('connection reset'));
        },
      });
    const signal = new AbortController().signal;
    expect(await downloadObject({ objectName: 'a.mp4', tempDir: scratch.dir(), signal, openBody: broken }).catch((e: Error) => e.message)).to.equal('connection reset');
    expect(await scratch.leftovers()).to.deep.equal([]);
    const saveTo = join(scratch.dir(), 'keep', 'a.mp4');
    expect(await downloadObject({ objectName: 'a.mp4', saveTo, signal, openBody: broken }).catch((e: Error) => e.message)).to.equal('connection reset');
    expect(await readdir(join(scratch.dir(), 'keep'))).to.deep.equal([]);
  });

  it('an abort stops the copy and removes it', async () => {
    const controller = new AbortController();
    const endless = async (): Promise<Readable> =>
      new Readable({
        read() {
          setTimeout(() => this.push(Buffer.alloc(4096)), 5);
        },
      });
    const pending = downloadObject({ objectName: 'live.ts', tempDir: scratch.dir(), signal: controller.signal, openBody: endless });
    setTimeout(() => controller.abort(), 50);
    const error = await pending.catch((e: Error) => e);
    expect((error as Error).name).to.equal('AbortError');
    expect(await scratch.leftovers()).to.deep.equal([]);
  });

  it('saveTo keeps the copy after release, written atomically', async () => {
    const saveTo = join(scratch.dir(), 'nested', 'copy.mp4');
    const copy = await downloadObject({ objectName: 'x/y.mp4', saveTo, signal: new AbortController().signal, openBody: async () => Readable.from([Buffer.from('kept')]) });
    expect(copy.path).to.equal(saveTo);
    await copy.release();
    expect(await readFile(saveTo, 'utf8')).to.equal('kept');
    expect(await readdir(join(scratch.dir(), 'nested'))).to.deep.equal(['copy.mp4']);
  });

  it('safeFileName keeps the basename and its extension, and nothing that could escape the directory', () => {
    expect(safeFileName('a/b/talk 1.mp4')).to.equal('talk 1.mp4');
    expect(safeFileName('..')).to.equal('object');
    expect(safeFileName('dir/')).to.equal('dir');
    expect(safeFileName('we:ird?*name.mov')).to.equal('we_ird__name.mov');
    expect(safeFileName('.hidden')).to.equal('hidden');
  });
});
