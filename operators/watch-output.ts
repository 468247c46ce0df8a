import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Observable, type MonoTypeOperatorFunction, type Subscription } from 'rxjs';
import { contentTypeFor } from '../lib/contracts/content-type.js';
import type { OutputFile, OutputFileKind } from '../lib/contracts/output-file.js';
import type { OutputFileEvent } from '../lib/contracts/output-file-event.js';
import type { OutputLayout } from '../lib/contracts/output-layout.js';
import type { PackageResult, PackagingEvent } from '../lib/contracts/packaging-event.js';
import { classifyOutputFile } from '../lib/fs/classify-output-file.js';
import { watchDirectory, type WatchDirectoryOptions } from '../lib/fs/watch-directory.js';

/**
 * Options of {@link watchOutput}. By default the OS's change events are used (inotify, FSEvents, ReadDirectoryChangesW),
 * at a constant cost per file written.
 */
export type WatchOutputOptions = WatchDirectoryOptions;

/**
 * Reports each file of a package as soon as it is complete, while ffmpeg is still writing the rest: put it right
 * after a packaging operator, before `uploadTo()`.
 *
 * - `segment` once per file, when ffmpeg renames it into place (ffmpeg writes `*.tmp` first), so never partial;
 * - `init` once, just before the first segment of its rendition (by then ffmpeg has finished writing it);
 * - `playlist` and `manifest` with their text at that moment: for live jobs at every rewrite (each a new
 *   `version`); for VOD jobs once, final, when the job is done. The entry manifest (master or MPD) comes last,
 *   just before `done`.
 * When the job ends, the directory is reconciled with the result, so a file whose event the watcher missed is
 * still reported, once, before `done`. The watcher is closed on completion, error and unsubscribe.
 *
 * For an output directory on a mount that sends no change events (Docker Desktop, WSL2 `/mnt/c`), pass
 * `{ usePolling: true }`: chokidar then polls it.
 *
 * @example
 * fromFile('talk.mp4').pipe(packageHls({ output: 'out/master.m3u8' }), watchOutput())
 * // start, progress..., init?, segment, segment, ..., playlist..., manifest, done
 */
export function watchOutput(options: WatchOutputOptions = {}): MonoTypeOperatorFunction<PackagingEvent> {
  return (source) =>
    new Observable<PackagingEvent>((subscriber) => {
      const state = new WatchState((e) => subscriber.next(e));
      let watch: Subscription | undefined;
      // One chain keeps file events in arrival order and lets `done` wait for everything before it.
      let chain: Promise<void> = Promise.resolve();
      const enqueue = (task: () => Promise<void>): void => {
        chain = chain.then(task).catch((error: unknown) => subscriber.error(error));
      };
      const upstream = source.subscribe({
        next: (event) => {
          if (event.type === 'start') {
            subscriber.next(event);
            if (event.layout.format !== 'mp4') {
              state.layout = event.layout;
              watch = watchDirectory(event.layout.outDir, undefined, options).subscribe({
                next: (change) => {
                  if (change.type !== 'unlink') enqueue(() => state.onPath(change.path));
                  else enqueue(async () => state.onRemoved(change.path));
                },
                error: (error: unknown) => subscriber.error(error),
              });
            }
          } else if (event.type === 'done') {
            enqueue(async () => {
              watch?.unsubscribe();
              await state.reconcile(event.result);
              subscriber.next(event);
            });
          } else {
            // A key the job reported itself must not be reported again when the watcher sees its file.
            if (event.type === 'key') state.markReported(event.file.key);
            enqueue(async () => subscriber.next(event));
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => enqueue(async () => subscriber.complete()),
      });
      return () => {
        upstream.unsubscribe();
        watch?.unsubscribe();
      };
    });
}

/** What has been reported so far, per job. */
class WatchState {
  layout: OutputLayout | undefined;
  private readonly reported = new Set<string>();
  private readonly heldInits = new Map<string, string>();
  private readonly versions = new Map<string, { version: number; content: string }>();

  constructor(private readonly emit: (event: OutputFileEvent) => void) {}

  /** Records a file reported upstream (a job's own `key` events), so the watcher does not report it twice. */
  markReported(name: string): void {
    this.reported.add(name);
  }

  /**
   * A file went away. Live: a window segment left the package; forgetting its name keeps the state of a job that
   * runs for days bounded by its window (uploadTo() notices the removal itself, from the disk).
   */
  onRemoved(path: string): void {
    if (this.layout?.isLive) this.reported.delete(basename(path));
  }

  async onPath(path: string): Promise<void> {
    const layout = this.layout;
    if (!layout) return;
    const name = basename(path);
    const cls = classifyOutputFile(layout, name);
    if (!cls) return;
    switch (cls.kind) {
      case 'init':
        if (!this.reported.has(name)) this.heldInits.set(cls.rendition, name);
        return;
      case 'segment':
        return this.reportSegment(name, cls.rendition, cls.sequence, null);
      case 'key':
        if (this.reported.has(name)) return;
        return this.reportOnce(name, 'key', (file) => ({ type: 'key', file, keyId: cls.keyId }));
      case 'playlist':
      case 'manifest':
        // VOD playlists are reported once, final, at the end; live ones at every version.
        if (layout.isLive) await this.reportVersion(name, cls.kind, cls.kind === 'playlist' ? cls.rendition : null);
        return;
    }
  }

  /** At the end of the job: reports every file of the result not reported yet, then the final manifests. */
  async reconcile(result: PackageResult): Promise<void> {
    const layout = this.layout;
    if (!layout) return;
    const durations = new Map<string, number>();
    for (const r of result.presentation?.renditions ?? []) for (const s of r.segments) durations.set(decodeURIComponent(s.uri), s.durationSeconds);
    for (const file of result.files) {
      if (file.kind !== 'init' && file.kind !== 'segment' && file.kind !== 'key') continue;
      const cls = classifyOutputFile(layout, file.key);
      if (cls?.kind === 'init' && !this.reported.has(file.key)) this.heldInits.set(cls.rendition, file.key);
    }
    for (const file of result.files) {
      const cls = classifyOutputFile(layout, file.key);
      if (file.kind === 'segment' && cls?.kind === 'segment') await this.reportSegment(file.key, cls.rendition, cls.sequence, durations.get(file.key) ?? null);
      else if (file.kind === 'key' && !this.reported.has(file.key)) await this.reportOnce(file.key, 'key', (f) => ({ type: 'key', file: f, keyId: f.key.replace(/\.key$/u, '') }));
    }
    for (const [rendition, name] of this.heldInits) await this.reportInit(name, rendition);
    for (const file of result.files) {
      if (file.kind !== 'playlist') continue;
      const cls = classifyOutputFile(layout, file.key);
      await this.reportVersion(file.key, 'playlist', cls?.kind === 'playlist' ? cls.rendition : null);
    }
    // Entry manifests last: a master or MPD must never arrive before what it references.
    const entry = basename(result.manifestPath);
    const manifests = result.files.filter((f) => f.kind === 'manifest').sort((a, b) => Number(a.key === entry) - Number(b.key === entry));
    for (const file of manifests) await this.reportVersion(file.key, 'manifest', null);
  }

  private async reportSegment(name: string, rendition: string, sequence: number, durationSeconds: number | null): Promise<void> {
    if (this.reported.has(name)) return;
    const init = this.heldInits.get(rendition);
    if (init !== undefined) await this.reportInit(init, rendition);
    await this.reportOnce(name, 'segment', (file) => ({ type: 'segment', file, rendition, sequence, durationSeconds }));
  }

  private async reportInit(name: string, rendition: string): Promise<void> {
    this.heldInits.delete(rendition);
    if (this.reported.has(name)) return;
    await this.reportOnce(name, 'init', (file) => ({ type: 'init', file, rendition }));
  }

  private async reportOnce(name: string, kind: OutputFileKind, make: (file: OutputFile) => OutputFileEvent): Promise<void> {
    const file = await this.fileOf(name, kind);
    if (!file) return;
    this.reported.add(name);
    this.emit(make(file));
  }

  private async reportVersion(name: string, kind: 'playlist' | 'manifest', rendition: string | null): Promise<void> {
    const file = await this.fileOf(name, kind);
    if (!file) return;
    let content: string;
    try {
      content = await readFile(file.localPath, 'utf8');
    } catch {
      return;
    }
    const last = this.versions.get(name);
    if (last?.content === content) return;
    const version = (last?.version ?? 0) + 1;
    this.versions.set(name, { version, content });
    const sized = { ...file, bytes: Buffer.byteLength(content) };
    this.emit(kind === 'playlist' ? { type: 'playlist', file: sized, rendition, version, content } : { type: 'manifest', file: sized, version, content });
  }

  private async fileOf(name: string, kind: OutputFileKind): Promise<OutputFile | null> {
    const layout = this.layout;
    if (!layout) return null;
    const localPath = join(layout.outDir, name);
    try {
      const { size } = await stat(localPath);
      return { key: name, localPath, kind, contentType: contentTypeFor(name), bytes: size };
    } catch {
      return null; // removed meanwhile (a live window slid past it)
    }
  }
}
