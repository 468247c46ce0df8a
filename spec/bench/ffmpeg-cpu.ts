/**
 * The CPU time of a running ffmpeg, read from `/proc/<pid>/stat` (Linux): user + system time of every thread.
 *
 * The bench samples it at each progress block ffmpeg prints (every 0.5 s, and `progress=end` as it finishes) and
 * keeps the last sample, for the library's job and the bare command alike. What follows `progress=end` (closing the
 * last files) is not counted on either side: a few milliseconds of a 40 s encode. Unlike a timing wrapper, this
 * lets the job run the real ffmpeg binary, so the library's on-disk capability cache sees what a user's would.
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
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'latin1');
      // Fields after the command name (which may hold spaces, inside parentheses): state is first, utime the 12th, stime the 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      if (Number.isFinite(ticks)) this.#lastMs = (ticks / TICKS_PER_SECOND) * 1000;
    } catch {
      // Exited and reaped already, or no /proc: keep the last sample.
    }
  }

  get lastMs(): number {
    return this.#lastMs;
  }
}
