import { mkdir, readFile, readdir, rm, rmdir } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import { Observable, type Subscription } from 'rxjs';
import { contentTypeFor } from '../contracts/content-type.js';
import type { OutputFileEvent } from '../contracts/output-file-event.js';
import type { OutputLayout } from '../contracts/output-layout.js';
import type { PackagingEvent } from '../contracts/packaging-event.js';
import { AbortedError, OutputError, PackagerError, isPackagerError } from '../errors.js';
import { classifyOutputFile } from '../fs/classify-output-file.js';
import { watchDirectory } from '../fs/watch-directory.js';
import { writeFileAtomic } from '../manifest/write-file-atomic.js';
import { createAes128CbcEncryptor } from './aes-128-cbc.js';
import { addKeysToMediaPlaylist, type PlaylistKey } from './add-keys-to-media-playlist.js';
import { generateContentKey, keyIdFor, keyIdPrefixFor, type ContentKey } from './content-key.js';
import type { ResolvedHlsEncryption } from './hls-encryption-options.js';
import { keyIndexOf } from './key-index-of.js';
import type { PreparedKeyDir } from './prepare-key-store.js';
import { publishFileAtomic } from './publish-file-atomic.js';
import { redactKeyBytes } from './redact-key-bytes.js';
import { stagingDirFor } from './staging-dir-for.js';

/** What the stage needs to know about its job. */
export interface HlsEncryptionStageOptions {
  /** The public output directory (where the master and the encrypted package go). */
  readonly outDir: string;
  readonly slug: string;
  /** Rendition names as in file names (rungs, then `audio`). */
  readonly renditions: readonly string[];
  readonly segmentType: 'mpegts' | 'fmp4';
  readonly encryption: ResolvedHlsEncryption;
  /** Live jobs republish each media playlist at every rewrite; VOD jobs once, at the end. */
  readonly isLive: boolean;
  /** The job's signal. */
  readonly signal: AbortSignal | undefined;
  /** From `prepareKeyStore`: the local key directory and whether it existed before the job. */
  readonly keyDir: PreparedKeyDir | null;
}

/**
 * The encryption stage of an HLS job. ffmpeg writes the clear package into a hidden staging directory inside the
 * output directory; while it runs, the stage encrypts each finished segment (segment k of every rendition with key
 * ⌊k/N⌋, AES-128-CBC, PKCS#7, the key's explicit IV) into the output directory, atomically, after storing the key.
 * fMP4 init segments are copied clear. Live jobs get their public media playlists rewritten as segments appear.
 *
 * Create one per run ({@link HlsEncryptionStage.create}); `run()` merges it into the ffmpeg events.
 */
export class HlsEncryptionStage {
  readonly stagingDir: string;
  /** Aborted when the stage fails or the job's signal aborts: give it to ffmpeg so a stage failure stops it. */
  readonly stopSignal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly layout: OutputLayout;
  private readonly keyIdPrefix: string;
  private readonly keys = new Map<number, { readonly key: ContentKey; readonly uri: string }>();
  private readonly published = new Map<string, { readonly rendition: string; readonly sequence: number; readonly keyIndex: number }>();
  private readonly inits = new Map<string, string>();
  private readonly keptClear = new Set<string>();
  private readonly keyFiles = new Set<string>();
  private readonly livePlaylists = new Map<string, string>();
  /** Live: public segments deleted after they left the window. */
  private readonly deleted = new Set<string>();
  private chain: Promise<void> = Promise.resolve();
  private watch: Subscription | undefined;
  private failure: unknown;
  private emit: (event: OutputFileEvent) => void = () => undefined;

  private constructor(private readonly options: HlsEncryptionStageOptions) {
    this.stagingDir = stagingDirFor(options.outDir, options.slug);
    this.stopSignal = options.signal ? AbortSignal.any([this.controller.signal, options.signal]) : this.controller.signal;
    this.keyIdPrefix = keyIdPrefixFor(options.slug);
    const segmentExtension = options.segmentType === 'fmp4' ? 'm4s' : 'ts';
    this.layout = { format: 'hls', outDir: this.stagingDir, slug: options.slug, renditions: options.renditions, segmentExtension, isLive: options.isLive };
  }

  /** Creates the stage and an empty staging directory (a crashed run's staging is removed first). */
  static async create(options: HlsEncryptionStageOptions): Promise<HlsEncryptionStage> {
    const stage = new HlsEncryptionStage(options);
    await rm(stage.stagingDir, { recursive: true, force: true });
    try {
      await mkdir(stage.stagingDir, { recursive: true });
    } catch (cause) {
      throw new OutputError('OUTPUT_NOT_WRITABLE', stage.stagingDir, `The staging directory "${stage.stagingDir}" cannot be created; check the output directory is writable.`, { cause });
    }
    return stage;
  }

  /**
   * Runs the stage alongside `encode$` (ffmpeg, started with {@link stopSignal} and the staging directory as its
   * working directory): forwards its events, adds `key` events, and completes once ffmpeg succeeded and every
   * segment is encrypted and published. A stage failure stops ffmpeg and is the error reported; `cleanup` (which
   * must call {@link dispose}) runs before an error after ffmpeg's exit is reported.
   */
  run(encode$: Observable<PackagingEvent>, cleanup: () => Promise<void>): Observable<PackagingEvent> {
    return new Observable<PackagingEvent>((subscriber) => {
      let isEncoded = false;
      let isSettled = false;
      this.emit = (event) => subscriber.next(event);
      this.watch = watchDirectory(this.stagingDir).subscribe({
        next: (change) => {
          if (change.type !== 'unlink') this.enqueue(() => this.onStagedFile(basename(change.path)));
        },
        error: (error: unknown) => this.fail(error),
      });
      const encode = encode$.subscribe({
        next: (event) => subscriber.next(event),
        error: (error: unknown) => {
          this.watch?.unsubscribe();
          subscriber.error(this.failure ?? error);
        },
        complete: () => {
          isEncoded = true;
          this.watch?.unsubscribe();
          this.flush().then(
            () => {
              isSettled = true;
              subscriber.complete();
            },
            async (error: unknown) => {
              isSettled = true;
              await cleanup();
              subscriber.error(error);
            },
          );
        },
      });
      return () => {
        this.watch?.unsubscribe();
        encode.unsubscribe();
        // Unsubscribed after ffmpeg's exit, while the last segments were being encrypted: nobody else cleans up.
        if (isEncoded && !isSettled) void cleanup();
      };
    });
  }

  /** The key of a published segment (by its URI in a media playlist), or undefined while it is not published. */
  keyOfSegment(uri: string): PlaylistKey | undefined {
    let name: string;
    try {
      name = basename(decodeURIComponent(uri));
    } catch {
      return undefined;
    }
    const segment = this.published.get(name);
    const stored = segment === undefined ? undefined : this.keys.get(segment.keyIndex);
    if (!stored) return undefined;
    return { keyId: stored.key.keyId, uri: stored.uri, ivHex: Buffer.from(stored.key.ivBytes).toString('hex') };
  }

  /** The clear segment kept in the staging directory for measuring a rendition (its first published one). */
  clearSegmentOf(rendition: string): string | undefined {
    return [...this.keptClear].find((name) => this.published.get(name)?.rendition === rendition);
  }

  /** Ids of every key stored so far, in key order. */
  keyIds(): string[] {
    return [...this.keys.values()].sort((a, b) => a.key.index - b.key.index).map((k) => k.key.keyId);
  }

  /** After success: removes the staging directory and forgets the key bytes. */
  async finish(): Promise<void> {
    await rm(this.stagingDir, { recursive: true, force: true }).catch(() => undefined);
    this.forgetKeys();
  }

  /** After failure or abort: stops the stage, waits for what it was writing, removes staging and key files. Never throws. */
  async dispose(): Promise<void> {
    // Close the watcher before its directory goes, so it reports nothing about files being removed.
    this.watch?.unsubscribe();
    this.controller.abort();
    await this.chain.catch(() => undefined);
    await rm(this.stagingDir, { recursive: true, force: true }).catch(() => undefined);
    await Promise.all([...this.keyFiles].map((path) => rm(path, { force: true }).catch(() => undefined)));
    const keyDir = this.options.keyDir;
    if (keyDir && !keyDir.existed) await rmdir(keyDir.path).catch(() => undefined);
    this.forgetKeys();
  }

  private enqueue(task: () => Promise<void>): void {
    this.chain = this.chain
      .then(async () => {
        if (!this.controller.signal.aborted) await task();
      })
      .catch((error: unknown) => this.fail(error));
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    this.controller.abort();
  }

  /**
   * After ffmpeg's success (or a live job's clean stop once nobody listens): publishes what the watcher has not seen
   * yet, re-copies an init ffmpeg rewrote at the end. Rejects with the stage's failure, or `ABORTED`.
   */
  async flush(): Promise<void> {
    this.enqueue(async () => {
      const staged = (await readdir(this.stagingDir)).flatMap((name) => {
        const cls = classifyOutputFile(this.layout, name);
        return cls?.kind === 'segment' && !this.published.has(name) ? [{ name, ...cls }] : [];
      });
      for (const s of staged.sort((a, b) => a.sequence - b.sequence)) await this.publishSegment(s.name, s.rendition, s.sequence);
      for (const [rendition, name] of this.inits) {
        const [clear, copy] = await Promise.all([readFile(join(this.stagingDir, name)), readFile(join(this.options.outDir, name))]);
        if (!clear.equals(copy)) await this.publishInit(rendition, true);
      }
    });
    await this.chain;
    if (this.failure !== undefined) throw this.failure;
    if (this.controller.signal.aborted) throw new AbortedError();
  }

  private async onStagedFile(name: string): Promise<void> {
    const cls = classifyOutputFile(this.layout, name);
    if (cls?.kind === 'segment') await this.publishSegment(name, cls.rendition, cls.sequence);
    else if (cls?.kind === 'playlist' && cls.rendition !== null && this.options.isLive) await this.republishPlaylist(cls.rendition);
  }

  private async publishSegment(name: string, rendition: string, sequence: number): Promise<void> {
    if (this.published.has(name)) return;
    if (this.options.segmentType === 'fmp4') await this.publishInit(rendition, false);
    const keyIndex = keyIndexOf(sequence, this.options.encryption.rotationPeriodSegments);
    const stored = this.keys.get(keyIndex) ?? (await this.storeKey(keyIndex));
    const encryptor = createAes128CbcEncryptor(stored.key.keyBytes, stored.key.ivBytes);
    await this.guard(join(this.options.outDir, name), () => publishFileAtomic(join(this.stagingDir, name), join(this.options.outDir, name), encryptor, this.stopSignal));
    this.published.set(name, { rendition, sequence, keyIndex });
    // One clear segment per rendition stays for measuring codecs; the others are not needed any more. Live: the
    // latest one (a sliding window drops the first), so the one kept is listed in the final playlist.
    const kept = [...this.keptClear].find((n) => this.published.get(n)?.rendition === rendition);
    if (kept !== undefined && !this.options.isLive) await rm(join(this.stagingDir, name), { force: true });
    else {
      if (kept !== undefined) {
        this.keptClear.delete(kept);
        await rm(join(this.stagingDir, kept), { force: true });
      }
      this.keptClear.add(name);
    }
    if (this.options.isLive) await this.republishPlaylist(rendition);
  }

  /** fMP4 init segments stay clear (EXT-X-MAP comes before the first EXT-X-KEY); ffmpeg has written one by its first segment. */
  private async publishInit(rendition: string, isRepublish: boolean): Promise<void> {
    if (this.inits.has(rendition) && !isRepublish) return;
    const name = `${this.options.slug}_${rendition}_init.mp4`;
    await this.guard(join(this.options.outDir, name), () => publishFileAtomic(join(this.stagingDir, name), join(this.options.outDir, name), undefined, this.stopSignal));
    this.inits.set(rendition, name);
  }

  /** Generates key `index`, stores it, and only then lets segments use it. Every key made is used by the segment that asked. */
  private async storeKey(index: number): Promise<{ key: ContentKey; uri: string }> {
    const store = this.options.encryption.keyStore;
    const key = generateContentKey(keyIdFor(this.keyIdPrefix, index), index);
    const localPath = store.localPathOf?.(key.keyId);
    try {
      await store.put({ keyId: key.keyId, keyBytes: key.keyBytes }, this.stopSignal);
    } catch (cause) {
      if (this.stopSignal.aborted) throw new AbortedError();
      if (isPackagerError(cause)) throw cause;
      const reason = redactKeyBytes(cause instanceof Error ? cause.message : String(cause), key.keyBytes);
      throw new PackagerError('SINK_WRITE_FAILED', `The key store "${store.name}" could not store key "${key.keyId}": ${reason}. Check the key store.`, { cause });
    }
    // Written (atomically, so only now): a failed job removes it.
    if (localPath !== undefined) this.keyFiles.add(localPath);
    if (this.stopSignal.aborted) throw new AbortedError();
    const stored = { key, uri: store.uriFor(key.keyId, this.options.outDir) };
    this.keys.set(index, stored);
    const rel = localPath === undefined ? undefined : relative(this.options.outDir, localPath);
    if (localPath !== undefined && rel !== undefined && rel !== '' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) {
      // The event names the key, never carries it.
      const file = { key: rel.split(sep).join('/'), localPath, kind: 'key' as const, contentType: contentTypeFor(localPath), bytes: key.keyBytes.length };
      this.emit({ type: 'key', file, keyId: key.keyId });
    }
    return stored;
  }

  /** Live: the public media playlist lists only what is encrypted and published. */
  private async republishPlaylist(rendition: string): Promise<void> {
    const name = `${this.options.slug}_${rendition}.m3u8`;
    let text: string;
    try {
      text = await readFile(join(this.stagingDir, name), 'utf8');
    } catch {
      return; // not written yet
    }
    const keyed = addKeysToMediaPlaylist(text, (uri) => this.keyOfSegment(uri));
    if (keyed.segmentCount === 0 || this.livePlaylists.get(rendition) === keyed.text) return;
    await writeFileAtomic(join(this.options.outDir, name), keyed.text);
    this.livePlaylists.set(rendition, keyed.text);
    await this.deleteSlidOut(rendition, text);
  }

  /**
   * Live sliding window: deletes the public segments of `rendition` that left the window more than one segment ago
   * (as ffmpeg's `delete_segments` does with the clear ones, so a client still downloading the last one can finish).
   */
  private async deleteSlidOut(rendition: string, clearPlaylist: string): Promise<void> {
    const sequences = [...clearPlaylist.matchAll(/_(\d{5,})\.(?:ts|m4s)\s*$/gmu)].map((m) => Number(m[1]));
    if (sequences.length === 0 || /^#EXT-X-PLAYLIST-TYPE:(?:EVENT|VOD)/mu.test(clearPlaylist)) return;
    const first = Math.min(...sequences);
    for (const [name, segment] of this.published) {
      if (segment.rendition !== rendition || segment.sequence >= first - 1 || this.deleted.has(name)) continue;
      this.deleted.add(name);
      await rm(join(this.options.outDir, name), { force: true });
    }
  }

  /** Runs a file operation; maps an abort to `ABORTED` and a file system failure to `OUTPUT_NOT_WRITABLE`. */
  private async guard<T>(path: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (cause) {
      if (this.stopSignal.aborted) throw new AbortedError();
      if (isPackagerError(cause)) throw cause;
      const code = (cause as NodeJS.ErrnoException).code ?? 'error';
      throw new OutputError('OUTPUT_NOT_WRITABLE', path, `Could not write "${path}" (${code}); check the output directory is writable and has space.`, { cause });
    }
  }

  private forgetKeys(): void {
    for (const { key } of this.keys.values()) Buffer.from(key.keyBytes.buffer, key.keyBytes.byteOffset, key.keyBytes.length).fill(0);
  }
}
