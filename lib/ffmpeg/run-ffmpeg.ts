import { execa } from 'execa';
import split2 from 'split2';
import { Observable } from 'rxjs';
import type { Progress } from '../contracts/progress.js';
import { AbortedError, FfmpegExitError, FfmpegSetupError } from '../errors.js';
import { parseProgressBlock } from './progress-parser.js';
import { redactArgv } from './redact-argv.js';
import { toProgress } from './to-progress.js';

/** Options of {@link runFfmpeg}. */
export interface RunFfmpegOptions {
  /** ffmpeg binary. @default resolved by the caller (see `resolveFfmpegPath`) */
  readonly ffmpegPath: string;
  /** Input duration for percent and ETA; null for live inputs. @default null */
  readonly durationMs?: number | null;
  /** Stops ffmpeg and errors the stream with `ABORTED` when aborted. */
  readonly signal?: AbortSignal | undefined;
  /** Wait between SIGTERM and SIGKILL when stopping ffmpeg. @default 5000 */
  readonly killGraceMs?: number;
  /** stderr lines kept for error messages. @default 30 */
  readonly stderrTailLines?: number;
  /** Minimum time between two progress events (the final one always passes). @default 250 */
  readonly progressIntervalMs?: number;
  /** Extra advice appended to the error when ffmpeg fails (e.g. the output directory). */
  readonly failureHint?: (stderrTail: readonly string[]) => string | undefined;
  /** Working directory of ffmpeg. @default process.cwd() */
  readonly cwd?: string;
  /**
   * Called once ffmpeg has exited, whether it succeeded, failed or was stopped by unsubscribe/abort, and
   * awaited before the stream completes or errors. Used to remove half-written output. Must not throw.
   * `succeeded` is true for exit code 0 and for a graceful stop; `how` tells them apart.
   */
  readonly onExit?: (succeeded: boolean, how: FfmpegExitKind) => Promise<void> | void;
  /**
   * Aborting it stops ffmpeg *gracefully*: `q` on its stdin, so it flushes its encoders and writes its trailers
   * (final playlists, `ENDLIST`); SIGINT after `stopGraceMs` if it has not exited (an input blocked on a silent
   * network source does not read stdin), SIGINT again a second later (which interrupts blocking I/O), SIGKILL after
   * `killGraceMs` more. The stream then completes (no error), whatever ffmpeg's exit code. Used by live jobs.
   */
  readonly stopSignal?: AbortSignal | undefined;
  /** Unsubscribing stops ffmpeg gracefully (as {@link stopSignal}) instead of SIGTERM, for live jobs. @default false */
  readonly isGracefulOnUnsubscribe?: boolean;
  /** Wait after `q` before SIGINT, in a graceful stop. @default 3000 */
  readonly stopGraceMs?: number;
}

/**
 * How ffmpeg ended: `succeeded` (exit code 0 on its own: the input ended, or `-t` was reached), `stopped` (a graceful
 * stop asked through `stopSignal`), `unsubscribed` (graceful stop after unsubscribe), `aborted` (hard stop: abort or
 * unsubscribe), `failed`.
 */
export type FfmpegExitKind = 'succeeded' | 'stopped' | 'unsubscribed' | 'aborted' | 'failed';

/** What {@link runFfmpeg} emits: once `started`, then `progress` reports. It completes when ffmpeg exits with 0. */
export type FfmpegRunEvent =
  | { readonly type: 'started'; readonly pid: number | undefined; readonly argv: readonly string[] }
  | { readonly type: 'progress'; readonly progress: Progress };

/** Options added in front of every job's own arguments: machine-readable progress on stdout, nothing on stdin. */
export const FFMPEG_BASE_ARGS: readonly string[] = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'level+warning', '-stats_period', '0.5', '-progress', 'pipe:1', '-nostats'];

/** The same for jobs that may be stopped gracefully: stdin stays open, for the `q` that stops ffmpeg cleanly. */
export const FFMPEG_STOPPABLE_BASE_ARGS: readonly string[] = FFMPEG_BASE_ARGS.filter((arg) => arg !== '-nostdin');

/**
 * Runs ffmpeg as a cold Observable: each subscription spawns one ffmpeg with an argv array (never a shell),
 * emits `started` then throttled `progress`, completes on exit code 0 and errors with an
 * {@link FfmpegExitError} (exit code, redacted argv, last stderr lines) otherwise.
 *
 * Unsubscribing or aborting `signal` stops ffmpeg: SIGTERM, then SIGKILL after `killGraceMs`. execa's
 * `cleanup` also kills ffmpeg if this Node process exits, so no ffmpeg outlives its subscription.
 */
export function runFfmpeg(args: readonly string[], options: RunFfmpegOptions): Observable<FfmpegRunEvent> {
  const { ffmpegPath, durationMs = null, signal, killGraceMs = 5000, stderrTailLines = 30, progressIntervalMs = 250, stopSignal, stopGraceMs = 3000 } = options;
  const isStoppable = stopSignal !== undefined || options.isGracefulOnUnsubscribe === true;
  const argv = [...(isStoppable ? FFMPEG_STOPPABLE_BASE_ARGS : FFMPEG_BASE_ARGS), ...args];
  const shownArgv = redactArgv([ffmpegPath, ...argv]);

  return new Observable<FfmpegRunEvent>((subscriber) => {
    if (signal?.aborted) {
      subscriber.error(new AbortedError());
      return undefined;
    }
    const controller = new AbortController();
    const startedAt = performance.now();
    const child = execa(ffmpegPath, argv, {
      stdin: isStoppable ? 'pipe' : 'ignore',
      buffer: false,
      reject: false,
      cancelSignal: controller.signal,
      killSignal: 'SIGTERM',
      forceKillAfterDelay: killGraceMs,
      cleanup: true,
      windowsHide: true,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    });
    let finished = false;
    let aborted = false;
    let stopKind: 'stopped' | 'unsubscribed' | undefined;
    const stopTimers: NodeJS.Timeout[] = [];
    // ffmpeg may exit while `q` is being written: that EPIPE is expected, not a failure.
    child.stdin?.on('error', () => undefined);
    const stopGracefully = (kind: 'stopped' | 'unsubscribed'): void => {
      if (finished || aborted || stopKind !== undefined) return;
      stopKind = kind;
      child.stdin?.write('q');
      const signalChild = (name: NodeJS.Signals): void => {
        if (!finished) child.kill(name);
      };
      stopTimers.push(
        setTimeout(() => signalChild('SIGINT'), stopGraceMs),
        setTimeout(() => signalChild('SIGINT'), stopGraceMs + 1000),
        setTimeout(() => signalChild('SIGKILL'), stopGraceMs + 1000 + killGraceMs),
      );
    };
    const onStop = (): void => stopGracefully('stopped');
    if (stopSignal?.aborted) queueMicrotask(onStop);
    else stopSignal?.addEventListener('abort', onStop, { once: true });
    const stderrTail: string[] = [];
    let block: string[] = [];
    let lastEmitAt = -Infinity;
    let lastOutTimeMs = 0;

    const onAbort = (): void => {
      aborted = true;
      controller.abort();
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    subscriber.next({ type: 'started', pid: child.pid, argv: shownArgv });

    child.stdout?.pipe(split2()).on('data', (line: string) => {
      // After an abort, ffmpeg still prints a last `progress=end` block: it must not read as a finished job.
      if (aborted || controller.signal.aborted || stopKind === 'unsubscribed') return;
      block.push(line);
      if (!line.startsWith('progress=')) return;
      const raw = parseProgressBlock(block);
      block = [];
      const now = performance.now();
      if (!raw.isFinal && now - lastEmitAt < progressIntervalMs) return;
      lastEmitAt = now;
      const progress = toProgress(raw, durationMs, Math.round(now - startedAt), lastOutTimeMs);
      lastOutTimeMs = progress.outTimeMs;
      subscriber.next({ type: 'progress', progress });
    });
    child.stderr?.pipe(split2()).on('data', (line: string) => {
      if (line.trim() === '') return;
      stderrTail.push(line);
      if (stderrTail.length > stderrTailLines) stderrTail.shift();
    });

    child.then(
      async (result) => {
        finished = true;
        for (const timer of stopTimers) clearTimeout(timer);
        stopSignal?.removeEventListener('abort', onStop);
        const isCanceled = aborted || result.isCanceled;
        const how: FfmpegExitKind = isCanceled ? 'aborted' : (stopKind ?? (result.exitCode === 0 ? 'succeeded' : 'failed'));
        try {
          await options.onExit?.(how === 'succeeded' || how === 'stopped' || how === 'unsubscribed', how);
        } catch {
          // onExit must not throw; a failing cleanup must not hide ffmpeg's own outcome.
        }
        signal?.removeEventListener('abort', onAbort);
        if (how === 'stopped' || how === 'unsubscribed') {
          // Stopped on request: whatever the exit code (0 after `q`, 255 after SIGINT), the outcome is the stop.
          subscriber.complete();
        } else if (isCanceled) {
          subscriber.error(new AbortedError());
        } else if (result.failed && result.exitCode === undefined && result.signal === undefined) {
          const cause = result.cause instanceof Error ? result.cause : undefined;
          const code = (cause as NodeJS.ErrnoException | undefined)?.code;
          if (code === 'ENOENT' || code === 'EACCES') {
            subscriber.error(
              new FfmpegSetupError('FFMPEG_NOT_FOUND', `ffmpeg could not be started from "${ffmpegPath}" (${code}). Install ffmpeg 5.1 or later, or set the \`ffmpegPath\` option or FFMPEG_PATH.`, { cause }),
            );
          } else {
            subscriber.error(new FfmpegSetupError('FFMPEG_SPAWN_FAILED', `ffmpeg could not be started from "${ffmpegPath}": ${cause?.message ?? 'unknown error'}.`, { cause }));
          }
        } else if (result.exitCode === 0) {
          subscriber.complete();
        } else {
          const hint = options.failureHint?.(stderrTail);
          subscriber.error(
            new FfmpegExitError({
              exitCode: result.exitCode ?? null,
              signal: result.signal ?? null,
              argv: shownArgv,
              stderrTail: [...stderrTail],
              ...(hint ? { hint } : {}),
            }),
          );
        }
      },
      // reject: false means execa resolves even on failure; this only guards against the unexpected.
      (error: unknown) => subscriber.error(error),
    );

    // Finalizer: runs on unsubscribe and after error/complete; only a live process is signalled.
    return () => {
      signal?.removeEventListener('abort', onAbort);
      if (finished) return;
      if (options.isGracefulOnUnsubscribe === true && !aborted) {
        // A live job: stop cleanly so the package ends with its trailers; timers escalate if ffmpeg does not exit.
        if (stopKind === undefined) stopGracefully('unsubscribed');
        else stopKind = 'unsubscribed';
        return;
      }
      stopSignal?.removeEventListener('abort', onStop);
      controller.abort();
    };
  });
}
