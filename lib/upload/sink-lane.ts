import type { Sink, SinkPutRequest } from '../contracts/sink.js';

/** One unit of work for one sink: store a file, or delete a key that left the package. */
export type LaneTask =
  | {
      readonly op: 'put';
      readonly key: string;
      readonly request: SinkPutRequest;
      /** Keys that must have been stored at this sink before this put starts. */
      readonly dependsOn: ReadonlySet<string>;
      /** What a playlist or manifest references (for deletions); null for media files. */
      readonly references: ReadonlySet<string> | null;
      /** Called once when the lane is done with the task (stored, superseded, failed or stopped). */
      readonly release?: () => void;
    }
  | { readonly op: 'delete'; readonly key: string };

/** What a {@link SinkLane} needs from its session. */
export interface SinkLaneOptions {
  /** Most tasks running at once at this sink. */
  readonly concurrency: number;
  /** True for keys reported in the current job. */
  isReported(key: string): boolean;
  /** True once the job is done: every file that will ever be reported has been. */
  isFinal(): boolean;
  /** True for keys that will never be stored (removed locally before they could be): nothing waits for them. */
  isGone(key: string): boolean;
  /** Carries out a task (with retries). Resolves true when it took effect; false or a rejection leaves state alone. */
  run(task: LaneTask): Promise<boolean>;
  /** Called after a task took effect and the lane's state was updated. */
  onSettled?(task: LaneTask): void;
}

/**
 * The queue of one sink, which enforces the ordering rules (internal to `uploadTo()`):
 * - at most `concurrency` tasks run at once, and never two for the same key (a newer playlist version waits for
 *   the older one in flight, so the newer one lands last);
 * - a put starts only once every key in `dependsOn` has been stored here, or, once the job is final, was never
 *   reported (it will never come);
 * - a newer task for a key replaces one for the same key that has not started (a live playlist version
 *   supersedes the queued older one);
 * - otherwise first come, first served.
 */
export class SinkLane {
  /** Keys stored now. */
  readonly stored = new Set<string>();
  /** Keys stored at some point of the job (a dependency stays met after a live window deletes it). */
  readonly everStored = new Set<string>();
  /** The references of each playlist/manifest version stored now. */
  readonly storedReferences = new Map<string, ReadonlySet<string>>();
  private readonly pending = new Map<string, LaneTask>();
  private readonly running = new Set<string>();
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    readonly sink: Sink,
    private readonly options: SinkLaneOptions,
  ) {}

  /** Queues a task, replacing a queued task of the same key. */
  add(task: LaneTask): void {
    if (this.stopped) {
      if (task.op === 'put') task.release?.();
      return;
    }
    const older = this.pending.get(task.key);
    if (older !== undefined) {
      this.pending.delete(task.key);
      if (older.op === 'put') older.release?.();
    }
    this.pending.set(task.key, task);
    this.pump();
  }

  /** True while a task for `key` is queued or running. */
  isBusy(key: string): boolean {
    return this.pending.has(key) || this.running.has(key);
  }

  /** Drops what the lane remembers of a key deleted for good (see `everStored`). */
  forget(key: string): void {
    this.everStored.delete(key);
  }

  /** Every key a queued put depends on or references. */
  keysNeededByPending(): Set<string> {
    const keys = new Set<string>();
    for (const task of this.pending.values()) {
      if (task.op !== 'put') continue;
      for (const key of task.dependsOn) keys.add(key);
      for (const key of task.references ?? []) keys.add(key);
    }
    return keys;
  }

  /** Starts what may start. Call when something it depends on changed (a store elsewhere, the job became final). */
  pump(): void {
    if (this.stopped) return;
    let started = false;
    for (const task of this.pending.values()) {
      if (this.running.size >= this.options.concurrency) break;
      if (this.running.has(task.key) || !this.isReady(task)) continue;
      this.start(task);
      started = true;
    }
    // Only a reference cycle between playlists could leave work blocked with nothing running once the job is
    // final; break it rather than hang (the oldest queued task goes first).
    if (!started && this.running.size === 0 && this.options.isFinal()) {
      const first = this.pending.values().next();
      if (!first.done) this.start(first.value);
    }
    this.checkIdle();
  }

  /** Resolves once nothing is queued or running. Never resolves after `stop()`. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops every queued task (releasing them) and starts nothing more. Running tasks are aborted by the session. */
  stop(): void {
    this.stopped = true;
    for (const task of this.pending.values()) if (task.op === 'put') task.release?.();
    this.pending.clear();
    this.idleWaiters = [];
  }

  private isReady(task: LaneTask): boolean {
    if (task.op === 'delete') return true;
    const isFinal = this.options.isFinal();
    for (const key of task.dependsOn) {
      if (this.everStored.has(key) || this.options.isGone(key)) continue;
      if (isFinal && !this.options.isReported(key)) continue;
      return false;
    }
    return true;
  }

  private start(task: LaneTask): void {
    this.pending.delete(task.key);
    this.running.add(task.key);
    this.options.run(task).then(
      (tookEffect) => {
        this.running.delete(task.key);
        if (task.op === 'put') task.release?.();
        if (this.stopped) return;
        if (tookEffect) this.record(task);
        if (tookEffect) this.options.onSettled?.(task);
        this.pump();
      },
      () => {
        // The session has failed the whole upload and stopped every lane; nothing more to do here.
        this.running.delete(task.key);
        if (task.op === 'put') task.release?.();
      },
    );
  }

  private record(task: LaneTask): void {
    if (task.op === 'put') {
      this.stored.add(task.key);
      this.everStored.add(task.key);
      if (task.references !== null) this.storedReferences.set(task.key, task.references);
    } else {
      this.stored.delete(task.key);
      this.storedReferences.delete(task.key);
    }
  }

  private isIdle(): boolean {
    return !this.stopped && this.pending.size === 0 && this.running.size === 0;
  }

  private checkIdle(): void {
    if (!this.isIdle() || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
