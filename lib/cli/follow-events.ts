import type { Writable } from 'node:stream';
import type { Observable } from 'rxjs';
import type { PackagingEvent } from '../contracts/packaging-event.js';
import type { UploadEvent } from '../contracts/upload-event.js';
import { formatBytes, type UploadTally } from '../upload/upload-tally.js';
import { formatClock, renderProgressLine } from './progress-bar.js';

/** Where {@link followEvents} writes. */
export interface FollowIo {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
}

/** How {@link followEvents} reports one job. */
export interface FollowOptions {
  /** One JSON event per line on stdout instead of the human report. */
  readonly json: boolean;
  /** Counts upload events for the progress line and the summary (with `--to`). */
  readonly tally?: UploadTally;
  /** A live job's graceful stop (the first Ctrl-C): the human report says when it fires and why the job ended. */
  readonly stopSignal?: AbortSignal;
  /** The job is live: the final report gives the media time and why it ended. @default false */
  readonly isLive?: boolean;
}

/**
 * Subscribes to a job's events and reports them: `--json` prints each as a line on stdout; otherwise a progress
 * line is redrawn on a TTY's stderr (percent and ETA, or for live jobs the media time, speed and bitrate), and
 * `done` prints what was written (and uploaded) on stdout. For a live job, the first Ctrl-C (`stopSignal`) is
 * acknowledged on stderr and the final report says the job was stopped. Resolves with 0 when the job completes;
 * rejects with its error.
 */
export async function followEvents(events$: Observable<PackagingEvent | UploadEvent>, io: FollowIo, options: FollowOptions): Promise<number> {
  const { json, tally, stopSignal } = options;
  const tty = !json && io.stderr.isTTY === true;
  let lastLine = '';
  let mediaMs = 0;
  const onStop = (): void => {
    if (json) return;
    io.stderr.write(`${tty && lastLine ? '\n' : ''}Stopping: finishing the last segment and writing the final playlists (Ctrl-C again to abort)…\n`);
    lastLine = '';
  };
  stopSignal?.addEventListener('abort', onStop, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      events$.subscribe({
        next: (event) => {
          if (json) {
            io.stdout.write(`${JSON.stringify(event)}\n`);
            return;
          }
          if (tally?.add(event)) {
            if (tty && lastLine) io.stderr.write(`\r${lastLine}  ${tally.describe()}\u001b[K`);
            return;
          }
          if (event.type === 'progress') {
            mediaMs = Math.max(mediaMs, event.progress.outTimeMs);
            if (!tty) return;
            lastLine = renderProgressLine(event.progress);
            io.stderr.write(`\r${lastLine}${tally ? `  ${tally.describe()}` : ''}\u001b[K`);
          } else if (event.type === 'done') {
            if (tty && lastLine) io.stderr.write('\n');
            const r = event.result;
            if (stopSignal?.aborted === true) io.stdout.write(`Stopped on Ctrl-C after ${formatClock(mediaMs)} of media; the playlists are final.\n`);
            else if (options.isLive === true) io.stdout.write(`Live job ended after ${formatClock(mediaMs)} of media (--duration reached, or the source ended); the playlists are final.\n`);
            const rungs = r.presentation?.renditions.filter((x) => x.type === 'video').length ?? 0;
            io.stdout.write(`Wrote ${r.manifestPath}${rungs ? ` (${rungs} video rendition${rungs > 1 ? 's' : ''})` : ''}, ${r.files.length} files in ${(r.elapsedMs / 1000).toFixed(1)} s\n`);
            if (r.hlsMasterPath) io.stdout.write(`Wrote ${r.hlsMasterPath}\n`);
            for (const s of tally?.summary() ?? []) {
              const deleted = s.deleted > 0 ? `, deleted ${s.deleted}` : '';
              io.stdout.write(`Uploaded ${s.files} file${s.files === 1 ? '' : 's'} (${formatBytes(s.bytes)}) to ${s.sink}${s.retries > 0 ? `, after ${s.retries} retries` : ''}${deleted}\n`);
            }
          }
        },
        error: (error: unknown) => {
          if (tty && lastLine) io.stderr.write('\n');
          reject(error);
        },
        complete: resolve,
      });
    });
  } finally {
    stopSignal?.removeEventListener('abort', onStop);
  }
  return 0;
}
