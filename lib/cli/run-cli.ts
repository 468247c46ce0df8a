import type { Writable } from 'node:stream';
import type { Observable } from 'rxjs';
import type { PackagingEvent } from '../contracts/packaging-event.js';
import type { UploadEvent } from '../contracts/upload-event.js';
import { uploadTo } from '../../operators/upload-to.js';
import { watchOutput } from '../../operators/watch-output.js';
import { UploadTally, formatBytes } from '../upload/upload-tally.js';
import { sinkFromUrl } from './sink-from-url.js';
import { cliEncryptionOptions } from './cli-encryption.js';
import { isPackagerError } from '../errors.js';
import { formatFromName } from '../format/format-from-name.js';
import { parseRepresentationSpec } from '../format/parse-representation-spec.js';
import { isUrlInput } from '../probe/is-url-input.js';
import { probe } from '../probe/probe.js';
import { fileInput } from '../../sources/from-file.js';
import { urlInput } from '../../sources/from-url.js';
import { describeCaptureDevices, listCaptureDevices } from '../../sources/list-capture-devices.js';
import { runPackageJob } from '../job/run-package-job.js';
import { runConvertJob } from '../job/run-convert-job.js';
import { resolveDashOptions, resolveHlsOptions } from '../options/package-options.js';
import { verify } from '../verify/verify.js';
import { parseCliArgs, USAGE, type CliCommand, type CliUpload } from './parse-cli-args.js';
import { printVerifyReport } from './print-verify-report.js';
import { renderProgressLine } from './progress-bar.js';

/** Where the CLI writes, and the signal that stops it (Ctrl-C). Injected so tests can drive it. */
export interface CliIo {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly signal: AbortSignal;
  readonly version: string;
}

/**
 * Runs one `ffstream` command; resolves with the process exit code (0 ok, 1 failed, 2 bad usage, 130 interrupted).
 * `verify` exits 1 when a rule broke and 2 when the target cannot be verified at all.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    return reportError(error, argv.includes('--json'), io, 2);
  }
  try {
    switch (command.command) {
      case 'help':
        io.stdout.write(`${USAGE}\n`);
        return 0;
      case 'version':
        io.stdout.write(`${io.version}\n`);
        return 0;
      case 'probe': {
        const info = await probe(command.input, { signal: io.signal });
        if (command.json) io.stdout.write(`${JSON.stringify({ ...info, raw: undefined })}\n`);
        else io.stdout.write(describeMedia(info));
        return 0;
      }
      case 'devices': {
        const list = await listCaptureDevices({ signal: io.signal });
        io.stdout.write(command.json ? `${JSON.stringify(list)}\n` : describeCaptureDevices(list));
        return 0;
      }
      case 'verify': {
        const report = await verify(command.input, { signal: io.signal });
        if (command.json) io.stdout.write(`${JSON.stringify(report)}\n`);
        else printVerifyReport(report, io.stdout);
        return report.ok ? 0 : 1;
      }
      case 'convert': {
        const source = toInput(command.input);
        return await follow(runConvertJob(source, { output: command.output, format: formatFromName(command.codec), signal: io.signal }), command.json, io);
      }
      case 'hls':
      case 'dash': {
        const source = toInput(command.input);
        const common = {
          output: command.output,
          format: formatFromName(command.codec),
          representations: command.reps.length > 0 ? command.reps.map((r) => parseRepresentationSpec(r)) : ('auto' as const),
          autoRepresentations: { ...(command.heights ? { heights: command.heights } : {}), includeOriginal: !command.excludeOriginal },
          ...(command.audioBitrateBps !== undefined ? { audioBitrateBps: command.audioBitrateBps } : {}),
          ...(command.segmentSeconds !== undefined ? { segmentDurationSeconds: command.segmentSeconds } : {}),
          signal: io.signal,
        };
        const resolved =
          command.command === 'hls'
            ? resolveHlsOptions({
                ...common,
                ...(command.fmp4 ? { segmentType: 'fmp4' as const } : {}),
                ...(command.encryption ? { encryption: await cliEncryptionOptions(command.encryption, command.upload) } : {}),
              })
            : resolveDashOptions({ ...common, generateHlsPlaylist: command.hlsPlaylist });
        if (command.upload !== undefined) return await publish(runPackageJob(source, resolved), command.upload, command.json, io);
        return await follow(runPackageJob(source, resolved), command.json, io);
      }
    }
  } catch (error) {
    return reportError(error, 'json' in command && command.json, io, io.signal.aborted ? 130 : isPackagerError(error) && ['INVALID_OPTION', 'UNKNOWN_CODEC', 'INVALID_REPRESENTATION', 'VERIFY_INPUT_INVALID'].includes(error.code) ? 2 : 1);
  }
}

function toInput(pathOrUrl: string) {
  return isUrlInput(pathOrUrl) ? urlInput(pathOrUrl) : fileInput(pathOrUrl);
}

/** `--to`: uploads every file to each destination while encoding; closes the sinks whatever the outcome. */
async function publish(job$: Observable<PackagingEvent>, upload: CliUpload, json: boolean, io: CliIo): Promise<number> {
  const sinks = await Promise.all(upload.to.map((to) => sinkFromUrl(to, { s3Endpoint: upload.s3Endpoint, gcsEndpoint: upload.gcsEndpoint, headers: upload.headers })));
  try {
    return await follow(job$.pipe(watchOutput(), uploadTo(sinks, { signal: io.signal })), json, io, new UploadTally(sinks.map((s) => s.name)));
  } finally {
    await Promise.allSettled(sinks.map(async (sink) => sink.close?.()));
  }
}

async function follow(events$: Observable<PackagingEvent | UploadEvent>, json: boolean, io: CliIo, tally?: UploadTally): Promise<number> {
  const tty = !json && io.stderr.isTTY === true;
  let lastLine = '';
  await new Promise<void>((resolve, reject) => {
    events$.subscribe({
      next: (event) => {
        if (json) {
          io.stdout.write(`${JSON.stringify(event)}\n`);
          return;
        }
        if (tally?.add(event)) {
          if (tty && lastLine) io.stderr.write(`\r${lastLine}  ${tally.describe()}\u001b[K`);
          return;
        }
        if (event.type === 'progress' && tty) {
          lastLine = renderProgressLine(event.progress);
          io.stderr.write(`\r${lastLine}${tally ? `  ${tally.describe()}` : ''}\u001b[K`);
        } else if (event.type === 'done') {
          if (tty && lastLine) io.stderr.write('\n');
          const r = event.result;
          const rungs = r.presentation?.renditions.filter((x) => x.type === 'video').length ?? 0;
          io.stdout.write(`Wrote ${r.manifestPath}${rungs ? ` (${rungs} video rendition${rungs > 1 ? 's' : ''})` : ''}, ${r.files.length} files in ${(r.elapsedMs / 1000).toFixed(1)} s\n`);
          if (r.hlsMasterPath) io.stdout.write(`Wrote ${r.hlsMasterPath}\n`);
          for (const s of tally?.summary() ?? []) {
            io.stdout.write(`Uploaded ${s.files} file${s.files === 1 ? '' : 's'} (${formatBytes(s.bytes)}) to ${s.sink}${s.retries > 0 ? `, after ${s.retries} retries` : ''}\n`);
          }
        }
      },
      error: (error: unknown) => {
        if (tty && lastLine) io.stderr.write('\n');
        reject(error);
      },
      complete: resolve,
    });
  });
  return 0;
}

function reportError(error: unknown, json: boolean, io: CliIo, exitCode: number): number {
  const code = isPackagerError(error) ? error.code : 'INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  if (json) io.stdout.write(`${JSON.stringify({ type: 'error', code, message })}\n`);
  else io.stderr.write(`ffstream: ${code === 'INVALID_OPTION' || code === 'ABORTED' ? '' : `${code}: `}${firstLine(message)}\n${restLines(message)}`);
  return code === 'ABORTED' ? 130 : exitCode;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
function restLines(text: string): string {
  const rest = text.split('\n').slice(1).join('\n');
  return rest ? `${rest}\n` : '';
}

function describeMedia(info: Awaited<ReturnType<typeof probe>>): string {
  const lines = [`${info.input}`, `  format: ${info.formatName}, duration: ${info.durationSeconds?.toFixed(3) ?? 'unknown'} s, bitrate: ${info.bitrateBps ?? 'unknown'} b/s`];
  for (const s of info.streams) {
    if (s.type === 'video') lines.push(`  video #${s.index}: ${s.codecName} ${s.width}x${s.height} ${s.frameRate?.toFixed(3) ?? '?'} fps ${s.pixelFormat ?? ''}${s.rotationDegrees ? ` rotated ${s.rotationDegrees}°` : ''}, ${s.bitrateBps ?? 'unknown'} b/s`);
    else if (s.type === 'audio') lines.push(`  audio #${s.index}: ${s.codecName} ${s.channels} ch ${s.sampleRateHz} Hz, ${s.bitrateBps ?? 'unknown'} b/s, language ${s.language}`);
    else lines.push(`  ${s.type} #${s.index}: ${s.codecName ?? ''}`);
  }
  return `${lines.join('\n')}\n`;
}
