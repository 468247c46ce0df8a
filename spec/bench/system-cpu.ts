/**
 * The machine's busy CPU time so far, from the first line of `/proc/stat` (Linux): user, nice, system, irq,
 * softirq and steal, in milliseconds summed over every CPU. Steal counts as busy: on a virtual machine it is time a
 * neighbour took. NaN off Linux.
 *
 * The bench reads it around each run: busy time during the run less ffmpeg's and the job's own CPU is what other
 * processes took, which says whether a run's wall time can be trusted better than a load average does (ffmpeg's
 * own threads raise the load average above the CPU count by themselves).
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of `/proc/stat` (`getconf CLK_TCK`; 100 on every Linux in practice). */
const TICKS_PER_SECOND = 100;

export function systemBusyCpuMs(): number {
  try {
    const fields = (readFileSync('/proc/stat', 'latin1').split('\n')[0] ?? '').trim().split(/\s+/u).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return ((user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND) * 1000;
  } catch {
    return Number.NaN;
  }
}
