import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

/** A server process started for tests: stdout and stderr go to `logPath`; stop it with {@link stopProcesses}. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logPath: string;
  /** Settles when the process has exited. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: string | null }>;
  hasExited(): boolean;
  /** The last lines of its output, for error messages. */
  logTail(lines?: number): string;
}

/** Starts `command` with output to `logPath`. Rejects if it cannot be started at all (e.g. ENOENT). */
export async function spawnManaged(
  name: string,
  command: string,
  args: readonly string[],
  options: { readonly logPath: string; readonly cwd?: string; readonly env?: NodeJS.ProcessEnv },
): Promise<ManagedProcess> {
  const fd = openSync(options.logPath, 'a');
  let exitedFlag = false;
  try {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', fd, fd],
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      child.once('exit', (code, signal) => {
        exitedFlag = true;
        untrackPid(child.pid ?? -1);
        resolve({ code, signal });
      });
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    const pid = child.pid;
    if (pid === undefined) throw new Error(`${name} started without a pid`);
    trackPid(pid, name);
    return {
      name,
      pid,
      logPath: options.logPath,
      exited,
      hasExited: () => exitedFlag,
      logTail: (lines = 20) => tail(options.logPath, lines),
    };
  } finally {
    closeSync(fd);
  }
}

/**
 * Stops processes by PID, with their descendants (e.g. nginx workers): SIGTERM to every PID of each tree, wait up to
 * `graceMs`, then SIGKILL whatever is left and wait for that too. Safe on processes that are already gone.
 */
export async function stopProcesses(processes: readonly ManagedProcess[], options: { readonly graceMs?: number; readonly signal?: NodeJS.Signals } = {}): Promise<void> {
  const graceMs = options.graceMs ?? 5000;
  const pids = new Set<number>();
  for (const p of processes) {
    if (p.hasExited()) continue;
    pids.add(p.pid);
    for (const d of descendantsOf(p.pid)) pids.add(d);
  }
  for (const pid of pids) signalPid(pid, options.signal ?? 'SIGTERM');
  if (!(await waitGone(processes, pids, graceMs))) {
    for (const pid of pids) if (!isGone(pid)) signalPid(pid, 'SIGKILL');
    await waitGone(processes, pids, 5000);
  }
}

async function waitGone(processes: readonly ManagedProcess[], pids: ReadonlySet<number>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Direct children count as gone once Node has reaped them ('exit'); others once /proc says so.
    const childrenDone = processes.every((p) => p.hasExited());
    if (childrenDone && [...pids].every(isGone)) return true;
    if (Date.now() > deadline) return false;
    await delay(25);
  }
}

/** Sends `signal` to a pid (or, negative, a process group) that may have gone meanwhile. */
export function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** True when `pid` no longer runs (no /proc entry, or a zombie waiting to be reaped). */
export function isGone(pid: number): boolean {
  try {
    return statOf(pid).state === 'Z';
  } catch {
    return true;
  }
}

/** All descendants of `pid`, found through /proc (Linux). */
export function descendantsOf(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/u.test(entry)) continue;
    try {
      parentOf.set(Number(entry), statOf(Number(entry)).ppid);
    } catch {
      // Exited while we looked.
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift() as number;
    for (const [child, parent] of parentOf) {
      if (parent === current && !found.includes(child)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function statOf(pid: number): { state: string; ppid: number } {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name is in parentheses and may contain spaces: parse after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', ppid: Number(fields[1]) };
}

function tail(path: string, lines: number): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

// Last line of defence: if the test process exits without stop() (a crash, a forgotten after()),
// kill what is still running and remove the temporary directories, synchronously.
const livePids = new Map<number, string>();
const liveDirs = new Set<string>();
let isExitHookInstalled = false;

function installExitHook(): void {
  if (isExitHookInstalled) return;
  isExitHookInstalled = true;
  process.once('exit', () => {
    for (const pid of livePids.keys()) killTree(pid);
    for (const dir of liveDirs) {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // Best effort.
      }
    }
  });
}

/** SIGKILL to `pid` and every descendant of it (descendants first, so none is re-parented out of reach). */
function killTree(pid: number): void {
  for (const d of safeDescendants(pid)) signalPid(d, 'SIGKILL');
  signalPid(pid, 'SIGKILL');
}

function safeDescendants(pid: number): number[] {
  try {
    return descendantsOf(pid);
  } catch {
    return [];
  }
}

function trackPid(pid: number, name: string): void {
  installExitHook();
  livePids.set(pid, name);
}

function untrackPid(pid: number): void {
  livePids.delete(pid);
}

/** Registers a temporary directory to remove at process exit if `stop()` never ran. */
export function trackDir(dir: string): void {
  installExitHook();
  liveDirs.add(dir);
}

/** Forgets a directory that `stop()` removed. */
export function untrackDir(dir: string): void {
  liveDirs.delete(dir);
}

/**
 * Stops every managed process still running, by PID with its descendants, and says which they were: for the run's
 * global teardown, so that a suite that lost track of a server fails loudly instead of keeping mocha alive forever.
 */
export async function stopLeftoverProcesses(): Promise<string[]> {
  const leftovers = [...livePids].filter(([pid]) => !isGone(pid));
  for (const [pid] of leftovers) killTree(pid);
  const deadline = Date.now() + 5000;
  while (leftovers.some(([pid]) => !isGone(pid)) && Date.now() < deadline) await delay(25);
  return leftovers.map(([pid, name]) => `${name} (pid ${pid})`);
}
