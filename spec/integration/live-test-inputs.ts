/**
 * Live inputs and observers shared by the live-*.integration specs: a real-time lavfi source (`-re`), a lavfi sine
 * standing in for a microphone, and a runner that records events and lets a test look at the disk while the job runs.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Observable } from 'rxjs';
import type { MediaInput, PackagingEvent } from '../../lib/index.js';

/** A live test pattern at real-time rate, as a camera or screen would deliver it. */
export function liveTestSource(size = '640x360', frameRate = 30, overrides: Partial<MediaInput> = {}): MediaInput {
  return { kind: 'url', uri: `testsrc2=size=${size}:rate=${frameRate}`, inputOptions: ['-f', 'lavfi', '-re'], isLive: true, label: 'testsrc', ...overrides };
}

/** A 440 Hz tone as the separate audio input of a capture (ffmpeg input 1). */
export const SINE_AUDIO_INPUT = { uri: 'sine=frequency=440:sample_rate=48000', inputOptions: ['-f', 'lavfi', '-re'] } as const;

/** What a live run recorded. */
export interface LiveRun {
  readonly events: PackagingEvent[];
  readonly error: unknown;
  readonly pid: number | undefined;
}

/**
 * Subscribes to a job, records its events, calls `whileRunning` once (when `ready` says the disk is ready to look
 * at; it is polled every 250 ms), and resolves when the job ends.
 */
export function runLive(job$: Observable<PackagingEvent>, ready: () => Promise<boolean>, whileRunning: () => Promise<void>): Promise<LiveRun> {
  const events: PackagingEvent[] = [];
  let pid: number | undefined;
  let checked: Promise<void> | undefined;
  return new Promise<LiveRun>((resolve) => {
    const timer = setInterval(() => {
      if (checked !== undefined) return;
      void ready().then(
        (isReady) => {
          if (isReady && checked === undefined) checked = whileRunning();
        },
        () => undefined,
      );
    }, 250);
    const finish = async (error: unknown): Promise<void> => {
      clearInterval(timer);
      let failure = error;
      if (checked === undefined) failure ??= new Error('the job ended before the checks while running could run');
      else await checked.catch((e: unknown) => (failure ??= e));
      resolve({ events, error: failure, pid });
    };
    job$.subscribe({
      next: (e) => {
        if (e.type === 'start') pid = e.pid;
        events.push(e);
      },
      error: (e: unknown) => void finish(e),
      complete: () => void finish(null),
    });
  });
}

/** The media sequence (first listed segment's number) of a playlist on disk, or -1 when it is missing. */
export async function mediaSequenceOf(path: string): Promise<number> {
  try {
    const text = await readFile(path, 'utf8');
    return Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/u.exec(text)?.[1] ?? 0);
  } catch {
    return -1;
  }
}

/** Names in `dir` that match `pattern`. */
export async function namesMatching(dir: string, pattern: RegExp): Promise<string[]> {
  return (await readdir(dir)).filter((n) => pattern.test(n)).sort();
}

/** Reads a file, or '' when it does not exist. */
export async function readOrEmpty(dir: string, name: string): Promise<string> {
  return readFile(join(dir, name), 'utf8').catch(() => '');
}

/**
 * Polls `dir/name` every 200 ms while `run` runs and returns the first version that was a dynamic MPD ('' if none),
 * with what `run` resolved to.
 */
export async function firstDynamicMpdDuring<T>(dir: string, name: string, run: () => Promise<T>): Promise<{ dynamic: string; result: T }> {
  let dynamic = '';
  const poll = setInterval(() => {
    void readOrEmpty(dir, name).then((text) => {
      if (dynamic === '' && text.includes('type="dynamic"')) dynamic = text;
    });
  }, 200);
  try {
    const result = await run();
    return { dynamic, result };
  } finally {
    clearInterval(poll);
  }
}
