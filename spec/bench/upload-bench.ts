/**
 * The upload part of `npm run bench` (run after the CPU table by `spec/bench/bench.ts`, or alone with
 * `node --import tsx spec/bench/upload-bench.ts`): the issue's targets for uploading while encoding, against a
 * local S3 (OpenStack Swift with s3api, from `spec/helpers/servers`).
 *
 * It generates a 10-minute and a 30-second 640x360@25 source with audio (lavfi testsrc2 + sine, libx264 ultrafast),
 * then runs, each with a 5-rung ladder 640x360 … 256x144 (libx264 ultrafast, 6 s segments):
 * 1. the 30-second job uploaded while encoding (for the memory comparison; first, on a fresh heap);
 * 2. the 10-minute job uploaded while encoding: `fromFile(src).pipe(packageHls(...), watchOutput(), uploadTo([s3Sink(...)]))`;
 * 3. the seed's way, in the same run: the same 10-minute job packaged to a directory, then the whole directory
 *    uploaded with the same kind of sink, 4 files at a time.
 *
 * Measures:
 * - upload tail: from ffmpeg's exit (its final progress block, `progress=end`; else its last progress block) to
 *   the last `uploaded` event (or the last finished put, for the seed's way). Target < 2 s while encoding.
 * - memory: the max RSS of this Node process, sampled every 250 ms during jobs 1 and 2. Target < 150 MB both. The
 *   RSS before any job is printed too: it is the floor (Node, tsx's loader, rxjs and the AWS SDK), not the job's.
 *
 * Exits 0 whatever the verdicts; non-zero only if something crashed. About 5–8 minutes on 2 cores.
 * Needs ffmpeg with libx264 and Swift (see `spec/helpers/servers/start-swift-s3.ts`).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { S3Client } from '@aws-sdk/client-s3';
import { execa } from 'execa';
import { lastValueFrom, tap } from 'rxjs';
import { Bitrate, Formats, Representation, Size, fromFile, packageHls, uploadTo, watchOutput, type PackagingEvent, type UploadEvent } from '../../lib/index.js';
import { cacheControlFor, contentTypeFor } from '../../lib/contracts/content-type.js';
import type { OutputFileKind } from '../../lib/contracts/output-file.js';
import type { Sink } from '../../lib/contracts/sink.js';
import { s3Sink } from '../../sinks/s3-sink.js';
import { startSwiftS3, type SwiftS3Server } from '../helpers/servers/index.js';

const SOURCE = { width: 640, height: 360, fps: 25 } as const;
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
const RSS_SAMPLE_MS = 250;
const LABEL = 50;
const BUCKET = 'media';

interface UploadRun {
  readonly label: string;
  readonly wallMs: number;
  /** From ffmpeg's exit to the last upload. */
  readonly tailMs: number;
  readonly files: number;
  readonly bytes: number;
  /** Max RSS of this process during the run, bytes; null when not sampled. */
  readonly maxRssBytes: number | null;
}

export async function runUploadBench(): Promise<void> {
  const ffmpeg = process.env['FFMPEG_PATH'] || 'ffmpeg';
  const work = await mkdtemp(join(tmpdir(), 'ffmpeg-streaming-upload-bench-'));
  let swift: SwiftS3Server | undefined;
  let client: S3Client | undefined;
  const cleanup = async (): Promise<void> => {
    client?.destroy();
    await swift?.stop().catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  };
  const onSigint = (): void => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSigint);
  try {
    log('starting Swift (S3) ...');
    swift = await startSwiftS3({ buckets: [BUCKET] });
    client = new S3Client({ ...swift.clientConfig, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
    const sink = (prefix: string): Sink => s3Sink({ client: client as S3Client, bucket: BUCKET, prefix });

    const long = join(work, 'source-600s.mp4');
    const short = join(work, 'source-30s.mp4');
    log(`generating a ${LONG_SECONDS} s and a ${SHORT_SECONDS} s ${SOURCE.width}x${SOURCE.height}@${SOURCE.fps} source with audio ...`);
    let t = performance.now();
    await generateSource(ffmpeg, long, LONG_SECONDS);
    await generateSource(ffmpeg, short, SHORT_SECONDS);
    log(`  sources ready in ${seconds(performance.now() - t)} s`);
    const loadAtStart = loadavg()[0] ?? 0;

    // What the process holds before any job (Node, tsx, rxjs, the AWS SDK): the floor under both RSS figures.
    const baselineRssBytes = process.memoryUsage().rss;
    // The short job first, so the long one cannot leave it a grown heap.
    log(`1/3: ${SHORT_SECONDS} s job, uploaded while encoding ...`);
    const shortRun = await runWhileEncoding('30 s, while encoding', short, join(work, 'short', 'master.m3u8'), sink('bench/short/'));
    log(`2/3: ${LONG_SECONDS} s job, uploaded while encoding (expect 1–4 minutes) ...`);
    const live = await runWhileEncoding('10 min, while encoding', long, join(work, 'live', 'master.m3u8'), sink('bench/live/'));
    log(`3/3: ${LONG_SECONDS} s job, encode then upload (the seed's way) ...`);
    const after = await runEncodeThenUpload('10 min, encode then upload', long, join(work, 'after', 'master.m3u8'), sink('bench/after/'));

    printTable([live, after, shortRun], [loadAtStart, loadavg()[0] ?? 0], baselineRssBytes);
  } finally {
    process.removeListener('SIGINT', onSigint);
    log('stopping Swift and removing temporary files ...');
    await cleanup();
  }
}

/** A 640x360@25 H.264 + AAC file from lavfi, encoded as fast as libx264 goes, a key frame every 2 s. */
async function generateSource(ffmpeg: string, path: string, durationSeconds: number): Promise<void> {
  const { width, height, fps } = SOURCE;
  await execa(ffmpeg, [
    '-v', 'error', '-nostdin', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(durationSeconds),
    '-map', '0:v', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-b:v', '1500k', '-g', String(2 * fps),
    '-map', '1:a', '-c:a', 'aac', '-b:a', '96k', '-ac', '2',
    path,
  ]);
}

function packageOptions(output: string): Parameters<typeof packageHls>[0] {
  return {
    output,
    representations: LADDER.map(([w, h, bps]) => new Representation(new Size(w, h), new Bitrate(bps))),
    format: Formats.h264({ videoOptions: { preset: 'ultrafast' } }),
    audioBitrateBps: AUDIO_BPS,
    segmentDurationSeconds: SEGMENT_SECONDS,
  };
}

/** Tracks ffmpeg's exit: the final progress block, else the last one seen. Logs progress every ~30 s of media. */
function ffmpegExitTracker(label: string): { readonly onEvent: (event: PackagingEvent | UploadEvent) => void; readonly exitAt: () => number } {
  let finalAt = Number.NaN;
  let lastAt = Number.NaN;
  let nextLogAt = 0;
  return {
    onEvent: (event) => {
      if (event.type !== 'progress') return;
      lastAt = performance.now();
      if (event.progress.isFinal) finalAt = lastAt;
      if (lastAt >= nextLogAt) {
        nextLogAt = lastAt + 15_000;
        const { outTimeMs, speed } = event.progress;
        log(`  ${label}: ${(outTimeMs / 1000).toFixed(0)} s encoded${speed === null ? '' : ` (${speed.toFixed(1)}x)`}, rss ${mb(process.memoryUsage().rss)} MB`);
      }
    },
    exitAt: () => (Number.isNaN(finalAt) ? lastAt : finalAt),
  };
}

function rssSampler(): { readonly stop: () => number } {
  let max = process.memoryUsage().rss;
  const timer = setInterval(() => {
    max = Math.max(max, process.memoryUsage().rss);
  }, RSS_SAMPLE_MS);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(max, process.memoryUsage().rss);
    },
  };
}

async function runWhileEncoding(label: string, source: string, output: string, sink: Sink): Promise<UploadRun> {
  const exit = ffmpegExitTracker(label);
  let lastUploadAt = Number.NaN;
  let files = 0;
  let bytes = 0;
  const rss = rssSampler();
  const startedAt = performance.now();
  try {
    const last = await lastValueFrom(
      fromFile(source).pipe(
        packageHls(packageOptions(output)),
        watchOutput(),
        uploadTo([sink]),
        tap((event) => {
          exit.onEvent(event);
          if (event.type === 'uploaded') {
            lastUploadAt = performance.now();
            files += 1;
            bytes += event.bytes;
          }
        }),
      ),
    );
    if (last.type !== 'done') throw new Error(`upload bench: ${label} ended with ${last.type}, not done`);
  } finally {
    await sink.close?.();
  }
  const wallMs = performance.now() - startedAt;
  const maxRssBytes = rss.stop();
  log(`  ${label}: ${files} files, ${mb(bytes)} MB uploaded in ${seconds(wallMs)} s; max rss ${mb(maxRssBytes)} MB`);
  return { label, wallMs, tailMs: lastUploadAt - exit.exitAt(), files, bytes, maxRssBytes };
}

async function runEncodeThenUpload(label: string, source: string, output: string, sink: Sink): Promise<UploadRun> {
  const exit = ffmpegExitTracker(label);
  const startedAt = performance.now();
  const last = await lastValueFrom(fromFile(source).pipe(packageHls(packageOptions(output)), tap(exit.onEvent)));
  if (last.type !== 'done') throw new Error(`upload bench: ${label} ended with ${last.type}, not done`);
  const dir = join(output, '..');
  const paths = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
  // Playlists and the master last, as a careful seed-style script would.
  const kindOf = (path: string): OutputFileKind => (path.endsWith('.m3u8') ? (path === output ? 'manifest' : 'playlist') : 'segment');
  const rank = (path: string): number => (path === output ? 2 : path.endsWith('.m3u8') ? 1 : 0);
  const queue = paths.sort((a, b) => rank(a) - rank(b));
  log(`  ${label}: ffmpeg done; uploading ${queue.length} files, ${AFTER_CONCURRENCY} at a time ...`);
  let files = 0;
  let bytes = 0;
  const controller = new AbortController();
  const worker = async (): Promise<void> => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      const kind = kindOf(path);
      const key = relative(dir, path);
      const result = await sink.put({ key, localPath: path, contentType: contentTypeFor(key), cacheControl: cacheControlFor(kind, false), bytes: 0, kind }, controller.signal);
      files += 1;
      bytes += result.bytes;
    }
  };
  try {
    await Promise.all(Array.from({ length: AFTER_CONCURRENCY }, worker));
  } finally {
    await sink.close?.();
  }
  const endedAt = performance.now();
  log(`  ${label}: ${files} files, ${mb(bytes)} MB uploaded in ${seconds(endedAt - startedAt)} s`);
  return { label, wallMs: endedAt - startedAt, tailMs: endedAt - exit.exitAt(), files, bytes, maxRssBytes: null };
}

function printTable(runs: readonly [live: UploadRun, after: UploadRun, short: UploadRun], loads: readonly [number, number], baselineRssBytes: number): void {
  const [live, after, short] = runs;
  const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
  const row = (label: string, value: string, target: string, result: string): string =>
    `| ${label.padEnd(LABEL)} | ${value.padStart(9)} | ${target.padEnd(8)} | ${result.padEnd(6)} |`;
  const [first, last] = [LADDER[0], LADDER.at(-1)];
  const lines = [
    '',
    `ffmpeg-streaming upload bench: ${LADDER.length}-rung HLS ladder (${first?.[0]}x${first?.[1]} … ${last?.[0]}x${last?.[1]}, libx264 ultrafast, ${SEGMENT_SECONDS} s segments) to a local S3 (Swift)`,
    '',
    `| ${'measure'.padEnd(LABEL)} |     value | target   | result |`,
    `|${'-'.repeat(LABEL + 2)}|-----------|----------|--------|`,
    row('upload tail after ffmpeg exit (while encoding)', `${seconds(live.tailMs)} s`, `< ${TARGET_TAIL_MS / 1000} s`, verdict(live.tailMs < TARGET_TAIL_MS)),
    row('upload tail after ffmpeg exit (encode then upload)', `${seconds(after.tailMs)} s`, '-', 'info'),
    row('max RSS, 10-minute job (while encoding)', `${mb(live.maxRssBytes ?? Number.NaN)} MB`, `< ${TARGET_RSS_MB} MB`, verdict(mb(live.maxRssBytes ?? Number.NaN) < TARGET_RSS_MB)),
    row('max RSS, 30-second job (while encoding)', `${mb(short.maxRssBytes ?? Number.NaN)} MB`, `< ${TARGET_RSS_MB} MB`, verdict(mb(short.maxRssBytes ?? Number.NaN) < TARGET_RSS_MB)),
    row('  RSS before any job (Node + tsx + SDK loaded)', `${mb(baselineRssBytes)} MB`, '-', 'info'),
    '',
    '| run                         | total s | tail after ffmpeg s | files |     MB | max RSS MB |',
    '|-----------------------------|---------|---------------------|-------|--------|------------|',
    ...runs.map(
      (r) =>
        `| ${r.label.padEnd(27)} | ${seconds(r.wallMs).padStart(7)} | ${seconds(r.tailMs).padStart(19)} | ${String(r.files).padStart(5)} | ${String(mb(r.bytes)).padStart(6)} | ${(r.maxRssBytes === null ? '-' : String(mb(r.maxRssBytes))).padStart(10)} |`,
    ),
    '',
    `machine: ${availableParallelism()} CPUs, load average ${loads[0].toFixed(1)} at the first run, ${loads[1].toFixed(1)} at the end; RSS sampled every ${RSS_SAMPLE_MS} ms (this Node process only)`,
    ...(Math.max(...loads) > availableParallelism() ? ['warning: other processes were competing for the CPU; times are unreliable. Re-run on an idle machine.'] : []),
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function mb(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}

function log(message: string): void {
  process.stderr.write(`upload bench: ${message}\n`);
}

// Run directly (`node --import tsx spec/bench/upload-bench.ts`); bench.ts imports runUploadBench instead.
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
