/**
 * `npm run bench` (= `node --import tsx spec/bench/bench.ts`): what the library costs on top of the ffmpeg it runs.
 *
 * It generates a 30 s 1080p30 source with audio (lavfi testsrc2 + sine, libx264 ultrafast at about 8 Mb/s), then
 * alternates two kinds of run, twice each: the library's HLS job (`fromFile(...).pipe(packageHls(...))`, a 5-rung
 * ladder 1080p/720p/540p/360p/234p, libx264 veryfast), and the bare ffmpeg command that job ran (the argv of its
 * `start` event, in a fresh directory). It prints this (numbers from one run on a busy 2-core machine):
 *
 *   ffmpeg-streaming bench: 5-rung HLS ladder (1920x1080 … 416x234, libx264 veryfast) from a 30 s 1080p30 source
 *
 *   | measure                                            |     value | target   | result |
 *   |----------------------------------------------------|-----------|----------|--------|
 *   | library CPU / ffmpeg CPU (median of runs)          |    1.22 % | < 2 %    | PASS   |
 *   | wall time job / bare ffmpeg (fastest of each)      |   1.190 x | < 1.03 x | FAIL   |
 *   |   estimate: (bare + library outside ffmpeg) / bare |   1.088 x | < 1.03 x | info   |
 *
 *   | run          | wall s | ffmpeg CPU s | library CPU s | library / ffmpeg CPU | before ffmpeg s | after ffmpeg s |
 *   |--------------|--------|--------------|---------------|----------------------|-----------------|----------------|
 *   | job 1        |  27.22 |        46.10 |         0.614 |               1.33 % |           0.735 |          1.068 |
 *   | bare 1       |  40.79 |        48.57 |             - |                    - |               - |              - |
 *   | job 2        |  27.45 |        43.06 |         0.476 |               1.11 % |           1.232 |          0.974 |
 *   | bare 2       |  22.87 |        41.91 |             - |                    - |               - |              - |
 *
 *   machine: 2 CPUs, ffmpeg 5.1.9-0+deb12u1, load average 7.0 at the first run, 7.0 at the end
 *   warning: other processes were competing for the CPU; wall times (and so the wall-time ratio) are unreliable. ...
 *
 * The verdict rows are PASS/FAIL against the issue's targets; the estimate row is information: the fastest bare
 * run plus the median wall time the job spent outside ffmpeg (before: binary checks, probe, plan; after: from
 * ffmpeg's last progress block to `done`, i.e. measuring segments and writing the master), which a busy machine
 * disturbs less than a whole-run comparison. The warning line appears when the load average exceeds the CPUs.
 *
 * How it measures:
 * - library CPU: `process.cpuUsage()` of this Node process over the whole job (probe, planning, reading
 *   ffmpeg's progress, measuring segments, writing the master), all threads, user + system.
 * - ffmpeg CPU: ffmpeg runs under a tiny bash wrapper (given as `ffmpegPath`) that reports its children's
 *   user + system time with the `times` builtin after ffmpeg exits: exact, and it needs nothing but bash.
 *   The bare runs go through the same wrapper, so both sides pay the same (about a millisecond).
 * - wall time: subscribe → complete for the job (binary checks, probe, encode, measure, master: what a user
 *   waits for); spawn → exit for the bare command. Each job gets a fresh wrapper and ffprobe path, so the
 *   library's per-binary caches are cold, as for a CLI user's first (and only) job.
 *
 * Exits 0 whatever the verdicts (it reports; the machine may be busy); non-zero only if something crashed.
 * Then it runs the upload bench (spec/bench/upload-bench.ts: upload tail after ffmpeg's exit, RSS) in a child Node
 * process and prints its table after this one.
 * About 2–4 minutes on 2 cores (5 on a busy one). Needs ffmpeg/ffprobe with libx264 on PATH (or FFMPEG_PATH/FFPROBE_PATH).
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { lastValueFrom, tap } from 'rxjs';
import { Bitrate, Formats, Representation, Size, fromFile, packageHls, type PackagingEvent } from '../../lib/index.js';

const SOURCE = { width: 1920, height: 1080, fps: 30, durationSeconds: 30, videoBitrateBps: 8_000_000 } as const;
const LADDER: readonly (readonly [width: number, height: number, videoBps: number])[] = [
  [1920, 1080, 5_000_000],
  [1280, 720, 2_800_000],
  [960, 540, 1_400_000],
  [640, 360, 800_000],
  [416, 234, 250_000],
];
const AUDIO_BPS = 128_000;
const RUNS = 2;
const TARGET_CPU_SHARE_PERCENT = 2;
const TARGET_WALL_RATIO = 1.03;
/** Width of the first column of the verdict table. */
const LABEL = 50;

interface RunResult {
  readonly label: string;
  readonly wallMs: number;
  readonly ffmpegCpuMs: number;
  /** Null for bare ffmpeg runs. */
  readonly libraryCpuMs: number | null;
  /** Jobs only: wall time from subscribing to ffmpeg's spawn (binary checks, probe, plan), and from ffmpeg's last progress block to `done` (measure segments, write the master). */
  readonly outsideFfmpegMs: { readonly beforeMs: number; readonly afterMs: number } | null;
}

async function main(): Promise<void> {
  const ffmpeg = await which(process.env['FFMPEG_PATH'] || 'ffmpeg');
  const ffprobe = await which(process.env['FFPROBE_PATH'] || 'ffprobe');
  const work = await mkdtemp(join(tmpdir(), 'ffmpeg-streaming-bench-'));
  const stopCleanup = (): void => void rm(work, { recursive: true, force: true }).finally(() => process.exit(130));
  process.once('SIGINT', stopCleanup);
  try {
    const source = join(work, 'source-1080p30.mp4');
    log(`generating a ${SOURCE.durationSeconds} s ${SOURCE.width}x${SOURCE.height}@${SOURCE.fps} source with audio ...`);
    await generateSource(ffmpeg, source);
    const loadAtStart = loadavg()[0] ?? 0;

    const results: RunResult[] = [];
    let bareArgv: readonly string[] | undefined;
    for (let i = 1; i <= RUNS; i += 1) {
      log(`job ${i}/${RUNS}: library HLS job, ${LADDER.length} rungs ...`);
      const job = await runLibraryJob(work, i, source, ffmpeg, ffprobe);
      results.push(job.result);
      // The command of the first job is the reference: every run encodes exactly the same thing.
      bareArgv ??= job.argv;
      log(`bare ${i}/${RUNS}: the same ffmpeg command, without the library ...`);
      results.push(await runBareFfmpeg(work, i, bareArgv, ffmpeg));
    }
    const ffmpegVersion = /ffmpeg version (\S+)/u.exec(String((await execa(ffmpeg, ['-version'])).stdout))?.[1] ?? 'unknown';
    printTable(results, { loads: [loadAtStart, loadavg()[0] ?? 0], ffmpegVersion });
  } finally {
    process.removeListener('SIGINT', stopCleanup);
    await rm(work, { recursive: true, force: true });
  }
}

/** A 1080p30 H.264 + AAC file from lavfi, encoded fast at about 8 Mb/s with a key frame every 2 s. */
async function generateSource(ffmpeg: string, path: string): Promise<void> {
  const { width, height, fps, durationSeconds, videoBitrateBps } = SOURCE;
  await execa(ffmpeg, [
    '-v', 'error', '-nostdin', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(durationSeconds),
    '-map', '0:v', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    '-b:v', String(videoBitrateBps), '-maxrate', String(videoBitrateBps), '-bufsize', String(2 * videoBitrateBps), '-g', String(2 * fps),
    '-map', '1:a', '-c:a', 'aac', '-b:a', '128k', '-ac', '2',
    path,
  ]);
}

/**
 * A bash script that runs the real ffmpeg and then appends bash's `times` to `timesFile`: two lines, the
 * shell's own CPU and then its children's ("<user>m<s>s <sys>m<s>s"). `times` must not run in a pipeline or
 * `$(...)`: a forked subshell starts with zero children's time. The library's own `-version`/`-encoders`/
 * `-muxers` checks also go through the wrapper, so the job's encode is the last line.
 */
async function makeTimedFfmpeg(path: string, realFfmpeg: string, timesFile: string): Promise<string> {
  const script = `#!/usr/bin/env bash
${shellQuote(realFfmpeg)} "$@"
status=$?
times >> ${shellQuote(timesFile)}
exit $status
`;
  await writeFile(path, script);
  await chmod(path, 0o755);
  return path;
}

/** The CPU time of the last command the wrapper ran, milliseconds (user + system). */
async function lastCpuMs(timesFile: string): Promise<number> {
  const lines = (await readFile(timesFile, 'utf8')).trim().split('\n');
  const last = lines.at(-1) ?? '';
  const parts = [...last.matchAll(/(\d+)m(\d+(?:\.\d+)?)s/gu)].map((m) => (Number(m[1]) * 60 + Number(m[2])) * 1000);
  if (parts.length !== 2) throw new Error(`bench: cannot read the ffmpeg CPU time from ${timesFile}: ${JSON.stringify(last)}`);
  // bash's `times` counts every child it has waited for; each wrapper runs exactly one, so this is ffmpeg alone.
  return (parts[0] ?? 0) + (parts[1] ?? 0);
}

async function runLibraryJob(work: string, run: number, source: string, ffmpeg: string, ffprobe: string): Promise<{ result: RunResult; argv: readonly string[] }> {
  const timesFile = join(work, `job-${run}.times`);
  // Fresh binary paths per run: the library caches `ffmpeg -encoders` and `ffprobe -version` per path.
  const wrapper = await makeTimedFfmpeg(join(work, `ffmpeg-job-${run}`), ffmpeg, timesFile);
  const ffprobeLink = join(work, `ffprobe-job-${run}`);
  await symlink(ffprobe, ffprobeLink);
  const output = join(work, `job-${run}`, 'master.m3u8');
  const representations = LADDER.map(([w, h, bps]) => new Representation(new Size(w, h), new Bitrate(bps)));
  let start: Extract<PackagingEvent, { type: 'start' }> | undefined;
  let spawnedAt = Number.NaN;
  let finalProgressAt = Number.NaN;

  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  const last = await lastValueFrom(
    fromFile(source).pipe(
      packageHls({
        output,
        representations,
        format: Formats.h264({ videoOptions: { preset: 'veryfast' } }),
        audioBitrateBps: AUDIO_BPS,
        ffmpegPath: wrapper,
        ffprobePath: ffprobeLink,
      }),
      tap((event) => {
        if (event.type === 'start') {
          start = event;
          spawnedAt = performance.now();
        }
        // ffmpeg prints its last progress block (progress=end) as it finishes; what follows is the library's.
        if (event.type === 'progress' && event.progress.isFinal) finalProgressAt = performance.now();
      }),
    ),
  );
  const endedAt = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = endedAt - startedAt;

  if (last.type !== 'done' || !start) throw new Error(`bench: the job ended with ${last.type}, not done`);
  const videoRenditions = last.result.presentation?.renditions.filter((r) => r.type === 'video').length ?? 0;
  if (videoRenditions !== LADDER.length) throw new Error(`bench: the master lists ${videoRenditions} video renditions, not ${LADDER.length}`);
  return {
    result: {
      label: `job ${run}`,
      wallMs,
      ffmpegCpuMs: await lastCpuMs(timesFile),
      libraryCpuMs: (cpu.user + cpu.system) / 1000,
      outsideFfmpegMs: { beforeMs: spawnedAt - startedAt, afterMs: endedAt - finalProgressAt },
    },
    argv: start.argv,
  };
}

/** Runs the job's argv (its binary swapped for a timing wrapper) in a fresh directory, as a user would by hand. */
async function runBareFfmpeg(work: string, run: number, argv: readonly string[], ffmpeg: string): Promise<RunResult> {
  const timesFile = join(work, `bare-${run}.times`);
  const wrapper = await makeTimedFfmpeg(join(work, `ffmpeg-bare-${run}`), ffmpeg, timesFile);
  const cwd = join(work, `bare-${run}`);
  await mkdir(cwd);
  const startedAt = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(wrapper, argv.slice(1), { cwd, stdio: ['ignore', 'ignore', 'ignore'] });
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  const wallMs = performance.now() - startedAt;
  if (code !== 0) throw new Error(`bench: the bare ffmpeg command exited with ${String(code)}: ${argv.join(' ')}`);
  return { label: `bare ${run}`, wallMs, ffmpegCpuMs: await lastCpuMs(timesFile), libraryCpuMs: null, outsideFfmpegMs: null };
}

/** Prints the verdicts, every run, and a warning when other processes competed for the CPU (1-minute load averages). */
function printTable(results: readonly RunResult[], machine: { readonly loads: readonly [start: number, end: number]; readonly ffmpegVersion: string }): void {
  const { loads, ffmpegVersion } = machine;
  const jobs = results.filter((r) => r.libraryCpuMs !== null);
  const bares = results.filter((r) => r.libraryCpuMs === null);
  const shares = jobs.map((r) => ((r.libraryCpuMs ?? 0) / r.ffmpegCpuMs) * 100);
  const cpuSharePercent = median(shares);
  const fastestBareMs = Math.min(...bares.map((r) => r.wallMs));
  const wallRatio = Math.min(...jobs.map((r) => r.wallMs)) / fastestBareMs;
  // Less sensitive to a busy machine: the fastest bare run plus the median time the library spent outside ffmpeg.
  const outsideMs = median(jobs.map((r) => (r.outsideFfmpegMs ? r.outsideFfmpegMs.beforeMs + r.outsideFfmpegMs.afterMs : Number.NaN)));
  const estimatedRatio = (fastestBareMs + outsideMs) / fastestBareMs;
  const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
  const [first, last] = [LADDER[0], LADDER.at(-1)];

  const lines = [
    '',
    `ffmpeg-streaming bench: ${LADDER.length}-rung HLS ladder (${first?.[0]}x${first?.[1]} … ${last?.[0]}x${last?.[1]}, libx264 veryfast) from a ${SOURCE.durationSeconds} s ${SOURCE.height}p${SOURCE.fps} source`,
    '',
    `| ${'measure'.padEnd(LABEL)} |     value | target   | result |`,
    `|${'-'.repeat(LABEL + 2)}|-----------|----------|--------|`,
    `| ${'library CPU / ffmpeg CPU (median of runs)'.padEnd(LABEL)} | ${`${cpuSharePercent.toFixed(2)} %`.padStart(9)} | ${`< ${TARGET_CPU_SHARE_PERCENT} %`.padEnd(8)} | ${verdict(cpuSharePercent < TARGET_CPU_SHARE_PERCENT).padEnd(6)} |`,
    `| ${'wall time job / bare ffmpeg (fastest of each)'.padEnd(LABEL)} | ${`${wallRatio.toFixed(3)} x`.padStart(9)} | ${`< ${TARGET_WALL_RATIO} x`.padEnd(8)} | ${verdict(wallRatio < TARGET_WALL_RATIO).padEnd(6)} |`,
    `| ${'  estimate: (bare + library outside ffmpeg) / bare'.padEnd(LABEL)} | ${`${estimatedRatio.toFixed(3)} x`.padStart(9)} | ${`< ${TARGET_WALL_RATIO} x`.padEnd(8)} | ${'info'.padEnd(6)} |`,
    '',
    '| run          | wall s | ffmpeg CPU s | library CPU s | library / ffmpeg CPU | before ffmpeg s | after ffmpeg s |',
    '|--------------|--------|--------------|---------------|----------------------|-----------------|----------------|',
    ...results.map((r) => {
      const seconds = (ms: number | undefined, width: number): string => (ms === undefined ? '-' : (ms / 1000).toFixed(3)).padStart(width);
      return (
        `| ${r.label.padEnd(12)} | ${(r.wallMs / 1000).toFixed(2).padStart(6)} | ${(r.ffmpegCpuMs / 1000).toFixed(2).padStart(12)} | ${seconds(r.libraryCpuMs ?? undefined, 13)} | ` +
        `${(r.libraryCpuMs === null ? '-' : `${((r.libraryCpuMs / r.ffmpegCpuMs) * 100).toFixed(2)} %`).padStart(20)} | ${seconds(r.outsideFfmpegMs?.beforeMs, 15)} | ${seconds(r.outsideFfmpegMs?.afterMs, 14)} |`
      );
    }),
    '',
    `machine: ${availableParallelism()} CPUs, ffmpeg ${ffmpegVersion}, load average ${loads[0].toFixed(1)} at the first run, ${loads[1].toFixed(1)} at the end`,
    ...(Math.max(...loads) > availableParallelism()
      ? ['warning: other processes were competing for the CPU; wall times (and so the wall-time ratio) are unreliable. Re-run on an idle machine.']
      : []),
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

/** The absolute path of a binary (the wrapper and the symlink need one). */
async function which(binary: string): Promise<string> {
  if (binary.includes('/')) return binary;
  const { stdout } = await execa('bash', ['-c', 'command -v "$1"', 'which', binary], { reject: false });
  const path = String(stdout).trim();
  if (!path) throw new Error(`bench: ${binary} is not on PATH; install ffmpeg 5.1 or later, or set FFMPEG_PATH/FFPROBE_PATH.`);
  return path;
}

function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

const benchStartedAt = performance.now();
try {
  await main();
  log(`finished in ${((performance.now() - benchStartedAt) / 1000).toFixed(0)} s`);
} catch (error) {
  process.stderr.write(`bench: crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}

// Then the upload targets (spec/bench/upload-bench.ts), in a fresh Node process so its RSS figures are its own.
const uploadBenchCode = await new Promise<number | null>((resolve) => {
  const child = spawn(process.execPath, [...process.execArgv, new URL('./upload-bench.ts', import.meta.url).pathname], { stdio: 'inherit' });
  child.once('error', (error) => {
    log(`cannot start the upload bench: ${error.message}`);
    resolve(1);
  });
  child.once('exit', (code) => resolve(code));
});
if (uploadBenchCode !== 0) process.exitCode = 1;
