/**
 * `npm run bench` (= `node --import tsx spec/bench/bench.ts`): what the library costs on top of the ffmpeg it runs.
 *
 * It generates a 30 s 1080p30 source with audio (lavfi testsrc2 + sine, libx264 ultrafast at about 8 Mb/s), then
 * runs six rounds (`BENCH_RUNS`) of: the library's HLS job with a cold capability cache, the same job with a warm one,
 * and the bare ffmpeg command that job ran (the argv of its `start` event, in a fresh directory). The job is
 * `fromFile(...).pipe(packageHls(...))`, a 5-rung ladder 1080p/720p/540p/360p/234p, libx264 veryfast.
 * It prints the verdicts (library CPU share; wall-time ratio for a warm and for a cold cache) and every run with
 * the breakdown of its wall time: before ffmpeg starts, ffmpeg, after ffmpeg's last progress block.
 *
 * The wall-time verdict: on a shared machine the same ffmpeg command takes 5–20 % more or less wall time from one
 * run to the next, and as much more or less CPU time (the machine's speed changes: neighbours, caches, clocks),
 * while its wall time per CPU second stays within about 1 %. The job's encode is the same command, so the verdict
 * compares wall seconds per ffmpeg CPU second, median of the jobs over median of the bare runs: the machine's
 * speed cancels, and what the library adds remains (the time before and after ffmpeg, and any CPU it takes from
 * ffmpeg while it encodes, which lengthens the wall time but not ffmpeg's CPU time). Two info rows follow: the
 * raw fastest job over the fastest bare run, and the fastest bare run plus the median time the job spent outside
 * ffmpeg (before: binary checks, probe, plan; after: from ffmpeg's last progress block to `done`, i.e. measuring
 * segments and writing the master). The warning line names the runs during which other processes (or a VM's
 * neighbours) took more than 3 % of the machine (system-cpu.ts).
 *
 * How it measures:
 * - cold vs warm: the library keeps `ffmpeg -encoders` in memory per binary path and on disk per binary
 *   (capability-cache.ts). Every job gets a fresh symlink to the real ffmpeg (so the in-memory cache misses, as in
 *   a new CLI process) and `XDG_CACHE_HOME` pointing into the bench's directory (the user's cache is untouched).
 *   A cold job gets an empty cache directory (a user's first run); the warm job after it reuses that directory
 *   (every later run of the same user).
 * - where: each library job runs in a plain Node process of its own on the build (`dist/`; core-bench-job.ts), so
 *   neither tsx's transpiling nor this process's work is counted; loading the library is not timed.
 * - library CPU: `process.cpuUsage()` of that process over the whole job (probe, planning, reading
 *   ffmpeg's progress, measuring segments, writing the master), all threads, user + system; and, in rows of their
 *   own, the same with the helper processes the job spawned (`ffmpeg -encoders`, `ffprobe` of the input)
 *   counted, for warm and cold caches.
 * - ffmpeg CPU: user + system time of the ffmpeg process from `/proc/<pid>/stat`, sampled at each progress block
 *   and at `progress=end` (ffmpeg-cpu.ts), the same way for the job and the bare command. Linux only (else n/a).
 * - wall time: subscribe → complete for the job (binary checks, probe, encode, measure, master: what a user
 *   waits for); spawn → exit for the bare command.
 *
 * Exits 0 whatever the verdicts (it reports; the machine may be busy); non-zero only if something crashed.
 * Then it runs the upload bench (spec/bench/upload-bench.ts: upload tail after ffmpeg's exit, RSS) in a child Node
 * process and prints its table after this one (`BENCH_SKIP_UPLOAD=1` skips it).
 * About 8–10 minutes on 2 cores (more on a busy one). Needs ffmpeg/ffprobe with libx264 on PATH (or FFMPEG_PATH/FFPROBE_PATH).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { fileURLToPath, pathToFileURL } from 'node:url';
import split2 from 'split2';
import { formatTables, type RunResult } from './bench-table.js';
import type { CoreBenchJob, CoreBenchJobResult } from './core-bench-job.js';
import { FfmpegCpuSampler } from './ffmpeg-cpu.js';
import { benchLogger, generateBenchSource, type BenchSource } from './bench-source.js';
import { compileForChild, runInChild } from './run-in-child.js';
import { systemBusyCpuMs } from './system-cpu.js';

/** A 1080p30 H.264 + AAC file, encoded fast at about 8 Mb/s. */
const SOURCE: BenchSource = {
  width: 1920,
  height: 1080,
  fps: 30,
  durationSeconds: 30,
  videoArgs: ['-b:v', '8000000', '-maxrate', '8000000', '-bufsize', '16000000'],
  audioBitrate: '128k',
};
const LADDER: readonly (readonly [width: number, height: number, videoBps: number])[] = [
  [1920, 1080, 5_000_000],
  [1280, 720, 2_800_000],
  [960, 540, 1_400_000],
  [640, 360, 800_000],
  [416, 234, 250_000],
];
const AUDIO_BPS = 128_000;
/** Rounds of (cold job, warm job, bare command); `BENCH_RUNS` overrides. Six give each median enough runs. */
const log = benchLogger('bench');
const RUNS = Math.max(1, Number(process.env['BENCH_RUNS'] ?? 6) || 6);
const TARGET_CPU_SHARE_PERCENT = 2;
const TARGET_WALL_RATIO = 1.03;
/** The build the jobs run: `dist/` (`npm run bench` builds it first), or the directory in `BENCH_DIST`. */
const DIST_DIR = process.env['BENCH_DIST'] || fileURLToPath(new URL('../../dist', import.meta.url));

async function main(): Promise<void> {
  const ffmpeg = await which(process.env['FFMPEG_PATH'] || 'ffmpeg');
  const ffprobe = await which(process.env['FFPROBE_PATH'] || 'ffprobe');
  const work = await mkdtemp(join(tmpdir(), 'ffmpeg-streaming-bench-'));
  const stopCleanup = (): void => void rm(work, { recursive: true, force: true }).finally(() => process.exit(130));
  process.once('SIGINT', stopCleanup);
  try {
    const source = join(work, 'source-1080p30.mp4');
    log(`generating a ${SOURCE.durationSeconds} s ${SOURCE.width}x${SOURCE.height}@${SOURCE.fps} source with audio ...`);
    await generateBenchSource(ffmpeg, source, SOURCE);
    const loadAtStart = loadavg()[0] ?? 0;

    const script = await compileForChild(fileURLToPath(new URL('./core-bench-job.ts', import.meta.url)), work);
    const cpuSampler = pathToFileURL(await compileForChild(fileURLToPath(new URL('./ffmpeg-cpu.ts', import.meta.url)), work)).href;
    const modules = { distDir: DIST_DIR, rxjs: import.meta.resolve('rxjs'), cpuSampler };
    const results: RunResult[] = [];
    let bareArgv: readonly string[] | undefined;
    // The first job's command is the reference: every bare run encodes exactly the same thing.
    const job = async (i: number, cache: 'cold' | 'warm', cacheHome: string): Promise<void> => {
      log(`round ${i}/${RUNS}, ${cache} capability cache: library HLS job, ${LADDER.length} rungs ...`);
      const run = await withOtherCpu(() => runLibraryJob({ work, label: `${cache} ${i}`, cache, cacheHome, source, ffmpeg, ffprobe, script, modules }));
      results.push(run.result);
      bareArgv ??= run.argv;
    };
    const bare = async (i: number): Promise<void> => {
      log(`round ${i}/${RUNS}: the same ffmpeg command, without the library ...`);
      results.push((await withOtherCpu(async () => ({ result: await runBareFfmpeg(work, i, bareArgv ?? [], ffmpeg) }))).result);
    };
    for (let i = 1; i <= RUNS; i += 1) {
      // One user's cache directory: empty for the cold run, as the cold run left it for the warm one.
      const cacheHome = join(work, `xdg-cache-${i}`);
      // Odd rounds run the bare command last, even rounds first, so a machine getting slower or faster over the
      // bench does not favour either side.
      if (i % 2 === 0 && bareArgv !== undefined) await bare(i);
      await job(i, 'cold', cacheHome);
      await job(i, 'warm', cacheHome);
      if (i % 2 === 1 || bareArgv === undefined) await bare(i);
    }
    const ffmpegVersion = /ffmpeg version (\S+)/u.exec(String((await execa(ffmpeg, ['-version'])).stdout))?.[1] ?? 'unknown';
    const [first, last] = [LADDER[0], LADDER.at(-1)];
    process.stdout.write(
      formatTables(results, {
        title: `ffmpeg-streaming bench: ${LADDER.length}-rung HLS ladder (${first?.[0]}x${first?.[1]} … ${last?.[0]}x${last?.[1]}, libx264 veryfast) from a ${SOURCE.durationSeconds} s ${SOURCE.height}p${SOURCE.fps} source`,
        targetCpuSharePercent: TARGET_CPU_SHARE_PERCENT,
        targetWallRatio: TARGET_WALL_RATIO,
        ffmpegVersion,
        loads: [loadAtStart, loadavg()[0] ?? 0],
      }),
    );
  } finally {
    process.removeListener('SIGINT', stopCleanup);
    await rm(work, { recursive: true, force: true });
  }
}

interface JobSetup {
  readonly work: string;
  readonly label: string;
  readonly cache: 'cold' | 'warm';
  /** `XDG_CACHE_HOME` for this job: where the library keeps its capability cache. */
  readonly cacheHome: string;
  readonly source: string;
  readonly ffmpeg: string;
  readonly ffprobe: string;
  /** The transpiled core-bench-job.ts and the module URLs it loads. */
  readonly script: string;
  readonly modules: CoreBenchJob['modules'];
}

/** One library job in a plain Node process of its own, on the build (see core-bench-job.ts). */
async function runLibraryJob(setup: JobSetup): Promise<CoreBenchJobResult> {
  const { work, label, cache, cacheHome, source } = setup;
  const name = label.replace(' ', '-');
  // Fresh binary paths per job: the in-memory caches are per path, so only the disk cache can answer (or not).
  const ffmpegLink = join(work, `ffmpeg-${name}`);
  const ffprobeLink = join(work, `ffprobe-${name}`);
  await symlink(setup.ffmpeg, ffmpegLink);
  await symlink(setup.ffprobe, ffprobeLink);
  if (cache === 'cold') await rm(cacheHome, { recursive: true, force: true });
  const job: CoreBenchJob = {
    label,
    cache,
    source,
    output: join(work, `job-${name}`, 'master.m3u8'),
    ladder: LADDER,
    audioBps: AUDIO_BPS,
    ffmpegPath: ffmpegLink,
    ffprobePath: ffprobeLink,
    modules: setup.modules,
  };
  return runInChild<CoreBenchJob, CoreBenchJobResult>(setup.script, job, `job ${label}`, { ...process.env, XDG_CACHE_HOME: cacheHome });
}

/**
 * Runs `run` and sets its result's `otherCpuMs`: the machine's busy CPU time meanwhile less the run's own (a library
 * job's whole process tree, its start-up included; a bare run's ffmpeg).
 */
async function withOtherCpu<T extends { result: RunResult }>(run: () => Promise<T>): Promise<T> {
  const busyBefore = systemBusyCpuMs();
  const out = await run();
  const busyMs = systemBusyCpuMs() - busyBefore;
  const ownMs = out.result.processTreeCpuMs ?? out.result.ffmpegCpuMs;
  return { ...out, result: { ...out.result, otherCpuMs: Math.max(0, busyMs - ownMs) } };
}

/** Runs the job's argv (the real ffmpeg) in a fresh directory, as a user would by hand; reads its progress only to sample its CPU time. */
async function runBareFfmpeg(work: string, run: number, argv: readonly string[], ffmpeg: string): Promise<RunResult> {
  const cwd = join(work, `bare-${run}`);
  await mkdir(cwd);
  const startedAt = performance.now();
  let sampler: FfmpegCpuSampler | undefined;
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(ffmpeg, argv.slice(1), { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
    const cpu = child.pid === undefined ? undefined : new FfmpegCpuSampler(child.pid);
    sampler = cpu;
    child.stdout.pipe(split2()).on('data', (line: string) => {
      if (line.startsWith('progress=')) cpu?.sample();
    });
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  const wallMs = performance.now() - startedAt;
  if (code !== 0) throw new Error(`bench: the bare ffmpeg command exited with ${String(code)}: ${argv.join(' ')}`);
  return { label: `bare ${run}`, cache: null, wallMs, beforeMs: null, ffmpegMs: wallMs, afterMs: null, ffmpegCpuMs: sampler?.lastMs ?? Number.NaN, libraryCpuMs: null, otherCpuMs: Number.NaN };
}

/** The absolute path of a binary (the wrapper and the symlink need one). */
async function which(binary: string): Promise<string> {
  if (binary.includes('/')) return binary;
  const { stdout } = await execa('bash', ['-c', 'command -v "$1"', 'which', binary], { reject: false });
  const path = String(stdout).trim();
  if (!path) throw new Error(`bench: ${binary} is not on PATH; install ffmpeg 5.1 or later, or set FFMPEG_PATH/FFPROBE_PATH.`);
  return path;
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
// BENCH_SKIP_UPLOAD=1 skips them (5–8 minutes) when only the core table is wanted.
if (process.env['BENCH_SKIP_UPLOAD'] === '1') {
  log('upload bench skipped (BENCH_SKIP_UPLOAD=1)');
} else {
  const uploadBenchCode = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, new URL('./upload-bench.ts', import.meta.url).pathname], { stdio: 'inherit' });
    child.once('error', (error) => {
      log(`cannot start the upload bench: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code) => resolve(code));
  });
  if (uploadBenchCode !== 0) process.exitCode = 1;
}
