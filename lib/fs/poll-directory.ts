import { basename } from 'node:path';
import { watch } from 'chokidar';
import { Observable } from 'rxjs';
import type { DirectoryChange } from './watch-directory.js';

/**
 * Watches one directory by polling, with chokidar (`usePolling`): for output directories where the OS sends no
 * change events for ffmpeg's writes (Docker Desktop and WSL2 bind mounts, some network file systems). Same contract
 * as {@link watchDirectory}: add, change and unlink of visible, non-`.tmp` files; files present at the start are
 * not reported as added; cold, closed on unsubscribe. Costs a `stat` per file per interval, so it is opt-in.
 *
 * @param intervalMs - How often each file is checked.
 */
export function pollDirectory(dir: string, intervalMs: number, onReady?: () => void): Observable<DirectoryChange> {
  return new Observable<DirectoryChange>((subscriber) => {
    const watcher = watch(dir, {
      depth: 0,
      ignoreInitial: true,
      usePolling: true,
      interval: intervalMs,
      binaryInterval: intervalMs,
      // ffmpeg writes `*.tmp` and renames; the library's atomic writes use hidden names. Neither is a finished file.
      ignored: (path: string) => path !== dir && (basename(path).startsWith('.') || path.endsWith('.tmp')),
    });
    watcher.on('add', (path: string) => subscriber.next({ type: 'add', path }));
    watcher.on('change', (path: string) => subscriber.next({ type: 'change', path }));
    watcher.on('unlink', (path: string) => subscriber.next({ type: 'unlink', path }));
    watcher.on('error', (error: unknown) => subscriber.error(error));
    if (onReady) watcher.on('ready', onReady);
    return () => {
      // chokidar 4.0.3: a file check whose stat fails after close() calls add(), which reopens the watcher and leaks
      // a handle that keeps the process alive (seen when a failed job's cleanup deletes files). Disarm it.
      watcher.add = () => watcher;
      void watcher.close();
    };
  });
}
