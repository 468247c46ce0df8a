/**
 * Runs `ffstream` as a user does, for the CLI integration specs: a child process (`node --import tsx
 * lib/cli/ffstream.ts ...`) started from the repository root, with real ffmpeg.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isProcessOf, isRunning } from '../helpers/process.js';
import { descendantsOf, signalPid } from '../helpers/servers/managed-process.js';

/** The repository root: the CLI's working directory. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The CLI's entry point, relative to {@link REPO_ROOT}. */
export const CLI_SCRIPT = join('lib', 'cli', 'ffstream.ts');

/** A JSON line the CLI printed (`--json`): an event or an error. */
export interface CliLine {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** How one `ffstream` run ended, and what it printed. */
export interface FfstreamRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The stdout lines that are JSON objects, in order. */
  readonly lines: CliLine[];
  /** The processes of `watch` seen under the CLI while it ran (empty without `watch`). */
  readonly ffmpegPids: readonly number[];
}

/** Options of {@link runFfstream}. */
export interface RunFfstreamOptions {
  /** Added to this process's environment. */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** Start the CLI in its own process group, as a shell runs a foreground job. @default false */
  readonly detached?: boolean | undefined;
  /** Sees each stdout line as it arrives (to react to a progress event), with its JSON object or null (see {@link parseCliLine}). */
  readonly onLine?: ((line: string, child: ChildProcess, parsed: CliLine | null) => void) | undefined;
  /** Called every 100 ms with the child until it returns true (to act once the CLI is far enough). */
  readonly whenRunning?: ((child: ChildProcess) => boolean) | undefined;
  /** Program names (e.g. `ffmpeg`, `ffprobe`) whose processes under the CLI are recorded in `ffmpegPids`, every 100 ms. */
  readonly watch?: readonly string[] | undefined;
}

/** CLI children still running, and the ffmpeg processes of runs that may still run; see {@link stopLeftoverFfstreams}. */
const children = new Map<ChildProcess, { readonly detached: boolean }>();
const ffmpegPids = new Set<number>();

/** Runs `ffstream args...` to its end. Never rejects for a failing CLI: the exit code is in the result. */
export function runFfstream(args: readonly string[], options: RunFfstreamOptions = {}): Promise<FfstreamRun> {
  const detached = options.detached ?? false;
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_SCRIPT, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  children.set(child, { detached });
  let stdout = '';
  let stderr = '';
  let pending = '';
  const lines: CliLine[] = [];
  const reported = new Set<number>();
  const record = (line: string): CliLine | null => {
    const parsed = parseCliLine(line);
    if (parsed === null) return null;
    lines.push(parsed);
    // ffmpeg's pid from a `start` event, so a failed test can still stop it.
    if (parsed.type === 'start' && typeof parsed['pid'] === 'number') {
      reported.add(parsed['pid']);
      ffmpegPids.add(parsed['pid']);
    }
    return parsed;
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const line of complete) {
      const parsed = record(line);
      options.onLine?.(line, child, parsed);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const seen = new Set<number>();
  let isWaiting = options.whenRunning !== undefined;
  const watch = options.watch ?? [];
  const tick =
    watch.length > 0 || isWaiting
      ? setInterval(() => {
          if (watch.length > 0) for (const pid of descendantsOf(child.pid ?? -1)) if (isProcessOf(pid, watch)) seen.add(pid);
          if (isWaiting && options.whenRunning?.(child) === true) isWaiting = false;
        }, 100)
      : undefined;
  return new Promise<FfstreamRun>((resolve, reject) => {
    child.once('error', (error) => {
      clearInterval(tick);
      children.delete(child);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearInterval(tick);
      children.delete(child);
      record(pending);
      // Only what outlived the CLI is left for stopLeftoverFfstreams().
      for (const pid of [...reported, ...seen]) {
        if (isRunning(pid)) ffmpegPids.add(pid);
        else ffmpegPids.delete(pid);
      }
      resolve({ code, signal, stdout, stderr, lines, ffmpegPids: [...seen] });
    });
  });
}

/** `line` as a JSON object line of the CLI, or null (human output). */
function parseCliLine(line: string): CliLine | null {
  if (!line.startsWith('{')) return null;
  try {
    return JSON.parse(line) as CliLine;
  } catch {
    return null;
  }
}

/**
 * For an `afterEach`: kills (SIGKILL) every CLI still running, by process group when it was started detached, and
 * every ffmpeg it reported or was seen to start that still runs, so a test that failed half-way leaves nothing behind.
 */
export function stopLeftoverFfstreams(): void {
  for (const [child, { detached }] of children) {
    if (child.pid === undefined || child.exitCode !== null) continue;
    if (detached) signalPid(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  }
  for (const pid of ffmpegPids) if (isProcessOf(pid, ['ffmpeg', 'ffprobe'])) signalPid(pid, 'SIGKILL');
  ffmpegPids.clear();
}
