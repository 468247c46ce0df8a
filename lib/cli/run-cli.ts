import type { Writable } from 'node:stream';
import { isPackagerError } from '../errors.js';
import { formatFromName } from '../format/format-from-name.js';
import { probe } from '../probe/probe.js';
import { describeCaptureDevices, listCaptureDevices } from '../../sources/list-capture-devices.js';
import { openMediaInput, probeInputOptions } from '../job/open-media-input.js';
import { runConvertJob } from '../job/run-convert-job.js';
import { verify } from '../verify/verify.js';
import { describeMedia } from './describe-media.js';
import { followEvents } from './follow-events.js';
import { parseCliArgs, USAGE, type CliCommand } from './parse-cli-args.js';
import { printVerifyReport } from './print-verify-report.js';
import { runPackagingCommand } from './run-packaging-command.js';
import { sourceFromCli } from './source-from-cli.js';
import type { CliSource } from './cli-source.js';

/** Where the CLI writes, and the signals that stop it (Ctrl-C). Injected so tests can drive it. */
export interface CliIo {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  /** Hard abort: ffmpeg is stopped, partial output removed, exit 130 (the second Ctrl-C of a live job). */
  readonly signal: AbortSignal;
  /**
   * Graceful stop (the first Ctrl-C): a live job stops cleanly (final playlists, uploads finished, exit 0); every
   * other command treats it as `signal`. @default never fires
   */
  readonly stopSignal?: AbortSignal;
  readonly version: string;
  /** Where credentials for cloud inputs and destinations are read from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
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
  const stopSignal = io.stopSignal ?? new AbortController().signal;
  // Only a live job finishes cleanly on the first Ctrl-C; everything else aborts.
  const signal = AbortSignal.any([io.signal, stopSignal]);
  try {
    switch (command.command) {
      case 'help':
        io.stdout.write(`${USAGE}\n`);
        return 0;
      case 'version':
        io.stdout.write(`${io.version}\n`);
        return 0;
      case 'probe': {
        const info = await probeSource(command.input, command.source, signal, io.env);
        if (command.json) io.stdout.write(`${JSON.stringify({ ...info, raw: undefined })}\n`);
        else io.stdout.write(describeMedia(info));
        return 0;
      }
      case 'devices': {
        const list = await listCaptureDevices({ signal });
        io.stdout.write(command.json ? `${JSON.stringify(list)}\n` : describeCaptureDevices(list));
        return 0;
      }
      case 'verify': {
        const report = await verify(command.input, { signal });
        if (command.json) io.stdout.write(`${JSON.stringify(report)}\n`);
        else printVerifyReport(report, io.stdout);
        return report.ok ? 0 : 1;
      }
      case 'convert': {
        const source = await sourceFromCli(command.source, io.env);
        return await followEvents(runConvertJob(source, { output: command.output, format: formatFromName(command.codec), signal }), io, { json: command.json });
      }
      case 'hls':
      case 'dash':
        return await runPackagingCommand(command, { stdout: io.stdout, stderr: io.stderr, signal: io.signal, stopSignal, ...(io.env ? { env: io.env } : {}) });
    }
  } catch (error) {
    return reportError(error, 'json' in command && command.json, io, signal.aborted ? 130 : isPackagerError(error) && ['INVALID_OPTION', 'UNKNOWN_CODEC', 'INVALID_REPRESENTATION', 'VERIFY_INPUT_INVALID'].includes(error.code) ? 2 : 1);
  }
}

/** `ffstream probe`: a path or URL as it is; a cloud object is opened (signed URL or download) for the probe, and shown by its display name. */
async function probeSource(text: string, source: CliSource, signal: AbortSignal, env: CliIo['env']): Promise<Awaited<ReturnType<typeof probe>>> {
  if (source.kind === 'file' || source.kind === 'url') return probe(text, { signal });
  const input = await sourceFromCli(source, env);
  const opened = await openMediaInput(input, signal);
  try {
    const info = await probe(opened.uri, { signal, inputOptions: probeInputOptions(opened.inputOptions) });
    return input.open === undefined ? info : { ...info, input: input.uri };
  } finally {
    await opened.release();
  }
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
