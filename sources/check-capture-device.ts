import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { execa } from 'execa';
import type { MediaInputPart } from '../lib/contracts/media-input.js';
import { AbortedError, InputError } from '../lib/errors.js';
import { resolveFfprobePath, type BinaryOptions } from '../lib/ffmpeg/locate-ffmpeg.js';
import { probeInputOptions } from '../lib/job/open-media-input.js';
import type { CaptureInputs, CaptureKind } from './capture-args.js';
import { listCaptureDevices } from './list-capture-devices.js';
import type { CaptureDevice } from './parse-device-list.js';

/** What {@link checkCaptureDevice} checks. */
export interface CaptureCheck extends BinaryOptions {
  readonly kind: CaptureKind;
  readonly device: string;
  readonly audioDevice?: string;
  readonly platform: NodeJS.Platform;
  readonly inputs: CaptureInputs;
  readonly signal: AbortSignal;
}

const HOW_TO_LIST = 'Run `ffstream devices` (or `listCaptureDevices()`) to see the devices ffmpeg can open here.';
const PROBE_TIMEOUT_MS = 15_000;

/**
 * Checks, before any encoder starts, that the devices of a capture exist and can be opened, so a wrong name fails
 * at once with `INPUT_NOT_FOUND` naming the device, instead of as an ffmpeg exit halfway through a job.
 *
 * - Linux camera: the `/dev/videoN` node exists (`INPUT_NOT_FOUND`), is a device (`INPUT_UNREADABLE`) and may be
 *   opened by this user (`INPUT_FORBIDDEN`: join the `video` group);
 * - Linux screen, and PulseAudio/ALSA/dshow audio inputs: ffprobe opens them (an X display that does not answer is
 *   `INPUT_NOT_FOUND`);
 * - macOS and Windows cameras: the name or index is among the devices ffmpeg lists (when it lists any).
 * Nothing is checked for a `platform` other than the running one. Aborting rejects with `ABORTED`.
 */
export async function checkCaptureDevice(check: CaptureCheck): Promise<void> {
  if (check.platform !== process.platform) return;
  const { inputs } = check;
  if (inputs.format === 'v4l2') await checkDeviceNode(inputs.video.uri);
  if (inputs.format === 'x11grab') await checkOpens(inputs.video, `The X display "${check.device}"`, check, /Cannot open display|Can't open display|could not connect/iu);
  if (inputs.format === 'avfoundation' || inputs.format === 'dshow') await checkListed(check);
  if (inputs.audio) await checkOpens(inputs.audio, `The audio device "${check.audioDevice ?? inputs.audio.device}" (${inputs.audio.format})`, check, /./u);
}

async function checkDeviceNode(path: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (cause) {
    throw new InputError('INPUT_NOT_FOUND', path, `No camera at "${path}": the device does not exist. Plug the camera in, or pick another one. ${HOW_TO_LIST}`, { cause });
  }
  if (!info.isCharacterDevice()) {
    throw new InputError('INPUT_UNREADABLE', path, `"${path}" is not a video device (it is not a character device). Pass a /dev/videoN node. ${HOW_TO_LIST}`);
  }
  try {
    await access(path, constants.R_OK | constants.W_OK);
  } catch (cause) {
    throw new InputError(
      'INPUT_FORBIDDEN',
      path,
      `This user may not open the camera "${path}" (${(cause as NodeJS.ErrnoException).code ?? 'EACCES'}). Add the user to the group that owns it (usually \`video\`: \`sudo usermod -aG video $USER\`, then log in again).`,
      { cause },
    );
  }
}

/** Opens `part` with ffprobe; a failure matching `notFound` is INPUT_NOT_FOUND, any other INPUT_UNREADABLE, both with ffprobe's words. */
async function checkOpens(part: MediaInputPart, what: string, check: CaptureCheck, notFound: RegExp): Promise<void> {
  // Opening is all this checks: a short analysis (0.1 s) instead of ffprobe's default, which on a 10 fps screen takes 2 s.
  const argv = ['-v', 'error', '-analyzeduration', '100000', ...probeInputOptions(part.inputOptions), '-i', part.uri, '-show_entries', 'stream=codec_type', '-of', 'csv'];
  const result = await execa(resolveFfprobePath(check), argv, {
    reject: false,
    stdin: 'ignore',
    timeout: PROBE_TIMEOUT_MS,
    cancelSignal: check.signal,
    windowsHide: true,
  });
  if (check.signal.aborted) throw new AbortedError(`Checking the capture device "${part.uri}" was aborted.`, { cause: check.signal.reason });
  // A timeout proves nothing either way (a slow device); ffmpeg itself will tell.
  if (!result.failed || result.timedOut) return;
  const code = (result.cause as NodeJS.ErrnoException | undefined)?.code;
  if (result.exitCode === undefined && (code === 'ENOENT' || code === 'EACCES')) return; // no ffprobe: the job's own checks report it
  const words = lastLines(String(result.stderr ?? ''));
  const said = words === '' ? `ffprobe exited with code ${String(result.exitCode)}` : `ffprobe said: ${words}`;
  if (notFound.test(words)) {
    throw new InputError('INPUT_NOT_FOUND', part.uri, `${what} cannot be opened: ${said}. Check that it exists and that this process may use it. ${HOW_TO_LIST}`);
  }
  throw new InputError('INPUT_UNREADABLE', part.uri, `${what} cannot be captured as asked: ${said}. ${HOW_TO_LIST}`);
}

/** macOS/Windows: the device must be among those ffmpeg lists. An empty listing (no device support) proves nothing. */
async function checkListed(check: CaptureCheck): Promise<void> {
  const listed = await listCaptureDevices({ platform: check.platform, signal: check.signal, ...(check.ffmpegPath === undefined ? {} : { ffmpegPath: check.ffmpegPath }) });
  if (check.signal.aborted) throw new AbortedError('Checking the capture devices was aborted.', { cause: check.signal.reason });
  const isKnown = (name: string, devices: readonly CaptureDevice[]): boolean =>
    devices.length === 0 || devices.some((d) => d.name === name || d.description === name || name.startsWith('@device'));
  const missing = (label: string, name: string, devices: readonly CaptureDevice[]): InputError =>
    new InputError(
      'INPUT_NOT_FOUND',
      name,
      `No ${label} named "${name}" here. ffmpeg sees: ${devices.map((d) => (d.name === d.description ? `"${d.name}"` : `${d.name} ("${d.description}")`)).join(', ')}. ${HOW_TO_LIST}`,
    );
  if (!isKnown(check.device, listed.video)) throw missing(check.kind, check.device, listed.video);
  if (check.audioDevice !== undefined && check.audioDevice !== '' && !isKnown(check.audioDevice, listed.audio)) throw missing('audio device', check.audioDevice, listed.audio);
}

function lastLines(stderr: string): string {
  return stderr
    .split(/\r?\n/u)
    .map((l) => l.replace(/^\[([^\]@]+?) @ 0x[0-9a-f]+\]\s*/iu, '[$1] ').trim())
    .filter((l) => l !== '')
    .slice(-2)
    .join(' / ');
}
