/**
 * One job of the upload bench, run by `spec/bench/upload-bench.ts` in a child process of its own with plain Node
 * (type stripping, no tsx) against the **built** library in `dist/`, so its memory figures are the library's, not
 * the test runner's. It receives an {@link UploadBenchJob} as its first IPC message, answers with one
 * {@link UploadBenchJobResult} (or `{ error }`) and exits.
 *
 * Kinds of job:
 * - `while-encoding`: `fromFile(src).pipe(packageHls(...), watchOutput(), uploadTo([s3Sink(...)]))`;
 * - `encode-then-upload` (the seed's way): `packageHls` to a directory, then every file uploaded with the same
 *   kind of sink, 4 at a time, playlists and the master last.
 *
 * The parent transpiles this file to plain JavaScript and runs that (Node's own type stripping would load a
 * WebAssembly compiler into the measured process). So it imports nothing but Node built-ins and types: the
 * library (from `dist/`), rxjs and the AWS SDK are loaded at run time from the URLs in the job.
 */
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { readdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

type Lib = typeof import('../../lib/index.js');
type PackagingEvent = import('../../lib/index.js').PackagingEvent;
type UploadEvent = import('../../lib/index.js').UploadEvent;
type Sink = import('../../lib/index.js').Sink;

/** What the parent asks for. */
export interface UploadBenchJob {
  readonly kind: 'while-encoding' | 'encode-then-upload';
  readonly label: string;
  readonly source: string;
  readonly output: string;
  /** `[width, height, videoBps]` per rung. */
  readonly ladder: readonly (readonly [number, number, number])[];
  readonly audioBps: number;
  readonly segmentSeconds: number;
  /** Files at a time for `encode-then-upload`. */
  readonly afterConcurrency: number;
  readonly s3: { readonly clientConfig: S3ClientConfig; readonly bucket: string; readonly prefix: string };
  readonly sampleEveryMs: number;
  /** Where to load the code from: the build directory, and `file:` URLs of rxjs and `@aws-sdk/client-s3`. */
  readonly modules: { readonly distDir: string; readonly rxjs: string; readonly clientS3: string };
}

/** Peaks of `process.memoryUsage()` fields over a job, in bytes. */
export interface MemoryPeaks {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

/** One memory sample: seconds since the job started, then MiB. */
export type MemorySample = readonly [seconds: number, rssMiB: number, heapUsedMiB: number, externalMiB: number, arrayBuffersMiB: number];

/** What the child answers. */
export interface UploadBenchJobResult {
  readonly label: string;
  readonly wallMs: number;
  /** From ffmpeg's exit to the last upload. */
  readonly tailMs: number;
  readonly files: number;
  readonly bytes: number;
  /** RSS of this process once the library, rxjs and the AWS SDK are loaded, before the job. */
  readonly floorRssBytes: number;
  readonly peaks: MemoryPeaks;
  /** About 40 samples spread over the job, for the growth trend. */
  readonly timeline: readonly MemorySample[];
}

/** Loads the built library, rxjs and the AWS SDK; a missing build is a clear error. */
async function loadModules(modules: UploadBenchJob['modules']): Promise<{
  lib: Lib;
  s3Sink: typeof import('../../sinks/s3-sink.js').s3Sink;
  rxjs: typeof import('rxjs');
  S3Client: typeof import('@aws-sdk/client-s3').S3Client;
}> {
  const at = (path: string): string => `file://${join(modules.distDir, path)}`;
  let lib: Lib;
  let s3Sink: typeof import('../../sinks/s3-sink.js').s3Sink;
  try {
    lib = (await import(at('lib/index.js'))) as Lib;
    ({ s3Sink } = (await import(at('sinks/s3-sink.js'))) as typeof import('../../sinks/s3-sink.js'));
  } catch (error) {
    throw new Error(`cannot load the built library from ${modules.distDir}: run \`npm run build\` first (${error instanceof Error ? error.message : String(error)})`);
  }
  const rxjs = (await import(modules.rxjs)) as typeof import('rxjs');
  const { S3Client } = (await import(modules.clientS3)) as typeof import('@aws-sdk/client-s3');
  return { lib, s3Sink, rxjs, S3Client };
}

/** Samples memory every `everyMs`; keeps the peaks and a thinned timeline. */
function memorySampler(everyMs: number): { stop(): { peaks: MemoryPeaks; timeline: MemorySample[] } } {
  const startedAt = performance.now();
  const peaks = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
  const all: MemorySample[] = [];
  const mib = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;
  const sample = (): void => {
    const m = process.memoryUsage();
    peaks.rss = Math.max(peaks.rss, m.rss);
    peaks.heapUsed = Math.max(peaks.heapUsed, m.heapUsed);
    peaks.heapTotal = Math.max(peaks.heapTotal, m.heapTotal);
    peaks.external = Math.max(peaks.external, m.external);
    peaks.arrayBuffers = Math.max(peaks.arrayBuffers, m.arrayBuffers);
    all.push([Math.round((performance.now() - startedAt) / 100) / 10, mib(m.rss), mib(m.heapUsed), mib(m.external), mib(m.arrayBuffers)]);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      const step = Math.max(1, Math.ceil(all.length / 40));
      return { peaks: { ...peaks }, timeline: all.filter((_, i) => i % step === 0 || i === all.length - 1) };
    },
  };
}

/** Tracks ffmpeg's exit: the final progress block, else the last one seen. */
function ffmpegExitTracker(): { onEvent(event: PackagingEvent | UploadEvent): void; exitAt(): number } {
  let finalAt = Number.NaN;
  let lastAt = Number.NaN;
  return {
    onEvent: (event) => {
      if (event.type !== 'progress') return;
      lastAt = performance.now();
      if (event.progress.isFinal) finalAt = lastAt;
    },
    exitAt: () => (Number.isNaN(finalAt) ? lastAt : finalAt),
  };
}

async function runJob(job: UploadBenchJob): Promise<UploadBenchJobResult> {
  const { lib, s3Sink, rxjs, S3Client } = await loadModules(job.modules);
  const { lastValueFrom, tap } = rxjs;
  const client = new S3Client(job.s3.clientConfig);
  const sink: Sink = s3Sink({ client, bucket: job.s3.bucket, prefix: job.s3.prefix });
  const options = {
    output: job.output,
    representations: job.ladder.map(([w, h, bps]) => new lib.Representation(new lib.Size(w, h), new lib.Bitrate(bps))),
    format: lib.Formats.h264({ videoOptions: { preset: 'ultrafast' } }),
    audioBitrateBps: job.audioBps,
    segmentDurationSeconds: job.segmentSeconds,
  };
  const floorRssBytes = process.memoryUsage().rss;
  const memory = memorySampler(job.sampleEveryMs);
  const exit = ffmpegExitTracker();
  const startedAt = performance.now();
  let lastUploadAt = Number.NaN;
  let files = 0;
  let bytes = 0;
  try {
    if (job.kind === 'while-encoding') {
      const last = await lastValueFrom(
        lib.fromFile(job.source).pipe(
          lib.packageHls(options),
          lib.watchOutput(),
          lib.uploadTo([sink]),
          tap((event: PackagingEvent | UploadEvent) => {
            exit.onEvent(event);
            if (event.type === 'uploaded') {
              lastUploadAt = performance.now();
              files += 1;
              bytes += event.bytes;
            }
          }),
        ),
      );
      if (last.type !== 'done') throw new Error(`${job.label} ended with ${last.type}, not done`);
    } else {
      const last = await lastValueFrom(lib.fromFile(job.source).pipe(lib.packageHls(options), tap(exit.onEvent)));
      if (last.type !== 'done') throw new Error(`${job.label} ended with ${last.type}, not done`);
      const uploaded = await uploadDirectory(sink, job.output, job.afterConcurrency);
      lastUploadAt = performance.now();
      files = uploaded.files;
      bytes = uploaded.bytes;
    }
  } finally {
    await sink.close?.();
    client.destroy();
  }
  const { peaks, timeline } = memory.stop();
  return { label: job.label, wallMs: performance.now() - startedAt, tailMs: lastUploadAt - exit.exitAt(), files, bytes, floorRssBytes, peaks, timeline };
}

/** The seed's way: every file of the output directory, `concurrency` at a time, playlists then the master last. */
async function uploadDirectory(sink: Sink, output: string, concurrency: number): Promise<{ files: number; bytes: number }> {
  const dir = dirname(output);
  const paths = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
  const rank = (path: string): number => (path === output ? 2 : path.endsWith('.m3u8') ? 1 : 0);
  const queue = paths.sort((a, b) => rank(a) - rank(b));
  const contentTypeOf = (key: string): string => (key.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t');
  let files = 0;
  let bytes = 0;
  const controller = new AbortController();
  const worker = async (): Promise<void> => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      const key = relative(dir, path);
      const kind = path === output ? 'manifest' : path.endsWith('.m3u8') ? 'playlist' : 'segment';
      const cacheControl = kind === 'segment' ? 'public, max-age=31536000, immutable' : 'public, max-age=60';
      const result = await sink.put({ key, localPath: path, contentType: contentTypeOf(key), cacheControl, bytes: 0, kind }, controller.signal);
      files += 1;
      bytes += result.bytes;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { files, bytes };
}

process.once('message', (job: UploadBenchJob) => {
  runJob(job).then(
    (result) => process.send?.({ result }, () => process.disconnect()),
    (error: unknown) => process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.disconnect()),
  );
});
