import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { concat, defer, from, map, switchMap, type Observable } from 'rxjs';
import type { MediaInput } from '../contracts/media-input.js';
import type { PackagingEvent } from '../contracts/packaging-event.js';
import { InputError, InvalidOptionError } from '../errors.js';
import { assertEncoders, resolveFfmpegPath, type BinaryOptions } from '../ffmpeg/locate-ffmpeg.js';
import { runFfmpeg } from '../ffmpeg/run-ffmpeg.js';
import { Formats } from '../format/formats.js';
import type { VideoFormat } from '../format/video-format.js';
import { buildMp4Args, decideMp4 } from '../plan/mp4-args.js';
import { probe } from '../probe/probe.js';
import { prepareOutputDir } from './output-dir.js';
import { probeInputOptions, withOpenedInput } from './open-media-input.js';

/** Options of a stream-to-file (MP4) job. */
export interface ConvertOptions extends BinaryOptions {
  /** The MP4 to write; its directory is created if missing. */
  readonly output: string;
  /** Codecs used for streams that cannot be copied into an MP4 as they are. @default Formats.h264() */
  readonly format?: VideoFormat;
  /** Stops ffmpeg; the partial file is removed. */
  readonly signal?: AbortSignal;
  /** Wait between SIGTERM and SIGKILL. @default 5000 */
  readonly killGraceMs?: number;
}

/**
 * One input (a file, a URL, an HLS or DASH manifest) to one MP4, as a cold Observable of events.
 * Streams that fit an MP4 are remuxed, the rest transcoded. ffmpeg writes a hidden temporary file that is
 * renamed into place only on success, so a half-written MP4 is never left under the requested name.
 */
export function runConvertJob(source: MediaInput, options: ConvertOptions): Observable<PackagingEvent> {
  if (typeof options.output !== 'string' || extname(options.output).toLowerCase() !== '.mp4') {
    throw new InvalidOptionError('output', 'a path ending in .mp4', options.output);
  }
  const format = options.format ?? Formats.h264();
  // The input (a signed URL or a temporary download of a cloud object) stays open until the job ends.
  return withOpenedInput(source, options.signal, (input) => convertOpened(input, options, format));
}

function convertOpened(input: MediaInput, options: ConvertOptions, format: VideoFormat): Observable<PackagingEvent> {
  return defer(() =>
    from(
      (async () => {
        const startedAt = performance.now();
        await assertEncoders([], options);
        await prepareOutputDir(dirname(options.output));
        const info = await probe(input.uri, { ...options, inputOptions: probeInputOptions(input.inputOptions) });
        if (!info.video && !info.audio) throw new InputError('NO_MEDIA_STREAMS', input.uri, `"${input.label}" has no video or audio stream to write.`);
        const decision = decideMp4(info);
        await assertEncoders([...(info.video && !decision.copyVideo ? [format.videoEncoder] : []), ...(info.audio && !decision.copyAudio ? [format.audioEncoder] : [])], options);
        const temp = join(dirname(options.output), `.${basename(options.output)}.partial.mp4`);
        return { startedAt, info, temp, args: buildMp4Args([...input.inputOptions, '-i', input.uri], info, format, temp) };
      })(),
    ),
  ).pipe(
    switchMap((job) => {
      let argv: readonly string[] = [];
      const encode$ = runFfmpeg(job.args, {
        ffmpegPath: resolveFfmpegPath(options),
        durationMs: job.info.durationSeconds !== null ? job.info.durationSeconds * 1000 : null,
        signal: options.signal,
        killGraceMs: options.killGraceMs ?? 5000,
        onExit: async (ok) => {
          if (!ok) await rm(job.temp, { force: true });
        },
      }).pipe(
        map((e): PackagingEvent => {
          if (e.type === 'started') {
            argv = e.argv;
            return {
              type: 'start',
              input: input.label,
              argv: e.argv,
              pid: e.pid,
              layout: { format: 'mp4', outDir: dirname(options.output), slug: basename(options.output), renditions: [], segmentExtension: 'mp4', isLive: false },
            };
          }
          return { type: 'progress', progress: e.progress };
        }),
      );
      const done$ = defer(async (): Promise<PackagingEvent> => {
        await rename(job.temp, options.output);
        const { size } = await stat(options.output);
        return {
          type: 'done',
          result: {
            format: 'mp4',
            outDir: dirname(options.output),
            manifestPath: options.output,
            manifests: [],
            files: [{ key: basename(options.output), localPath: options.output, kind: 'media', contentType: 'video/mp4', bytes: size }],
            presentation: null,
            hlsMasterPath: null,
            argv,
            elapsedMs: Math.round(performance.now() - job.startedAt),
          },
        };
      });
      return concat(encode$, done$);
    }),
  );
}
