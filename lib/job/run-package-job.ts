import { rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { Observable, catchError, concat, defer, from, map, switchMap } from 'rxjs';
import type { MediaInput } from '../contracts/media-input.js';
import type { PackageResult, PackagingEvent } from '../contracts/packaging-event.js';
import { assertEncoders, resolveFfmpegPath } from '../ffmpeg/locate-ffmpeg.js';
import { runFfmpeg } from '../ffmpeg/run-ffmpeg.js';
import { liveOptionsFor, type ResolvedLiveOptions, type ResolvedPackageOptions } from '../options/package-options.js';
import { InvalidOptionError } from '../errors.js';
import type { MediaInfo } from '../probe/media-info.js';
import { buildDashArgs } from '../plan/dash-args.js';
import type { EncodingPlan } from '../plan/encoding-plan.js';
import { buildHlsArgs, hlsRenditionNames } from '../plan/hls-args.js';
import type { OutputLayout } from '../contracts/output-layout.js';
import { planEncoding } from '../plan/plan-encoding.js';
import { probe } from '../probe/probe.js';
import { finalizeEncryptedHls } from '../encrypt/finalize-encrypted-hls.js';
import { HlsEncryptionStage } from '../encrypt/hls-encryption-stage.js';
import { prepareKeyStore } from '../encrypt/prepare-key-store.js';
import { finalizeDash } from './finalize-dash.js';
import { finalizeHls } from './finalize-hls.js';
import { finalizeLiveDash } from './finalize-live-dash.js';
import { finalizeLiveHls } from './finalize-live-hls.js';
import { LiveHlsMasterWriter } from './live-hls-master.js';
import { LiveMpdWriter } from './live-mpd-writer.js';
import { failureHint } from './failure-hint.js';
import { ownFileMatcher } from './own-file-matcher.js';
import { prepareOutputDir, removeCreatedFiles, removeEmptyTree, snapshotDir } from './output-dir.js';
import { probeInputOptions, withOpenedInput } from './open-media-input.js';
import { mayNeedSegmentProbe, warmFirstSegments } from './warm-first-segments.js';

/** A job ready to run: its plan and argv, and what the directory held before. */
export interface PreparedJob {
  readonly plan: EncodingPlan;
  readonly args: readonly string[];
  readonly options: ResolvedPackageOptions;
  readonly ffmpegPath: string;
  readonly durationMs: number | null;
  readonly before: ReadonlySet<string>;
  readonly startedAt: number;
  /** The encryption stage of an encrypted HLS job (ffmpeg then writes into its staging directory), else null. */
  readonly encryption: HlsEncryptionStage | null;
  /** Live settings (stop signal included) of a live job, else null. */
  readonly live?: ResolvedLiveOptions | null;
  /** Probe the first segments while ffmpeg encodes (`mayNeedSegmentProbe`); false when they are read in-process. */
  readonly warmUpFirstSegments?: boolean;
}

/**
 * One packaging job as a cold Observable: checks binaries, output directory and input, plans, runs one
 * ffmpeg, then measures the real segments and writes the entry manifest. On failure or unsubscribe, ffmpeg is
 * stopped and the files it created are removed: no manifest is ever left behind as if complete.
 */
export function runPackageJob(source: MediaInput, options: ResolvedPackageOptions): Observable<PackagingEvent> {
  let createdDir: string | undefined;
  // Order matters for the user: a missing ffmpeg or unwritable directory is reported before the input is read.
  const checks$ = defer(async () => {
    const [binaries, dir] = await Promise.allSettled([assertEncoders([], options.binaries), prepareOutputDir(dirname(options.output))]);
    if (binaries.status === 'rejected') throw binaries.reason;
    if (dir.status === 'rejected') throw dir.reason;
    createdDir = dir.value;
  });
  return checks$.pipe(
    // A cloud object or capture device is opened (signed URL, temporary download) for this job and released with it.
    // The input stays open for the whole job (encode and finalize), and is released after it, however it ends.
    switchMap(() => withOpenedInput(source, options.signal, (input) => defer(() => from(prepareJob(input, options))).pipe(switchMap((job) => runPreparedJob(job, () => createdDir))))),
    catchError(async (error: unknown) => {
      await removeEmptyTree(createdDir);
      throw error;
    }),
  );
}

/**
 * Runs ffmpeg for a prepared job, then finalizes it; on failure or unsubscribe, removes what the job wrote.
 * Live jobs: the master (HLS) or the dynamic MPD (DASH) is published while ffmpeg runs; a stop (`live.stopSignal`,
 * `durationMs`, the source ending) ends ffmpeg cleanly and the job finalizes the live package (ENDLIST, a final MPD)
 * and emits `done`; unsubscribing stops ffmpeg cleanly too and finalizes without emitting; files are kept.
 */
function runPreparedJob(job: PreparedJob, createdDir: () => string | undefined): Observable<PackagingEvent> {
  const { options } = job;
  const live = job.live ?? null;
  const isOwn = ownFileMatcher(job.plan, options.kind);
  const stage = job.encryption;
  let argv: readonly string[] = [];
  const clearDir = stage ? stage.stagingDir : job.plan.outDir;
  const liveWriter: LiveHlsMasterWriter | LiveMpdWriter | null =
    live === null
      ? null
      : options.kind === 'hls'
        ? new LiveHlsMasterWriter({ plan: job.plan, segmentType: options.segmentType, clearDir, masterPath: options.output, streamInfo: options.streamInfo, binaries: options.binaries })
        : new LiveMpdWriter({ plan: job.plan, mpdPath: options.output });
  // Warm-up probes (see encode$) are killed when the job fails or is dropped; a successful job awaits them.
  const warmAbort = new AbortController();
  const cleanup = async (): Promise<void> => {
    warmAbort.abort();
    // A live job's entry manifest was written while it ran: stop its writer, then remove it with the rest.
    await liveWriter?.stop();
    if (live !== null) await rm(options.output, { force: true });
    await stage?.dispose();
    await removeCreatedFiles(job.plan.outDir, job.before, isOwn);
    await removeEmptyTree(createdDir());
  };
  const finalize = (): Promise<PackageResult> => {
    if (live !== null) {
      if (options.kind === 'dash') return finalizeLiveDash(job, argv);
      return stage ? finalizeEncryptedHls(job, argv, stage) : finalizeLiveHls(job, argv);
    }
    return options.kind === 'dash' ? finalizeDash(job, argv) : stage ? finalizeEncryptedHls(job, argv, stage) : finalizeHls(job, argv);
  };
  const ffmpeg$ = runFfmpeg(job.args, {
    ffmpegPath: job.ffmpegPath,
    durationMs: job.durationMs,
    // With encryption, a stage failure stops ffmpeg too, and ffmpeg writes the clear package into staging.
    signal: stage ? stage.stopSignal : options.signal,
    killGraceMs: options.killGraceMs,
    cwd: clearDir,
    failureHint: (tail) => failureHint(tail, job.plan),
    ...(live !== null ? { stopSignal: live.stopSignal, isGracefulOnUnsubscribe: true } : {}),
    onExit: async (succeeded, how) => {
      if (how === 'unsubscribed') {
        warmAbort.abort();
        // Nobody listens any more: best effort, the live package gets its final form; its files are kept.
        await liveWriter?.stop();
        // Encrypted: the stage's watcher went with the subscription; publish what it had not seen, then finalize.
        if (stage) await stage.flush().then(finalize).catch(() => stage.finish());
        else await finalize().catch(() => undefined);
        return;
      }
      if (!succeeded) await cleanup();
    },
  }).pipe(
    map((event): PackagingEvent => {
      if (event.type === 'started') {
        argv = event.argv;
        return { type: 'start', input: job.plan.input.label, argv: event.argv, pid: event.pid, layout: outputLayout(job.plan, options) };
      }
      return { type: 'progress', progress: event.progress };
    }),
  );
  // Probe each rendition's first segment while ffmpeg still encodes, off the critical path (see warm-first-segments.ts).
  const encode$ = new Observable<PackagingEvent>((subscriber) => {
    const warm = job.warmUpFirstSegments === false ? undefined : warmFirstSegments(outputLayout(job.plan, options), clearDir, options.binaries, warmAbort.signal).subscribe();
    liveWriter?.start();
    const inner = ffmpeg$.subscribe(subscriber);
    return () => {
      warm?.unsubscribe();
      inner.unsubscribe();
    };
  });
  const finalize$ = defer(async (): Promise<PackagingEvent> => {
    try {
      // Nothing the live writer does may land after the final manifests.
      await liveWriter?.stop();
      return { type: 'done', result: await finalize() };
    } catch (error) {
      // A live package stays as it is (players may be reading it); a VOD one is removed.
      if (live === null) await cleanup();
      else await stage?.dispose();
      throw error;
    }
  });
  return concat(stage ? stage.run(encode$, cleanup) : encode$, finalize$);
}

/** Pure: how a job names its files, for `watchOutput()`. */
export function outputLayout(plan: EncodingPlan, options: ResolvedPackageOptions): OutputLayout {
  return {
    format: options.kind,
    outDir: plan.outDir,
    slug: plan.slug,
    renditions: options.kind === 'hls' ? hlsRenditionNames(plan) : [...plan.rungs, ...(plan.audio ? [null] : [])].map((_, i) => String(i)),
    segmentExtension: options.kind === 'hls' && options.segmentType === 'mpegts' ? 'ts' : 'm4s',
    isLive: plan.input.isLive || (plan.live ?? null) !== null,
    manifests: [basename(options.output)],
  };
}

async function prepareJob(input: MediaInput, options: ResolvedPackageOptions): Promise<PreparedJob> {
  const startedAt = performance.now();
  const ffmpegPath = resolveFfmpegPath(options.binaries);
  const live = liveOptionsFor(options, input);
  if (live !== null && options.kind === 'dash' && options.generateHlsPlaylist) {
    throw new InvalidOptionError(
      'generateHlsPlaylist',
      'false for a live DASH job',
      true,
      'ffmpeg\'s HLS playlists beside a live MPD are not kept in a form players accept; run a live HLS job (packageHls) for HLS players.',
    );
  }
  const probeOptions = (inputOptions: readonly string[]): Parameters<typeof probe>[1] => ({
    ...options.binaries,
    inputOptions: probeInputOptions(inputOptions),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  // A separate audio input (a microphone beside a capture) is probed too: its channels and rate shape the audio plan.
  const [info, audioInfo] = await Promise.all([
    probe(input.uri, probeOptions(input.inputOptions)),
    input.audioInput ? probe(input.audioInput.uri, probeOptions(input.audioInput.inputOptions)) : Promise.resolve<MediaInfo | null>(null),
  ]);
  const plan = planEncoding(input, info, options, audioInfo);
  await assertEncoders(
    [...(plan.video ? [plan.video.encoder] : []), ...(plan.audio ? [plan.audio.encoder] : [])],
    options.binaries,
  );
  const encryption =
    options.kind === 'hls' && options.encryption
      ? await HlsEncryptionStage.create({
          outDir: plan.outDir,
          slug: plan.slug,
          renditions: hlsRenditionNames(plan),
          segmentType: options.segmentType,
          encryption: options.encryption,
          isLive: live !== null,
          signal: options.signal,
          // Before ffmpeg: an unwritable key directory fails the job now, not at the first segment.
          keyDir: await prepareKeyStore(options.encryption, options.signal ?? new AbortController().signal),
        })
      : null;
  // A previous run's entry manifest must not survive a failed re-run as if it described the new files.
  await rm(options.output, { force: true });
  const args = options.kind === 'hls' ? buildHlsArgs(plan, { segmentType: options.segmentType }) : buildDashArgs(plan, { generateHlsPlaylist: options.generateHlsPlaylist });
  return {
    plan,
    args,
    options,
    ffmpegPath,
    // Live: no percent (a looping file's duration is not the job's); `durationMs` ends the job, not the input.
    durationMs: live !== null ? null : info.durationSeconds !== null ? Math.round(info.durationSeconds * 1000) : null,
    before: await snapshotDir(plan.outDir),
    startedAt,
    encryption,
    live,
    warmUpFirstSegments: mayNeedSegmentProbe(plan, outputLayout(plan, options).segmentExtension, (audioInfo ?? info).audio?.sampleRateHz),
  };
}
