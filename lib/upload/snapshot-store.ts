import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A snapshot file, shared by the sinks that upload it; the last `release()` deletes it. */
export interface Snapshot {
  /** Absolute path of the private copy. */
  readonly path: string;
  readonly bytes: number;
  /** Says one holder is done with it (uploaded, superseded or abandoned). Idempotent per holder count. */
  release(): void;
}

/**
 * Private copies of playlist and manifest text, so that what is uploaded is exactly the version that was
 * reported, even when ffmpeg rewrites the file meanwhile (live playlists change every segment).
 *
 * The directory (`<os tmpdir>/ffs-upload-*`) is created on first use; each snapshot is deleted when its last
 * holder releases it, and `dispose()` removes the directory and anything left in it.
 */
export class SnapshotStore {
  private dir: Promise<string> | undefined;
  private counter = 0;
  private disposed = false;

  /** Writes `content` to a new private file with `holders` holders (at least one). */
  async write(key: string, content: string, holders: number): Promise<Snapshot> {
    if (this.disposed) throw new Error('SnapshotStore: write() after dispose()');
    this.dir ??= mkdtemp(join(tmpdir(), 'ffs-upload-'));
    const dir = await this.dir;
    // A counter keeps versions of one key apart; the key's last segment keeps the file recognisable when debugging.
    const name = `${++this.counter}-${key.replace(/^.*\//u, '').replace(/[^\w.-]/gu, '_')}`;
    const path = join(dir, name);
    await writeFile(path, content);
    let remaining = Math.max(1, holders);
    return {
      path,
      bytes: Buffer.byteLength(content),
      release: () => {
        remaining -= 1;
        if (remaining === 0) void rm(path, { force: true }).catch(() => undefined);
      },
    };
  }

  /** Removes the directory and every snapshot in it. Idempotent; never rejects. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const dir = this.dir;
    this.dir = undefined;
    if (dir === undefined) return;
    try {
      await rm(await dir, { recursive: true, force: true });
    } catch {
      // mkdtemp failed: nothing to remove.
    }
  }
}
