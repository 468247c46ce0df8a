/**
 * Helpers of the uploadTo() specs: a tiny synthetic package on disk with the events watchOutput() would report
 * for it, and a sink whose puts can be held and released one key at a time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subject, Subscription } from 'rxjs';
import { contentTypeFor } from '../../lib/contracts/content-type.js';
import type { OutputFile, OutputFileKind } from '../../lib/contracts/output-file.js';
import type { OutputLayout } from '../../lib/contracts/output-layout.js';
import type { PackageResult, PackagingEvent } from '../../lib/contracts/packaging-event.js';
import type { Sink, SinkPutRequest, SinkPutResult } from '../../lib/contracts/sink.js';
import type { UploadEvent } from '../../lib/contracts/upload-event.js';
import { AbortedError } from '../../lib/errors.js';
import { uploadTo } from '../../operators/upload-to.js';

/** A directory of package files and the events that report them. */
export interface FakePackage {
  readonly dir: string;
  /** Writes a file and returns its OutputFile. */
  write(key: string, content: string | Buffer, kind?: OutputFileKind): OutputFile;
  start(options?: { isLive?: boolean }): PackagingEvent;
  segment(key: string, content?: string): PackagingEvent;
  init(key: string, content?: string): PackagingEvent;
  key(key: string, content?: string): PackagingEvent;
  /** A playlist version: writes the file and reports `content`. */
  playlist(key: string, content: string, version?: number): PackagingEvent;
  manifest(key: string, content: string, version?: number): PackagingEvent;
  done(entryKey: string, files?: readonly OutputFile[]): PackagingEvent;
  /** Every OutputFile written so far, by key (latest). */
  readonly files: ReadonlyMap<string, OutputFile>;
  cleanup(): void;
}

export function fakePackage(): FakePackage {
  const dir = mkdtempSync(join(tmpdir(), 'ffs-upload-spec-'));
  const files = new Map<string, OutputFile>();
  const write = (key: string, content: string | Buffer, kind: OutputFileKind = kindOf(key)): OutputFile => {
    const localPath = join(dir, key);
    writeFileSync(localPath, content);
    const file: OutputFile = { key, localPath, kind, contentType: contentTypeFor(key), bytes: Buffer.byteLength(content) };
    files.set(key, file);
    return file;
  };
  return {
    dir,
    files,
    write,
    start: (options = {}) => {
      const isLive = options.isLive ?? false;
      const layout: OutputLayout = { format: 'hls', outDir: dir, slug: 'master', renditions: ['720p'], segmentExtension: 'ts', isLive };
      return { type: 'start', input: 'test', argv: ['ffmpeg'], pid: undefined, layout };
    },
    segment: (key, content = `segment ${key}`) => ({ type: 'segment', file: write(key, content, 'segment'), rendition: '720p', sequence: 0, durationSeconds: 2 }),
    init: (key, content = `init ${key}`) => ({ type: 'init', file: write(key, content, 'init'), rendition: '720p' }),
    key: (key, content = '0123456789abcdef') => ({ type: 'key', file: write(key, content, 'key'), keyId: key.replace(/\.key$/u, '') }),
    playlist: (key, content, version = 1) => ({ type: 'playlist', file: write(key, content, 'playlist'), rendition: '720p', version, content }),
    manifest: (key, content, version = 1) => ({ type: 'manifest', file: write(key, content, 'manifest'), version, content }),
    done: (entryKey, list) => {
      const result: PackageResult = {
        format: 'hls',
        outDir: dir,
        manifestPath: join(dir, entryKey),
        manifests: [join(dir, entryKey)],
        files: list ?? [...files.values()],
        presentation: null,
        hlsMasterPath: null,
        argv: [],
        elapsedMs: 1,
      };
      return { type: 'done', result };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function kindOf(key: string): OutputFileKind {
  if (key.endsWith('.m3u8')) return 'playlist';
  if (key.endsWith('.mpd')) return 'manifest';
  if (key.endsWith('.key')) return 'key';
  if (key.endsWith('_init.mp4')) return 'init';
  return 'segment';
}

/** A media playlist over `segments`, optionally with a map and a key. */
export function mediaPlaylist(segments: readonly string[], extra: { map?: string; key?: string; endList?: boolean; sequence?: number } = {}): string {
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    '#EXT-X-TARGETDURATION:2',
    `#EXT-X-MEDIA-SEQUENCE:${extra.sequence ?? 0}`,
    ...(extra.map ? [`#EXT-X-MAP:URI="${extra.map}"`] : []),
    ...(extra.key ? [`#EXT-X-KEY:METHOD=AES-128,URI="${extra.key}"`] : []),
    ...segments.flatMap((s) => ['#EXTINF:2.000,', s]),
    ...(extra.endList === false ? [] : ['#EXT-X-ENDLIST']),
    '',
  ].join('\n');
}

/** A master playlist over media playlists. */
export function masterPlaylist(variants: readonly string[], audio?: string): string {
  return [
    '#EXTM3U',
    ...(audio ? [`#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="a",URI="${audio}"`] : []),
    ...variants.flatMap((v) => [`#EXT-X-STREAM-INF:BANDWIDTH=1000000${audio ? ',AUDIO="a"' : ''}`, v]),
    '',
  ].join('\n');
}

/** A sink whose puts can be held per key; it records when each put starts and ends and what it stored. */
export interface GatedSink extends Sink {
  /** `start KEY` and `end KEY` (stored) / `abort KEY` lines, in order. */
  readonly log: string[];
  /** What is stored, by key (the bytes read when the put started). */
  readonly stored: Map<string, Buffer>;
  readonly requests: SinkPutRequest[];
  readonly deletes: string[];
  /** Every signal a put got. */
  readonly signals: AbortSignal[];
  /** Most puts that ran at once. */
  readonly maxRunning: number;
  /** Holds every put whose key matches until `release`. */
  hold(match: (key: string) => boolean): void;
  /** Releases the held puts whose key matches; without `match`, releases all and holds nothing more. */
  release(match?: (key: string) => boolean): void;
  /** Order in which keys were stored. */
  storedOrder(): string[];
}

export function gatedSink(name = 'gated://'): GatedSink {
  const log: string[] = [];
  const stored = new Map<string, Buffer>();
  const requests: SinkPutRequest[] = [];
  const deletes: string[] = [];
  const signals: AbortSignal[] = [];
  const holds: ((key: string) => boolean)[] = [];
  const waiting = new Set<{ key: string; go: () => void }>();
  let running = 0;
  let maxRunning = 0;
  const isHeld = (key: string): boolean => holds.some((h) => h(key));
  return {
    name,
    log,
    stored,
    requests,
    deletes,
    signals,
    get maxRunning() {
      return maxRunning;
    },
    async put(request: SinkPutRequest, signal: AbortSignal): Promise<SinkPutResult> {
      requests.push(request);
      signals.push(signal);
      log.push(`start ${request.key}`);
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      try {
        const body = await readFile(request.localPath);
        if (isHeld(request.key)) {
          await new Promise<void>((resolve, reject) => {
            const entry = { key: request.key, go: resolve };
            waiting.add(entry);
            signal.addEventListener('abort', () => {
              waiting.delete(entry);
              reject(new AbortedError(`put of ${request.key} aborted`));
            });
          });
        }
        if (signal.aborted) throw new AbortedError(`put of ${request.key} aborted`);
        stored.set(request.key, body);
        log.push(`end ${request.key}`);
        return { key: request.key, location: `${name}${request.key}`, bytes: body.length };
      } catch (error) {
        log.push(`abort ${request.key}`);
        throw error;
      } finally {
        running -= 1;
      }
    },
    async delete(key: string): Promise<void> {
      deletes.push(key);
      stored.delete(key);
    },
    hold(match) {
      holds.push(match);
    },
    release(match) {
      if (match === undefined) holds.length = 0;
      for (const entry of [...waiting]) {
        if (match === undefined || match(entry.key)) {
          waiting.delete(entry);
          entry.go();
        }
      }
    },
    storedOrder: () => log.filter((l) => l.startsWith('end ')).map((l) => l.slice(4)),
  };
}

/** Waits until `predicate` holds, polling every few ms (real timers). */
export async function until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('until(): timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** What `uploadTo()` emits: the packaging events passed through, and its own upload events. */
export type UploadToOutput = PackagingEvent | UploadEvent;

/** Subscribes, collecting every event; `result` settles with the events or the error. */
export function collect(source: Subject<PackagingEvent>, sinks: Sink | readonly Sink[], options: Parameters<typeof uploadTo>[1] = {}) {
  const events: UploadToOutput[] = [];
  let subscription: Subscription | undefined;
  const result = new Promise<UploadToOutput[]>((resolve, reject) => {
    subscription = source.pipe(uploadTo(sinks, options)).subscribe({ next: (e) => events.push(e), error: reject, complete: () => resolve(events) });
  });
  result.catch(() => undefined);
  return { events, result, unsubscribe: () => subscription?.unsubscribe() };
}

/** The keys of the `uploaded` events, in order; only those of `sink` when given. */
export const uploadedKeys = (events: readonly UploadToOutput[], sink?: string): string[] =>
  events.flatMap((e) => (e.type === 'uploaded' && (sink === undefined || e.sink === sink) ? [e.key] : []));
