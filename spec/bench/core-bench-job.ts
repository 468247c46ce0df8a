/**
 * One library job of the core bench (`spec/bench/bench.ts`), run in a plain Node process of its own against the
 * **built** library in `dist/` (see run-in-child.ts), so the CPU it reports is the library's, not tsx's transpiling.
 * It receives a {@link CoreBenchJob} as its first IPC message, answers with one {@link CoreBenchJobResult} (or
 * `{ error }`) and exits.
 *
 * It imports nothing but types: the library, rxjs and the CPU sampler are loaded at run time from the URLs in the
 * job. Loading them is not measured: the clock and `process.cpuUsage()` start when the job is subscribed, as in a
 * long-running process that packages one video after another.
 *
 * Besides this process's own CPU it reports that of the helper processes the library spawned (`ffmpeg -encoders`,
 * `ffprobe` of the input, any fallback `ffprobe` of a segment): this process's reaped-children time
 * (`/proc/self/stat` cutime + cstime) less the encoding ffmpeg's own CPU.
 */
import type { RunResult } from './bench-table.js';

type Lib = typeof import('../../lib/index.js');
type PackagingEvent = import('../../lib/index.js').PackagingEvent;

/** What the parent asks for. `XDG_CACHE_HOME` (the capability cache) comes in the child's environment. */
export interface CoreBenchJob {
  readonly label: string;
  readonly cache: 'cold' | 'warm';
  readonly source: string;
  readonly output: string;
  /** `[width, height, videoBps]` per rung. */
  readonly ladder: readonly (readonly [number, number, number])[];
  readonly audioBps: number;
  readonly ffmpegPath: string;
  readonly ffprobePath: string;
  /** Where to load the code from: the build directory, and `file:` URLs of rxjs and the transpiled ffmpeg-cpu.ts. */
  readonly modules: { readonly distDir: string; readonly rxjs: string; readonly cpuSampler: string };
}

/** What the child answers: the run, and the ffmpeg argv it ran (the bare runs repeat it). */
export interface CoreBenchJobResult {
  readonly result: RunResult;
  readonly argv: readonly string[];
}

async function runJob(job: CoreBenchJob): Promise<CoreBenchJobResult> {
  const lib = (await import(new URL('lib/index.js', `file://${job.modules.distDir.replace(/\/?$/u, '/')}`).href)) as Lib;
  const { lastValueFrom, tap } = (await import(job.modules.rxjs)) as typeof import('rxjs');
  const { FfmpegCpuSampler, reapedChildrenCpuMs } = (await import(job.modules.cpuSampler)) as typeof import('./ffmpeg-cpu.js');

  const representations = job.ladder.map(([w, h, bps]) => new lib.Representation(new lib.Size(w, h), new lib.Bitrate(bps)));
  let start: Extract<PackagingEvent, { type: 'start' }> | undefined;
  let sampler: InstanceType<typeof FfmpegCpuSampler> | undefined;
  let spawnedAt = Number.NaN;
  let finalProgressAt = Number.NaN;

  const cpuBefore = process.cpuUsage();
  const childrenBefore = reapedChildrenCpuMs();
  const startedAt = performance.now();
  const last = await lastValueFrom(
    lib.fromFile(job.source).pipe(
      lib.packageHls({
        output: job.output,
        representations,
        format: lib.Formats.h264({ videoOptions: { preset: 'veryfast' } }),
        audioBitrateBps: job.audioBps,
        ffmpegPath: job.ffmpegPath,
        ffprobePath: job.ffprobePath,
      }),
      tap((event: PackagingEvent) => {
        if (event.type === 'start') {
          start = event;
          spawnedAt = performance.now();
          if (event.pid !== undefined) sampler = new FfmpegCpuSampler(event.pid);
        }
        if (event.type === 'progress') {
          sampler?.sample();
          // ffmpeg prints its last progress block (progress=end) as it finishes; what follows is the library's.
          if (event.progress.isFinal) finalProgressAt = performance.now();
        }
      }),
    ),
  );
  const endedAt = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const ffmpegCpuMs = sampler?.lastMs ?? Number.NaN;
  // Every child reaped during the job: the helpers and the encoding ffmpeg (whose sampled CPU is a little under its
  // final total, so this errs towards counting more against the library).
  const helperCpuMs = Math.max(0, reapedChildrenCpuMs() - childrenBefore - (Number.isFinite(ffmpegCpuMs) ? ffmpegCpuMs : 0));

  if (last.type !== 'done' || !start) throw new Error(`the job ended with ${last.type}, not done`);
  const videoRenditions = last.result.presentation?.renditions.filter((r) => r.type === 'video').length ?? 0;
  if (videoRenditions !== job.ladder.length) throw new Error(`the master lists ${videoRenditions} video renditions, not ${job.ladder.length}`);
  return {
    result: {
      label: job.label,
      cache: job.cache,
      wallMs: endedAt - startedAt,
      beforeMs: spawnedAt - startedAt,
      ffmpegMs: finalProgressAt - spawnedAt,
      afterMs: endedAt - finalProgressAt,
      ffmpegCpuMs,
      libraryCpuMs: (cpu.user + cpu.system) / 1000,
      helperCpuMs,
      processTreeCpuMs: processTreeCpuMs(reapedChildrenCpuMs()),
      // Set by the parent, which sees the whole machine.
      otherCpuMs: Number.NaN,
    },
    argv: start.argv,
  };
}

/** This process's whole CPU time since it started, plus `reapedMs`, that of every child it reaped (ms). */
function processTreeCpuMs(reapedMs: number): number {
  const own = process.cpuUsage();
  return (own.user + own.system) / 1000 + reapedMs;
}

process.once('message', (job: CoreBenchJob) => {
  runJob(job).then(
    (result) => process.send?.({ result }, () => process.disconnect()),
    (error: unknown) => process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.disconnect()),
  );
});
