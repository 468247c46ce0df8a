import type { Observable } from 'rxjs';
import type { PackagingEvent } from '../contracts/packaging-event.js';
import { uploadTo } from '../../operators/upload-to.js';
import { watchOutput } from '../../operators/watch-output.js';
import { UploadTally } from '../upload/upload-tally.js';
import { formatFromName } from '../format/format-from-name.js';
import { parseRepresentationSpec } from '../format/parse-representation-spec.js';
import { runPackageJob } from '../job/run-package-job.js';
import { resolveDashOptions, resolveHlsOptions, type LiveOptions } from '../options/package-options.js';
import { cliEncryptionOptions } from './cli-encryption.js';
import { followEvents, type FollowIo } from './follow-events.js';
import type { CliCommand, CliUpload } from './parse-cli-args.js';
import { sinkFromUrl } from './sink-from-url.js';
import { sourceFromCli } from './source-from-cli.js';

/** What {@link runPackagingCommand} needs besides the command line. */
export interface PackagingIo extends FollowIo {
  /** Hard abort (the second Ctrl-C): ffmpeg is killed, the output removed, the job fails with `ABORTED`. */
  readonly signal: AbortSignal;
  /** Graceful stop (the first Ctrl-C): a live job ends cleanly (final playlists, uploads finished); any other job aborts. */
  readonly stopSignal: AbortSignal;
  /** Where credentials are read from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Carries out `ffstream hls|dash`: builds the source (file, URL, cloud object, capture, looping file), the job's
 * options (live ones included) and, with `--to`, the upload; then reports the events. A job is live when `--live`
 * (or a live option) is given or the source is live (capture, `--loop`, rtmp/srt/udp…): the first Ctrl-C then stops
 * it gracefully through `live.stopSignal`; otherwise the first Ctrl-C aborts.
 * Resolves with the exit code (0); rejects with the job's error.
 */
export async function runPackagingCommand(command: Extract<CliCommand, { command: 'hls' | 'dash' }>, io: PackagingIo): Promise<number> {
  const source = await sourceFromCli(command.source, io.env ?? process.env);
  const isLive = command.live !== null || source.isLive;
  const live: LiveOptions | undefined = isLive ? { ...(command.live ?? {}), stopSignal: io.stopSignal } : undefined;
  // Not live: nothing to finish cleanly, so the first Ctrl-C aborts.
  const signal = isLive ? io.signal : AbortSignal.any([io.signal, io.stopSignal]);
  const common = {
    output: command.output,
    format: formatFromName(command.codec),
    representations: command.reps.length > 0 ? command.reps.map((r) => parseRepresentationSpec(r)) : ('auto' as const),
    autoRepresentations: { ...(command.heights ? { heights: command.heights } : {}), includeOriginal: !command.excludeOriginal },
    ...(command.audioBitrateBps !== undefined ? { audioBitrateBps: command.audioBitrateBps } : {}),
    ...(command.segmentSeconds !== undefined ? { segmentDurationSeconds: command.segmentSeconds } : {}),
    ...(live !== undefined ? { live } : {}),
    signal,
  };
  const resolved =
    command.command === 'hls'
      ? resolveHlsOptions({
          ...common,
          ...(command.fmp4 ? { segmentType: 'fmp4' as const } : {}),
          ...(command.encryption ? { encryption: await cliEncryptionOptions(command.encryption, command.upload) } : {}),
        })
      : resolveDashOptions({ ...common, generateHlsPlaylist: command.hlsPlaylist });
  const follow = { json: command.json, isLive, ...(isLive ? { stopSignal: io.stopSignal } : {}) };
  const job$ = runPackageJob(source, resolved);
  if (command.upload === undefined) return followEvents(job$, io, follow);
  return publish(job$, command.upload, signal, io, follow);
}

/** `--to`: uploads every file to each destination while encoding; closes the sinks whatever the outcome. */
async function publish(job$: Observable<PackagingEvent>, upload: CliUpload, signal: AbortSignal, io: PackagingIo, follow: { json: boolean; isLive: boolean; stopSignal?: AbortSignal }): Promise<number> {
  const env = io.env ?? process.env;
  const sinks = await Promise.all(upload.to.map((to) => sinkFromUrl(to, { s3Endpoint: upload.s3Endpoint, gcsEndpoint: upload.gcsEndpoint, headers: upload.headers, env })));
  try {
    // A graceful stop lets the uploads finish: only a hard abort (`signal`) cancels them.
    const events$ = job$.pipe(watchOutput(), uploadTo(sinks, { signal, deleteRemoved: upload.deleteRemoved }));
    return await followEvents(events$, io, { ...follow, tally: new UploadTally(sinks.map((s) => s.name)) });
  } finally {
    await Promise.allSettled(sinks.map(async (sink) => sink.close?.()));
  }
}
