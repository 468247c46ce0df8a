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
   */
  readonly onExit?: (succeeded: boolean) => Promise<void> | void;
}

/** What {@link runFfmpeg} emits: once `started`, then `progress` reports. It completes when ffmpeg exits with 0. */
export type FfmpegRunEvent =
  | { readonly type: 'started'; readonly pid: number | undefined; readonly argv: readonly string[] }
  | { readonly type: 'progress'; readonly progress: Progress };

/** Options added in front of every job's own arguments: machine-readable progress on stdout, nothing on stdin. */
export const FFMPEG_BASE_ARGS: readonly string[] = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'level+warning', '-stats_period', '0.5', '-progress', 'pipe:1', '-nostats'];

/**
 * Runs ffmpeg as a cold Observable: each subscription spawns one ffmpeg with an argv array (never a shell),
 * emits `started` then throttled `progress`, completes on exit code 0 and errors with an
 * {@link FfmpegExitError} (exit code, redacted argv, last stderr lines) otherwise.
 *
 * Unsubscribing or aborting `signal` stops ffmpeg: SIGTERM, then SIGKILL after `killGraceMs`. execa's
 * `cleanup` also kills ffmpeg if this Node process exits, so no ffmpeg outlives its subscription.
 */
export function runFfmpeg(args: readonly string[], options: RunFfmpegOptions): Observable<FfmpegRunEvent> {
  const { ffmpegPath, durationMs = null, signal, killGraceMs = 5000, stderrTailLines = 30, progressIntervalMs = 250 } = options;
  const argv = [...FFMPEG_BASE_ARGS, ...args];
  const shownArgv = redactArgv([ffmpegPath, ...argv]);

  return new Observable<FfmpegRunEvent>((subscriber) => {
    if (signal?.aborted) {
      subscriber.error(new AbortedError());
      return undefined;
    }
    const controller = new AbortController();
    const startedAt = performance.now();
    const child = execa(ffmpegPath, argv, {
      stdin: 'ignore',
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
      if (aborted || controller.signal.aborted) return;
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
        try {
          await options.onExit?.(result.exitCode === 0 && !aborted && !result.isCanceled);
        } catch {
          // onExit must not throw; a failing cleanup must not hide ffmpeg's own outcome.
        }
        signal?.removeEventListener('abort', onAbort);
        if (aborted || result.isCanceled) {
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
      if (!finished) controller.abort();
    };
  });
}
