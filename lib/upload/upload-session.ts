import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { cacheControlFor } from '../contracts/content-type.js';
import type { OutputFile } from '../contracts/output-file.js';
import type { OutputLayout } from '../contracts/output-layout.js';
import type { PackageResult } from '../contracts/packaging-event.js';
import type { Sink, SinkPutResult } from '../contracts/sink.js';
import { SinkError, isSinkError, type SinkOperation } from '../contracts/sink-error.js';
import type { UploadEvent } from '../contracts/upload-event.js';
import { playlistReferences } from './playlist-references.js';
import { RetryGiveUp, runWithRetry } from './run-with-retry.js';
import { SinkLane, type LaneTask } from './sink-lane.js';
import { SnapshotStore } from './snapshot-store.js';
import { UploadJob } from './upload-job.js';
import type { ResolvedUploadOptions } from './upload-options.js';
import { pathExists } from '../fs/path-exists.js';

/** How a session reports to its operator. */
export interface UploadSessionHooks {
  /** An `uploaded`, `retry` or `deleted` event. */
  emit(event: UploadEvent): void;
  /** A sink failed for good: the session has already stopped every lane and aborted every upload in flight. */
  fail(error: SinkError): void;
}

const NOTHING: ReadonlySet<string> = new Set();

/**
 * The state of one `uploadTo()` subscription (internal): one {@link SinkLane} per sink, the snapshots of playlist
 * text, the retry loop around every sink call, and the deletions; the current {@link UploadJob} decides what each
 * put waits for.
 */
export class UploadSession {
  private readonly lanes: SinkLane[];
  private readonly snapshots = new SnapshotStore();
  private readonly inFlight = new Set<AbortController>();
  private job = new UploadJob(null);
  private isStopped = false;

  constructor(
    sinks: readonly Sink[],
    private readonly options: ResolvedUploadOptions,
    private readonly hooks: UploadSessionHooks,
    /** A draw in [0, 1) for the backoff jitter. */
    private readonly random: () => number = Math.random,
  ) {
    this.lanes = sinks.map((sink) => {
      const lane: SinkLane = new SinkLane(sink, {
        concurrency: options.concurrencyPerSink,
        isReported: (key) => this.job.reported.has(key),
        isFinal: () => this.job.isFinal,
        isGone: (key) => this.job.gone.has(key),
        run: (task) => this.run(lane, task),
        onSettled: (task) => this.afterStore(lane, task),
      });
      return lane;
    });
  }

  /** A new job started: forget what the previous one reported. */
  startJob(layout: OutputLayout): void {
    this.job = new UploadJob(layout);
  }

  /** A media file (init, segment, key, or a whole file of a job) is complete: queue it at every sink. */
  addFile(file: OutputFile): void {
    this.job.adoptOutDir(file);
    this.job.reported.set(file.key, file.kind);
    const request = {
      key: file.key,
      localPath: file.localPath,
      contentType: file.contentType,
      cacheControl: cacheControlFor(file.kind, this.job.isLive),
      bytes: file.bytes,
      kind: file.kind,
    };
    for (const lane of this.lanes) lane.add({ op: 'put', key: file.key, request, dependsOn: NOTHING, references: null });
  }

  /**
   * A version of a playlist or manifest: snapshot its text and queue it at every sink, to start once everything it
   * references is stored there (a manifest also waits for every other file reported before it).
   */
  async addText(file: OutputFile, kind: 'playlist' | 'manifest', content: string): Promise<void> {
    this.job.adoptOutDir(file);
    const references = playlistReferences(file.key, content);
    const dependsOn = await this.job.dependenciesOf(file.key, kind, references);
    this.job.reported.set(file.key, file.kind);
    const snapshot = await this.snapshots.write(file.key, content, this.lanes.length);
    if (this.isStopped) return snapshot.release();
    const request = {
      key: file.key,
      localPath: snapshot.path,
      contentType: file.contentType,
      cacheControl: cacheControlFor(file.kind, this.job.isLive),
      bytes: snapshot.bytes,
      kind: file.kind,
    };
    const referenced = references === null ? dependsOn : new Set(references);
    for (const lane of this.lanes) lane.add({ op: 'put', key: file.key, request, dependsOn, references: referenced, release: snapshot.release });
  }

  /**
   * The job is done: queue any file of the result nobody reported (no `watchOutput()` upstream), release what
   * waited for files that never came, wait until every sink holds everything, then apply deletions if asked.
   */
  async finishJob(result: PackageResult): Promise<void> {
    this.job.outDir ??= result.outDir;
    const missing = result.files.filter((f) => !this.job.reported.has(f.key));
    const entry = basename(result.manifestPath);
    const rank = (f: OutputFile): number => (f.kind === 'playlist' ? 1 : f.kind === 'manifest' ? (f.key === entry ? 3 : 2) : 0);
    for (const file of [...missing].sort((a, b) => rank(a) - rank(b))) {
      if (file.kind !== 'playlist' && file.kind !== 'manifest') {
        if (await pathExists(file.localPath)) this.addFile(file);
        continue;
      }
      const content = await readFile(file.localPath, 'utf8').catch(() => null);
      if (content !== null) await this.addText({ ...file, bytes: Buffer.byteLength(content) }, file.kind, content);
    }
    this.job.isFinal = true;
    // A live job's final package is its result: a segment ffmpeg still keeps on disk past the window (for players
    // still downloading it) is not part of it.
    if (this.job.isLive) this.job.finalKeys = new Set(result.files.map((f) => f.key));
    for (const lane of this.lanes) lane.pump();
    await this.whenIdle();
    if (this.options.deleteRemoved) {
      for (const lane of this.lanes) await this.collectRemoved(lane);
      await this.whenIdle();
    }
  }

  /** Resolves when no sink has work queued or running. */
  async whenIdle(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.whenIdle()));
  }

  /** Stops everything: no new work, every upload in flight aborted. Idempotent. */
  stop(): void {
    if (this.isStopped) return;
    this.isStopped = true;
    for (const lane of this.lanes) lane.stop();
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
  }

  /** Removes the snapshot directory. Never rejects. */
  dispose(): Promise<void> {
    return this.snapshots.dispose();
  }

  /** Calls `close()` on every sink that has one, in parallel. Never rejects. */
  async closeSinks(): Promise<void> {
    await Promise.allSettled(this.lanes.map(async (lane) => lane.sink.close?.()));
  }

  /** Runs one task at one sink with retries; emits its event. Resolves false when stopped meanwhile. */
  private async run(lane: SinkLane, task: LaneTask): Promise<boolean> {
    if (this.isStopped) return false;
    // Live: a segment the window removed while it waited is no longer part of the package. Skip it without asking
    // the sink (nothing of it is ever stored), and let whatever named it stop waiting for it.
    if (task.op === 'put' && this.job.isLive && !(await pathExists(task.request.localPath))) {
      this.job.gone.add(task.key);
      return false;
    }
    if (this.isStopped) return false;
    const controller = new AbortController();
    this.inFlight.add(controller);
    const { sink } = lane;
    const operation: SinkOperation = task.op === 'put' ? 'put' : 'delete';
    try {
      const outcome = await runWithRetry<SinkPutResult | void>(
        (signal) => (task.op === 'put' ? sink.put(task.request, signal) : sink.delete(task.key, signal)),
        this.options.retry,
        {
          signal: controller.signal,
          random: this.random,
          onRetry: (attempt, delayMs, error) =>
            this.hooks.emit({ type: 'retry', sink: sink.name, key: task.key, attempt, delayMs, reason: reasonOf(error, sink.name, task.key, operation) }),
          timeoutError: (ms) =>
            new SinkError({ sinkName: sink.name, key: task.key, operation, isTransient: true, statusCode: null, reason: `no answer within ${ms} ms (retry.attemptTimeoutMs)` }),
        },
      );
      if (this.isStopped) return false;
      if (task.op === 'put') {
        const bytes = outcome.value ? outcome.value.bytes : task.request.bytes;
        this.hooks.emit({ type: 'uploaded', sink: sink.name, key: task.key, bytes, durationMs: outcome.durationMs, attempt: outcome.attempt });
      } else {
        this.hooks.emit({ type: 'deleted', sink: sink.name, key: task.key });
      }
      return true;
    } catch (error) {
      if (this.isStopped) return false;
      // Live: ffmpeg's window may delete a segment before a slow sink got to it. It is no longer part of the
      // package, so it is skipped (no event), and nothing waits for it. In a VOD job that is a real loss: fail.
      if (task.op === 'put' && this.job.isLive && !(await pathExists(task.request.localPath))) {
        this.job.gone.add(task.key);
        return false;
      }
      if (this.isStopped) return false;
      const failure = finalError(error, sink.name, task.key, operation, this.options.retry.isTransient);
      this.stop();
      this.hooks.fail(failure);
      return false;
    } finally {
      this.inFlight.delete(controller);
    }
  }

  private afterStore(lane: SinkLane, task: LaneTask): void {
    // Another sink's progress never unblocks this one; this lane pumps itself. Deletions follow a stored playlist.
    if (task.op === 'put' && task.references !== null && this.options.deleteRemoved && this.job.isLive) void this.collectRemoved(lane);
    if (task.op === 'delete') this.forgetIfDeletedEverywhere(task.key);
  }

  /**
   * Keeps a long live job's state bounded by its window: once a removed key is deleted at every sink (and nothing
   * is queued for it), nothing will ever name it again, so the session forgets it.
   */
  private forgetIfDeletedEverywhere(key: string): void {
    if (this.lanes.some((lane) => lane.stored.has(key) || lane.isBusy(key) || lane.keysNeededByPending().has(key))) return;
    this.job.reported.delete(key);
    for (const lane of this.lanes) lane.forget(key);
  }

  /** Queues deletes of keys stored at `lane` whose local file is gone and that no stored or queued playlist needs. */
  private async collectRemoved(lane: SinkLane): Promise<void> {
    const outDir = this.job.outDir;
    if (outDir === null || this.isStopped) return;
    const needed = lane.keysNeededByPending();
    for (const refs of lane.storedReferences.values()) for (const key of refs) needed.add(key);
    for (const key of [...lane.stored]) {
      if (needed.has(key) || lane.isBusy(key)) continue;
      const finalKeys = this.job.finalKeys;
      if (finalKeys !== null ? finalKeys.has(key) : await pathExists(join(outDir, key))) continue;
      if (!lane.isBusy(key) && lane.stored.has(key) && !this.isStopped) lane.add({ op: 'delete', key });
    }
  }
}

/** The failure in one line, without the `<sink> could not store "<key>": ` the event already says. */
function reasonOf(error: unknown, sinkName: string, key: string, operation: SinkOperation): string {
  const message = error instanceof Error ? error.message : String(error);
  const prefix = `${sinkName} could not ${operation === 'put' ? 'store' : 'delete'} "${key}": `;
  const text = message.startsWith(prefix) ? message.slice(prefix.length) : message;
  return (text.split(/\r?\n/u).find((line) => line.trim() !== '') ?? 'unknown error').trim();
}

/** The error that ends the stream: a SinkError naming the sink, the key, the cause and how often it was tried. */
function finalError(error: unknown, sinkName: string, key: string, operation: SinkOperation, isTransient: (e: unknown) => boolean): SinkError {
  const giveUp = error instanceof RetryGiveUp ? error : null;
  const last = giveUp ? giveUp.lastError : error;
  if (isSinkError(last) && (giveUp === null || giveUp.attempts === 1)) return last;
  const reason = reasonOf(last, sinkName, key, operation).replace(/\s*This looks transient; retrying may succeed\.$/u, '');
  const tried =
    giveUp && giveUp.attempts > 1
      ? `Gave up after ${giveUp.attempts} attempts over ${(giveUp.elapsedMs / 1000).toFixed(1)} s; ` +
        (giveUp.reason === 'budget' ? 'raise `retry.budgetMs`' : 'raise `retry.maxAttempts`') +
        ' if the store needs longer to recover.'
      : undefined;
  return new SinkError(
    {
      sinkName,
      key,
      operation,
      isTransient: isSinkError(last) ? last.isTransient : isTransient(last),
      statusCode: isSinkError(last) ? last.statusCode : null,
      reason,
      ...(tried === undefined ? {} : { hint: tried }),
    },
    { cause: last },
  );
}
