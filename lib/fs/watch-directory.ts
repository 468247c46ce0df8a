import { basename } from 'node:path';
import { watch } from 'chokidar';
import { Observable } from 'rxjs';

/** A file that appeared or changed in a watched directory. */
export interface DirectoryChange {
  readonly type: 'add' | 'change' | 'unlink';
  /** Absolute path. */
  readonly path: string;
}

/**
 * Watches one directory (not its subdirectories) with chokidar and emits each add, change and removal of a
 * visible, non-`.tmp` file. Cold; the watcher is closed on unsubscribe. Files present when watching starts are
 * not reported (a previous run's files are not this job's).
 *
 * Emits `ready` through the callback once chokidar watches, so a caller can start writing only then.
 */
export function watchDirectory(dir: string, onReady?: () => void): Observable<DirectoryChange> {
  return new Observable<DirectoryChange>((subscriber) => {
    const watcher = watch(dir, {
      depth: 0,
      ignoreInitial: true,
      // ffmpeg writes `*.tmp` and renames; our own atomic writes use hidden names. Neither is a finished file.
      ignored: (path: string) => path !== dir && (basename(path).startsWith('.') || path.endsWith('.tmp')),
    });
    watcher.on('add', (path: string) => subscriber.next({ type: 'add', path }));
    watcher.on('change', (path: string) => subscriber.next({ type: 'change', path }));
    watcher.on('unlink', (path: string) => subscriber.next({ type: 'unlink', path }));
    watcher.on('error', (error: unknown) => subscriber.error(error));
    if (onReady) watcher.on('ready', onReady);
    return () => {
      // chokidar 4.0.3: a file check whose stat fails after close() calls add(), which reopens the watcher and leaks
      // an inotify handle that keeps the process alive (seen when a failed job's cleanup deletes files). Disarm it.
      watcher.add = () => watcher;
      void watcher.close();
    };
  });
}
