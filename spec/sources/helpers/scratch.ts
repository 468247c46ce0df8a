import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { descendantsOf } from '../../helpers/servers/managed-process.js';

/**
 * A fresh directory per test of the suite (mocha `beforeEach`/`afterEach`), to pass as a cloud source's `tempDir`
 * so a test can prove that an input left no temporary file behind without being confused by other processes'
 * files. (Not TMPDIR: a spec that replaces `process.env` with a plain object cuts it off from `os.tmpdir()`.)
 */
export function useScratchDir(): { readonly dir: () => string; readonly leftovers: () => Promise<string[]> } {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ffs-sources-spec-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir: () => dir, leftovers: async () => readdir(dir) };
}

/** ffmpeg and ffprobe processes this test process started that still run. */
export function ffmpegChildren(): number[] {
  return descendantsOf(process.pid).filter((pid) => {
    try {
      return /(^|\/)(ffmpeg|ffprobe)\0/u.test(readFileSync(`/proc/${pid}/cmdline`, 'latin1'));
    } catch {
      return false;
    }
  });
}

/** Top-level ISO-BMFF box types of an MP4, in file order (e.g. `['ftyp', 'free', 'mdat', 'moov']`). */
export async function topLevelBoxes(path: string): Promise<string[]> {
  const { open } = await import('node:fs/promises');
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const boxes: string[] = [];
    let offset = 0;
    const header = Buffer.alloc(16);
    while (offset + 8 <= size) {
      await handle.read(header, 0, 16, offset);
      let length = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      if (length === 1) length = Number(header.readBigUInt64BE(8));
      if (length === 0) length = size - offset;
      if (length < 8) break;
      boxes.push(type);
      offset += length;
    }
    return boxes;
  } finally {
    await handle.close();
  }
}

/**
 * How much of an input ffprobe really read, from libavformat's own accounting (`Statistics: N bytes read, M seeks`,
 * printed at debug level when the input closes). Server-side byte counts include read-ahead into socket buffers;
 * this does not.
 */
export async function ffprobeReadStats(uri: string, inputOptions: readonly string[] = []): Promise<{ bytesRead: number; seeks: number }> {
  const { execa } = await import('execa');
  const result = await execa('ffprobe', ['-v', 'debug', ...inputOptions, '-i', uri], { reject: false, stdin: 'ignore' });
  const stats = [...String(result.stderr).matchAll(/Statistics: (\d+) bytes read, (\d+) seeks/gu)];
  if (stats.length === 0) throw new Error(`ffprobe printed no I/O statistics (exit ${String(result.exitCode)})`);
  return { bytesRead: stats.reduce((sum, m) => sum + Number(m[1]), 0), seeks: stats.reduce((sum, m) => sum + Number(m[2]), 0) };
}
