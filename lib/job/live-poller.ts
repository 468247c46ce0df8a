/**
 * Runs an async task every `intervalMs` until it returns true (done) or `stop()` is called; one run at a time.
 * A task that throws is tried again at the next tick. `stop()` waits for the run in progress, so nothing the
 * task writes lands after it resolves. Timers are unref'd: a poller never keeps the process alive.
 */
export class LivePoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private isStopped = false;

  constructor(
    private readonly task: () => Promise<boolean>,
    private readonly intervalMs: number,
  ) {}

  /** Starts ticking (the first run is after one interval). */
  start(): void {
    if (this.isStopped || this.timer !== undefined) return;
    this.schedule();
  }

  /** Stops ticking and resolves once a run in progress has ended. Idempotent. */
  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.task().then(
        (isDone) => {
          if (!isDone && !this.isStopped) this.schedule();
        },
        () => {
          if (!this.isStopped) this.schedule();
        },
      );
    }, this.intervalMs);
    this.timer.unref();
  }
}
