/**
 * The upload part of `npm run bench` (run after the CPU table by `spec/bench/bench.ts`, or alone with
 * `node --import tsx spec/bench/upload-bench.ts`): the targets for uploading while encoding, against a
 * local S3 (OpenStack Swift with s3api, from `spec/helpers/servers`).
 *
 * It generates a real 10-minute and a 30-second 640x360@25 source with audio (lavfi testsrc2 + sine, libx264
 * ultrafast), then runs, each with a 5-rung ladder 640x360 … 256x144 (libx264 ultrafast, 6 s segments) and real
 * uploads to Swift:
 * 1. the 30-second job uploaded while encoding: `fromFile(src).pipe(packageHls(...), watchOutput(), uploadTo([s3Sink(...)]))`;
 * 2. the 10-minute job uploaded while encoding, the same way;
 * 3. the seed's way, in the same run: the same 10-minute job packaged to a directory, then the whole directory
 *    uploaded with the same kind of sink, 4 files at a time.
 *
 * Each job runs in a child process of its own (`upload-bench-job.ts`) with plain Node against the **built**
 * library (`dist/`, from `npm run build`; `UPLOAD_BENCH_DIST` names another build), so the memory figures are
 * the library's: no tsx, no test runner, no Swift helper in that process.
 *
 * Measures:
 * - upload tail: from ffmpeg's exit (its final progress block, `progress=end`; else its last progress block) to
 *   the last `uploaded` event (or the last finished put, for the seed's way). Target < 2 s while encoding.
 * - memory: peaks of RSS, heapUsed, external and arrayBuffers of the job's process, sampled every 250 ms. Target:
 *   RSS < 150 MB for the 10-minute job as for the 30-second one. The floor (the process with Node, the library,
 *   rxjs and the AWS SDK loaded, before the job) and RSS over the job (a quarter, half, three quarters, end) are
 *   printed too, so growth shows.
 *
 * `UPLOAD_BENCH_TIMELINE=1` also prints each job's memory samples (about 40), to see where memory goes.
 * Exits 0 whatever the verdicts; non-zero only if something crashed. About 5–8 minutes on 2 cores.
 * Needs ffmpeg with libx264, Swift (see `spec/helpers/servers/start-swift-s3.ts`) and a build (`npm run build`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startSwiftS3, type SwiftS3Server } from '../helpers/servers/index.js';
import { benchLogger, generateBenchSource, type BenchSource } from './bench-source.js';
import { compileForChild, runInChild } from './run-in-child.js';
import type { MemorySample, UploadBenchJob, UploadBenchJobResult } from './upload-bench-job.js';

/** A 360p25 H.264 + AAC file; each job gets it at its own duration. */
const SOURCE: Omit<BenchSource, 'durationSeconds'> = { width: 640, height: 360, fps: 25, videoArgs: ['-tune', 'zerolatency', '-b:v', '1500k'], audioBitrate: '96k' };
const log = benchLogger('upload bench');
const LONG_SECONDS = 600;
const SHORT_SECONDS = 30;
const LADDER: readonly (readonly [width: number, height: number, videoBps: number])[] = [
  [640, 360, 800_000],
  [480, 270, 500_000],
  [384, 216, 350_000],
  [320, 180, 250_000],
  [256, 144, 150_000],
];
const AUDIO_BPS = 96_000;
const SEGMENT_SECONDS = 6;
/** Files uploaded at a time by the seed's way (encode, then upload the directory). */
const AFTER_CONCURRENCY = 4;
const TARGET_TAIL_MS = 2000;
const TARGET_RSS_MB = 150;
const SAMPLE_EVERY_MS = 250;
const LABEL = 50;
const BUCKET = 'media';
const JOB_SOURCE = fileURLToPath(new URL('./upload-bench-job.ts', import.meta.url));
/** The build the jobs run: `dist/`, or the directory in `UPLOAD_BENCH_DIST` (to compare two builds). */
const DIST_DIR = process.env['UPLOAD_BENCH_DIST'] || fileURLToPath(new URL('../../dist', import.meta.url));

export async function runUploadBench(): Promise<void> {
  const ffmpeg = process.env['FFMPEG_PATH'] || 'ffmpeg';
  const work = await mkdtemp(join(tmpdir(), 'ffmpeg-streaming-upload-bench-'));
  let swift: SwiftS3Server | undefined;
  const cleanup = async (): Promise<void> => {
    await swift?.stop().catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  };
  const onSigint = (): void => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSigint);
  try {
    log('starting Swift (S3) ...');
    swift = await startSwiftS3({ buckets: [BUCKET] });
    const clientConfig = { ...swift.clientConfig, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } as const;

    const long = join(work, 'source-600s.mp4');
    const short = join(work, 'source-30s.mp4');
    log(`generating a ${LONG_SECONDS} s and a ${SHORT_SECONDS} s ${SOURCE.width}x${SOURCE.height}@${SOURCE.fps} source with audio ...`);
    const t = performance.now();
    await generateBenchSource(ffmpeg, long, { ...SOURCE, durationSeconds: LONG_SECONDS });
    await generateBenchSource(ffmpeg, short, { ...SOURCE, durationSeconds: SHORT_SECONDS });
    log(`  sources ready in ${seconds(performance.now() - t)} s`);
    const jobScript = await compileForChild(JOB_SOURCE, work);
    const modules = { distDir: DIST_DIR, rxjs: import.meta.resolve('rxjs'), clientS3: import.meta.resolve('@aws-sdk/client-s3') };
    const loadAtStart = loadavg()[0] ?? 0;

    const job = (kind: UploadBenchJob['kind'], label: string, source: string, name: string): UploadBenchJob => ({
      kind,
      label,
      source,
      output: join(work, name, 'master.m3u8'),
      ladder: LADDER,
      audioBps: AUDIO_BPS,
      segmentSeconds: SEGMENT_SECONDS,
      afterConcurrency: AFTER_CONCURRENCY,
      s3: { clientConfig, bucket: BUCKET, prefix: `bench/${name}/` },
      sampleEveryMs: SAMPLE_EVERY_MS,
      modules,
    });
    log(`1/3: ${SHORT_SECONDS} s job, uploaded while encoding ...`);
    const shortRun = await runJobInChild(jobScript, job('while-encoding', '30 s, while encoding', short, 'short'));
    log(`2/3: ${LONG_SECONDS} s job, uploaded while encoding (expect 1–4 minutes) ...`);
    const live = await runJobInChild(jobScript, job('while-encoding', '10 min, while encoding', long, 'live'));
    log(`3/3: ${LONG_SECONDS} s job, encode then upload (the seed's way) ...`);
    const after = await runJobInChild(jobScript, job('encode-then-upload', '10 min, encode then upload', long, 'after'));

    printTable([live, after, shortRun], [loadAtStart, loadavg()[0] ?? 0]);
  } finally {
    process.removeListener('SIGINT', onSigint);
    log('stopping Swift and removing temporary files ...');
    await cleanup();
  }
}

/** A 640x360@25 H.264 + AAC file from lavfi, encoded as fast as libx264 goes, a key frame every 2 s. */
/** Runs one job in a fresh plain-Node process (no tsx, no TypeScript) against the build. */
async function runJobInChild(script: string, job: UploadBenchJob): Promise<UploadBenchJobResult> {
  const r = await runInChild<UploadBenchJob, UploadBenchJobResult>(script, job, `upload bench: ${job.label}`);
  log(`  ${r.label}: ${r.files} files, ${mb(r.bytes)} MB uploaded in ${seconds(r.wallMs)} s; peak RSS ${mb(r.peaks.rss)} MB, heap ${mb(r.peaks.heapUsed)} MB`);
  // UPLOAD_BENCH_TIMELINE=1: every kept sample (s, RSS, heapUsed, external, arrayBuffers in MiB), to see where memory goes.
  if (process.env['UPLOAD_BENCH_TIMELINE'] === '1') for (const [t, rss, heap, external, buffers] of r.timeline) log(`    ${t} s: rss ${rss} heap ${heap} external ${external} arrayBuffers ${buffers}`);
  return r;
}

function printTable(runs: readonly [live: UploadBenchJobResult, after: UploadBenchJobResult, short: UploadBenchJobResult], loads: readonly [number, number]): void {
  const [live, after, short] = runs;
  const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
  const row = (label: string, value: string, target: string, result: string): string =>
    `| ${label.padEnd(LABEL)} | ${value.padStart(9)} | ${target.padEnd(8)} | ${result.padEnd(6)} |`;
  const [first, last] = [LADDER[0], LADDER.at(-1)];
  const memoryRow = (r: UploadBenchJobResult): string =>
    `| ${r.label.padEnd(27)} | ${fixed(mb(r.peaks.rss)).padStart(11)} | ${fixed(mb(r.peaks.heapUsed)).padStart(12)} | ${fixed(mb(r.peaks.external)).padStart(11)} | ${fixed(mb(r.peaks.arrayBuffers)).padStart(9)} | ${fixed(mb(r.floorRssBytes)).padStart(8)} | ${trend(r.timeline).padEnd(27)} |`;
  const lines = [
    '',
    `ffmpeg-streaming upload bench: ${LADDER.length}-rung HLS ladder (${first?.[0]}x${first?.[1]} … ${last?.[0]}x${last?.[1]}, libx264 ultrafast, ${SEGMENT_SECONDS} s segments) to a local S3 (Swift)`,
    `each job in its own plain Node process running the built library (${DIST_DIR}), sampled every ${SAMPLE_EVERY_MS} ms; MB = MiB`,
    '',
    `| ${'measure'.padEnd(LABEL)} |     value | target   | result |`,
    `|${'-'.repeat(LABEL + 2)}|-----------|----------|--------|`,
    row('upload tail after ffmpeg exit (while encoding)', `${seconds(live.tailMs)} s`, `< ${TARGET_TAIL_MS / 1000} s`, verdict(live.tailMs < TARGET_TAIL_MS)),
    row('upload tail after ffmpeg exit (encode then upload)', `${seconds(after.tailMs)} s`, '-', 'info'),
    row('RSS peak, 10-minute job (while encoding)', `${fixed(mb(live.peaks.rss))} MB`, `< ${TARGET_RSS_MB} MB`, verdict(mb(live.peaks.rss) < TARGET_RSS_MB)),
    row('RSS peak, 30-second job (while encoding)', `${fixed(mb(short.peaks.rss))} MB`, `< ${TARGET_RSS_MB} MB`, verdict(mb(short.peaks.rss) < TARGET_RSS_MB)),
    row('heap peak, 10-minute job (while encoding)', `${fixed(mb(live.peaks.heapUsed))} MB`, '-', 'info'),
    row('heap peak, 30-second job (while encoding)', `${fixed(mb(short.peaks.heapUsed))} MB`, '-', 'info'),
    '',
    '| job (memory, MB)            | RSS peak    | heapUsed peak| external pk | arrayBuf  | floor    | RSS at ¼ / ½ / ¾ / end      |',
    '|-----------------------------|-------------|--------------|-------------|-----------|----------|-----------------------------|',
    ...runs.map(memoryRow),
    '',
    '| run                         | total s | tail after ffmpeg s | files |     MB |',
    '|-----------------------------|---------|---------------------|-------|--------|',
    ...runs.map((r) => `| ${r.label.padEnd(27)} | ${seconds(r.wallMs).padStart(7)} | ${seconds(r.tailMs).padStart(19)} | ${String(r.files).padStart(5)} | ${fixed(mb(r.bytes)).padStart(6)} |`),
    '',
    'floor: the job process with Node, the library, rxjs and the AWS SDK loaded, before the job starts.',
    `machine: ${availableParallelism()} CPUs, load average ${loads[0].toFixed(1)} at the first run, ${loads[1].toFixed(1)} at the end`,
    ...(Math.max(...loads) > availableParallelism() ? ['warning: other processes were competing for the CPU; times are unreliable. Re-run on an idle machine.'] : []),
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

/** RSS (MiB) at a quarter, half, three quarters and the end of a job's timeline. */
function trend(timeline: readonly MemorySample[]): string {
  if (timeline.length === 0) return '-';
  const at = (share: number): string => (timeline[Math.min(timeline.length - 1, Math.round(share * (timeline.length - 1)))]?.[1] ?? Number.NaN).toFixed(0);
  return [0.25, 0.5, 0.75, 1].map(at).join(' / ');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function mb(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}

function fixed(value: number): string {
  return value.toFixed(1);
}

// Run directly (`node --import tsx spec/bench/upload-bench.ts`); bench.ts starts it that way too.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const startedAt = performance.now();
  try {
    await runUploadBench();
    log(`finished in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
  } catch (error) {
    process.stderr.write(`upload bench: crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}
