import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Observable } from 'rxjs';
import { pollDirectory } from './poll-directory.js';

/** A file that appeared, changed or went away in a watched directory. */
export interface DirectoryChange {
  readonly type: 'add' | 'change' | 'unlink';
  /** Absolute path. */
  readonly path: string;
}

/** How {@link watchDirectory} learns about changes. */
export interface WatchDirectoryOptions {
  /**
   * Poll with chokidar instead of listening to the OS's change events: for directories where those never come
   * (Docker Desktop or WSL2 bind mounts, some network file systems). @default false
   */
  readonly usePolling?: boolean;
  /** With `usePolling`: how often each file is checked. @default 250 */
  readonly pollIntervalMs?: number;
}

/**
 * Watches one directory (not its subdirectories) and emits each add, change and removal of a visible, non-`.tmp`
 * file. Cold; the watcher is closed on unsubscribe. Files present when watching starts are not reported as added
 * (a previous run's files are not this job's); a later change or removal of one is.
 *
 * Built on `fs.watch` (inotify on Linux): each event names its file, which is `stat`ed once to tell what
 * happened, so the cost per event is constant however many files the directory holds. (chokidar re-reads and
 * `stat`s the whole directory on every change, which for a long job's thousand segments made hundreds of MB of
 * garbage and held the process's memory up.) Events for one name that arrive while it waits for its `stat` are
 * merged: a file rewritten twice in a few milliseconds may be reported changed once, with its latest state.
 *
 * State is bounded by the directory: the names of the files it holds now.
 *
 * With `usePolling`, chokidar polls instead (see `pollDirectory`).
 *
 * `onReady` is called once the watch is in place, so a caller can start writing only then.
 */
export function watchDirectory(dir: string, onReady?: () => void, options: WatchDirectoryOptions = {}): Observable<DirectoryChange> {
  if (options.usePolling === true) return pollDirectory(dir, options.pollIntervalMs ?? 250, onReady);
  return new Observable<DirectoryChange>((subscriber) => {
    let closed = false;
    /** Visible files known to exist now (those present at the start included, once listed). */
    const present = new Set<string>();
    /** Names with an event not handled yet, in arrival order; each is looked at once however many events it got. */
    const dirty = new Set<string>();
    let rescan = false;
    let draining = false;

    const isIgnored = (name: string): boolean => name.startsWith('.') || name.endsWith('.tmp');

    const look = async (name: string): Promise<void> => {
      const path = join(dir, name);
      const isFile = await stat(path).then(
        (s) => s.isFile(),
        () => false,
      );
      if (closed) return;
      if (isFile) {
        const type = present.has(name) ? 'change' : 'add';
        present.add(name);
        subscriber.next({ type, path });
      } else if (present.delete(name)) {
        subscriber.next({ type: 'unlink', path });
      }
    };

    /** The OS gave no file name: compare the whole listing with what is known. */
    const compareListing = async (): Promise<void> => {
      const names = await readdir(dir).catch(() => [] as string[]);
      if (closed) return;
      const seen = new Set(names.filter((name) => !isIgnored(name)));
      for (const name of [...present]) if (!seen.has(name)) dirty.add(name);
      for (const name of seen) if (!present.has(name)) dirty.add(name);
    };

    const drain = async (): Promise<void> => {
      if (draining) return;
      draining = true;
      try {
        while (!closed && (dirty.size > 0 || rescan)) {
          if (rescan) {
            rescan = false;
            await compareListing();
            continue;
          }
          const name = dirty.values().next().value as string;
          dirty.delete(name);
          await look(name);
        }
      } catch (error) {
        if (!closed) subscriber.error(error);
      } finally {
        draining = false;
      }
    };

    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: true, recursive: false }, (_event, filename) => {
        if (closed) return;
        if (filename === null) rescan = true;
        else if (!isIgnored(filename)) dirty.add(filename);
        else return;
        void drain();
      });
    } catch (error) {
      subscriber.error(error);
      return undefined;
    }
    watcher.on('error', (error: unknown) => {
      if (!closed) subscriber.error(error);
    });
    // Files already there are not this job's additions, but their later changes and removals are reported.
    void readdir(dir)
      .then((names) => {
        for (const name of names) if (!isIgnored(name) && !dirty.has(name)) present.add(name);
      })
      .catch(() => undefined)
      .finally(() => {
        if (!closed) onReady?.();
      });

    return () => {
      closed = true;
      dirty.clear();
      present.clear();
      watcher.close();
    };
  });
}
