/** The tables `npm run bench` prints (see bench.ts for what is measured and how). */
import { availableParallelism } from 'node:os';

/** One measured run: a library job (cold or warm capability cache) or the bare ffmpeg command. */
export interface RunResult {
  readonly label: string;
  /** `cold`: empty capability cache (a user's first run); `warm`: the cache of an earlier run (a user's later runs); null: bare ffmpeg. */
  readonly cache: 'cold' | 'warm' | null;
  readonly wallMs: number;
  /** Jobs: subscribe → ffmpeg spawned (binary checks, probe, plan). Null for bare runs. */
  readonly beforeMs: number | null;
  /** Jobs: ffmpeg spawned → its last progress block; bare runs: spawn → exit. */
  readonly ffmpegMs: number;
  /** Jobs: ffmpeg's last progress block → `done` (measure segments, write the master). Null for bare runs. */
  readonly afterMs: number | null;
  readonly ffmpegCpuMs: number;
  /** The job's own Node process (all threads, user + system); null for bare runs. */
  readonly libraryCpuMs: number | null;
  /** The helper processes the job spawned besides the encoding ffmpeg (ffprobe, `ffmpeg -encoders`...); absent for bare runs, NaN off Linux. */
  readonly helperCpuMs?: number;
  /**
   * Library jobs: CPU of the job's whole process tree, the Node process from its start (loading included) and every
   * child it reaped (ffmpeg, helpers); what the machine's busy time is compared with. Absent for bare runs.
   */
  readonly processTreeCpuMs?: number;
  /** CPU time other processes took during the run (the machine's busy time less ffmpeg's and the job's); NaN off Linux. */
  readonly otherCpuMs: number;
}

/** A run's share of the machine's capacity that other processes took. */
function otherCpuShare(r: RunResult): number {
  return r.otherCpuMs / (r.wallMs * availableParallelism());
}

/** Above this share of the machine taken by other processes during a run, its wall time is flagged. */
const BUSY_SHARE = 0.03;

/** What the table reports besides the runs. */
export interface BenchTargets {
  readonly title: string;
  readonly targetCpuSharePercent: number;
  readonly targetWallRatio: number;
  readonly ffmpegVersion: string;
  readonly loads: readonly [start: number, end: number];
}

const LABEL = 62;

/** The verdicts, every run with its breakdown, and a warning when other processes competed for the CPU. */
export function formatTables(results: readonly RunResult[], targets: BenchTargets): string {
  const { targetCpuSharePercent, targetWallRatio, loads } = targets;
  const jobs = results.filter((r) => r.cache !== null);
  const bares = results.filter((r) => r.cache === null);
  const cpuSharePercent = median(jobs.map((r) => ((r.libraryCpuMs ?? 0) / r.ffmpegCpuMs) * 100));
  const fastestBareMs = Math.min(...bares.map((r) => r.wallMs));
  const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
  const row = (label: string, value: string, target: string, result: string): string =>
    `| ${label.padEnd(LABEL)} | ${value.padStart(9)} | ${target.padEnd(8)} | ${result.padEnd(6)} |`;
  // The same with the helper processes counted, per cache state (the cold run spawns the capability checks).
  const helperRows = (['warm', 'cold'] as const).flatMap((cache) => {
    const these = jobs.filter((r) => r.cache === cache && r.helperCpuMs !== undefined && Number.isFinite(r.helperCpuMs));
    if (these.length === 0) return [];
    const share = median(these.map((r) => (((r.libraryCpuMs ?? 0) + (r.helperCpuMs ?? 0)) / r.ffmpegCpuMs) * 100));
    const helperMs = median(these.map((r) => r.helperCpuMs ?? 0));
    return [row(`  with its helper processes (${helperMs.toFixed(0)} ms), ${cache} cache`, `${share.toFixed(2)} %`, `< ${targetCpuSharePercent} %`, verdict(share < targetCpuSharePercent))];
  });
  // Wall seconds per second of ffmpeg CPU: the same encode costs the same CPU, so this cancels the machine getting
  // faster or slower between runs (on a shared VM the same command's wall time varies by 5–20 %, its wall per CPU
  // second by under 1 %). What the library adds (time before and after ffmpeg, CPU it takes from ffmpeg) remains.
  const wallPerCpu = (r: RunResult): number => r.wallMs / r.ffmpegCpuMs;
  const bareWallPerCpu = median(bares.map(wallPerCpu));
  const ratioRows = (['warm', 'cold'] as const).flatMap((cache) => {
    const these = jobs.filter((r) => r.cache === cache);
    if (these.length === 0) return [];
    const fastestRatio = Math.min(...these.map((r) => r.wallMs)) / fastestBareMs;
    // Off Linux there is no ffmpeg CPU time to normalise by: the raw ratio decides.
    const normalized = median(these.map(wallPerCpu)) / bareWallPerCpu;
    const ratio = Number.isFinite(normalized) ? normalized : fastestRatio;
    // The fastest bare run plus the median time the job spent outside ffmpeg.
    const outsideMs = median(these.map((r) => (r.beforeMs ?? 0) + (r.afterMs ?? 0)));
    const estimate = (fastestBareMs + outsideMs) / fastestBareMs;
    const who = cache === 'warm' ? 'warm cache: a user\'s 2nd+ run' : 'cold cache: a user\'s 1st run';
    return [
      row(`wall time job / bare ffmpeg, ${who}`, `${ratio.toFixed(3)} x`, `< ${targetWallRatio} x`, verdict(ratio < targetWallRatio)),
      row('  fastest job / fastest bare run (raw, moved by the machine)', `${fastestRatio.toFixed(3)} x`, `< ${targetWallRatio} x`, 'info'),
      row(`  (bare + job outside ffmpeg ${outsideMs.toFixed(0)} ms) / bare`, `${estimate.toFixed(3)} x`, `< ${targetWallRatio} x`, 'info'),
    ];
  });
  const busy = results.filter((r) => otherCpuShare(r) > BUSY_SHARE).map((r) => r.label);
  const ms = (value: number | null, width: number): string => (value === null ? '-' : value.toFixed(0)).padStart(width);
  const s = (value: number, width: number): string => (Number.isFinite(value) ? (value / 1000).toFixed(2) : 'n/a').padStart(width);
  return [
    '',
    targets.title,
    '',
    row('measure', 'value', 'target', 'result'),
    `|${'-'.repeat(LABEL + 2)}|-----------|----------|--------|`,
    row('library CPU / ffmpeg CPU (its own process, median of all jobs)', `${cpuSharePercent.toFixed(2)} %`, `< ${targetCpuSharePercent} %`, verdict(cpuSharePercent < targetCpuSharePercent)),
    ...helperRows,
    ...ratioRows,
    '',
    '| run     | cache | wall s | before ffmpeg ms | ffmpeg s | after ffmpeg ms | ffmpeg CPU s | library CPU s | helpers CPU s    | library / ffmpeg CPU | others\' CPU |',
    '|---------|-------|--------|------------------|----------|-----------------|--------------|---------------|------------------|----------------------|--------------|',
    ...results.map(
      (r) =>
        `| ${r.label.padEnd(7)} | ${(r.cache ?? '-').padEnd(5)} | ${s(r.wallMs, 6)} | ${ms(r.beforeMs, 16)} | ${s(r.ffmpegMs, 8)} | ${ms(r.afterMs, 15)} | ${s(r.ffmpegCpuMs, 12)} | ` +
        `${(r.libraryCpuMs === null ? '-' : (r.libraryCpuMs / 1000).toFixed(3)).padStart(13)} | ` +
        `${(r.helperCpuMs === undefined ? '-' : Number.isFinite(r.helperCpuMs) ? (r.helperCpuMs / 1000).toFixed(3) : 'n/a').padStart(16)} | ` +
        `${(r.libraryCpuMs === null ? '-' : `${((r.libraryCpuMs / r.ffmpegCpuMs) * 100).toFixed(2)} %`).padStart(20)} | ${(Number.isFinite(r.otherCpuMs) ? `${(otherCpuShare(r) * 100).toFixed(1)} %` : 'n/a').padStart(12)} |`,
    ),
    '',
    'cache: the capability checks (ffmpeg -encoders) of a job are cached on disk per binary; "cold" ran them',
    '(empty cache directory, as a user\'s first run), "warm" read the cache the cold run just before it wrote (a later run).',
    `machine: ${availableParallelism()} CPUs, ffmpeg ${targets.ffmpegVersion}, load average ${loads[0].toFixed(1)} at the first run, ${loads[1].toFixed(1)} at the end`,
    'library CPU: the job\'s own Node process; helpers: the processes it spawned besides the encoding ffmpeg (ffprobe, ffmpeg -encoders ...).',
    'others\' CPU: the share of the machine other processes (or, on a VM, its neighbours: steal time) took during the run.',
    'wall time job / bare: median over runs of wall s per ffmpeg CPU s, job over bare (the same encode costs the same CPU, so',
    'this cancels the machine\'s speed changing between runs); the raw fastest-vs-fastest ratio and the time outside ffmpeg follow it.',
    ...(busy.length > 0
      ? [`warning: other processes took more than ${BUSY_SHARE * 100} % of the machine during ${busy.join(', ')}; those wall times are unreliable. Re-run on an idle machine.`]
      : []),
    '',
  ].join('\n');
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}
