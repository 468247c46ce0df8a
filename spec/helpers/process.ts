import { readFileSync } from 'node:fs';
/** Real process checks: is a pid alive, and wait until it is gone. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `pid` has exited; false if it is still alive after `timeoutMs`. */
export async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isRunning(pid);
}

/** Pids of running processes whose command line contains `needle` (Linux /proc). */
export async function pidsMatching(needle: string): Promise<number[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/u.test(name)) continue;
    try {
      const cmd = (await readFile(`/proc/${name}/cmdline`, 'utf8')).replaceAll('\0', ' ');
      if (cmd.includes(needle)) pids.push(Number(name));
    } catch {
      // process ended meanwhile
    }
  }
  return pids;
}

/** True when `pid` is a live process running one of `programs` (by its argv[0]'s file name, read from /proc). */
export function isProcessOf(pid: number, programs: readonly string[]): boolean {
  try {
    const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0')[0] ?? '';
    return programs.includes(argv0.split('/').pop() ?? '');
  } catch {
    return false;
  }
}
