import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { makeTestVideo } from '../media.js';
import { startStaticServer, type StaticServer } from './static-server.js';

/** What {@link useServedPackages} provides once its `before` hook ran. */
export interface ServedPackages {
  /** A fresh temporary directory, served over HTTP: package into it. */
  readonly root: string;
  readonly server: StaticServer;
  /** A 12 s 640x360 25 fps source video with audio. */
  readonly source: string;
  /** The HTTP URL of a file under `root` (path segments percent-encoded). */
  url(path: string): string;
}

/**
 * Mocha hooks for playback specs that package their own media: before the suite, a temporary directory served by the
 * static server and a test source; after it, both gone. Call it inside `describe`, after `before(requireFfmpeg)`.
 */
export function useServedPackages(prefix: string): () => ServedPackages {
  let served: ServedPackages | undefined;
  let root: string | undefined;
  let server: StaticServer | undefined;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), prefix));
    const started = await startStaticServer(root);
    server = started;
    const source = await makeTestVideo({ width: 640, height: 360, fps: 25, durationSeconds: 12 });
    const base = root;
    served = { root: base, server: started, source, url: (path) => `${started.url}/${relative(base, path).split('/').map(encodeURIComponent).join('/')}` };
  });
  after(async () => {
    await server?.close();
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });
  return () => {
    if (!served) throw new Error('useServedPackages(): used before its before() hook ran');
    return served;
  };
}
