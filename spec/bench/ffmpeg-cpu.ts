/**
 * The CPU time of a running ffmpeg, read from `/proc/<pid>/stat` (Linux): user + system time of every thread.
 *
 * The bench samples it at each progress block ffmpeg prints (every 0.5 s, and `progress=end` as it finishes) and
 * keeps the last sample, for the library's job and the bare command alike. What follows `progress=end` (closing the
 * last files) is not counted on either side: a few milliseconds of a 40 s encode. Unlike a timing wrapper, this
 * lets the job run the real ffmpeg binary, so the library's on-disk capability cache sees what a user's would.
 *
 * It also gives a process the CPU time of its reaped children (the core bench's "helpers"). It imports only Node
 * built-ins: the bench transpiles it alone for the job process (run-in-child.ts).
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of `/proc/<pid>/stat` times (`getconf CLK_TCK`; 100 on every Linux in practice). */
const TICKS_PER_SECOND = 100;

/** Samples one process's CPU time; `lastMs` is the latest successful sample (NaN before any, or off Linux). */
export class FfmpegCpuSampler {
  #lastMs = Number.NaN;
  constructor(private readonly pid: number) {}

  /** Reads the process's CPU time now; keeps the previous sample if the process is gone. */
  sample(): void {
    try {
      // utime and stime.
      const ms = ticksMs(procStatFields(this.pid), 11, 12);
      if (Number.isFinite(ms)) this.#lastMs = ms;
    } catch {
      // Exited and reaped already, or no /proc: keep the last sample.
    }
  }

  get lastMs(): number {
    return this.#lastMs;
  }
}

/** CPU time (user + system, ms) of this process's children that have exited and been waited for; NaN off Linux. */
export function reapedChildrenCpuMs(): number {
  try {
    // cutime and cstime.
    return ticksMs(procStatFields('self'), 13, 14);
  } catch {
    return Number.NaN;
  }
}

/** The fields of `/proc/<pid>/stat` after the command name (which may hold spaces, inside parentheses): state is [0]. */
function procStatFields(pid: number | 'self'): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

function ticksMs(fields: readonly string[], ...indexes: readonly number[]): number {
  return (indexes.reduce((sum, i) => sum + Number(fields[i]), 0) / TICKS_PER_SECOND) * 1000;
}
