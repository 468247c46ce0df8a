import { readdir, readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { resolveFfmpegPath, type BinaryOptions } from '../lib/ffmpeg/locate-ffmpeg.js';
import { parseAlsaCards, parseAvfoundationDevices, parseDshowDevices, parsePactlSources, type CaptureDevice } from './parse-device-list.js';

/** Options of {@link listCaptureDevices}. */
export interface ListCaptureDevicesOptions extends BinaryOptions {
  /** Whose devices to look for; only the running platform's can really be found. @default process.platform */
  readonly platform?: NodeJS.Platform;
  /** Stops the listing commands. @default undefined */
  readonly signal?: AbortSignal;
}

/** What {@link listCaptureDevices} found. */
export interface CaptureDeviceList {
  readonly platform: NodeJS.Platform;
  /** Cameras and screens: pass `name` to `fromCapture(name, { kind })`. */
  readonly video: readonly CaptureDevice[];
  /** Microphones and other audio sources: pass `name` as `audioDevice`. */
  readonly audio: readonly CaptureDevice[];
}

const LIST_TIMEOUT_MS = 10_000;

/**
 * Lists the capture devices ffmpeg can open here, with the names `fromCapture` expects (what `ffstream devices`
 * prints).
 *
 * Use it to pick a device, or to tell a user which ones exist when theirs is missing. Never rejects for a missing
 * tool: what cannot be listed is left out.
 * - Linux: cameras `/dev/video*` (names from sysfs), screens from `DISPLAY` and the X sockets in `/tmp/.X11-unix`,
 *   audio from `pactl list short sources` (`pulse:NAME`, plus `pulse:default`) and `/proc/asound/cards` (`alsa:hw:N`);
 * - macOS: `ffmpeg -f avfoundation -list_devices true -i ""` (names are indexes; screens are "Capture screen N");
 * - Windows: `ffmpeg -f dshow -list_devices true -i dummy`, plus the `desktop` screen (gdigrab);
 * - anything else: nothing.
 *
 * @example
 * const { video, audio } = await listCaptureDevices();
 * // video → [{ name: '/dev/video0', kind: 'camera', description: 'Integrated Camera' }, { name: ':0', kind: 'screen', description: 'X display :0 ($DISPLAY)' }]
 * // audio → [{ name: 'pulse:default', kind: 'audio', description: 'the default PulseAudio source' }]
 */
export async function listCaptureDevices(options: ListCaptureDevicesOptions = {}): Promise<CaptureDeviceList> {
  const platform = options.platform ?? process.platform;
  switch (platform) {
    case 'linux': {
      const [cameras, screens, pulse, alsa] = await Promise.all([v4l2Cameras(), x11Screens(), pulseSources(options), alsaCards()]);
      return { platform, video: [...cameras, ...screens], audio: [...pulse, ...alsa] };
    }
    case 'darwin': {
      const devices = parseAvfoundationDevices(await ffmpegListing(['-f', 'avfoundation', '-list_devices', 'true', '-i', ''], options));
      return { platform, video: devices.filter((d) => d.kind !== 'audio'), audio: devices.filter((d) => d.kind === 'audio') };
    }
    case 'win32': {
      const devices = parseDshowDevices(await ffmpegListing(['-f', 'dshow', '-list_devices', 'true', '-i', 'dummy'], options));
      const desktop: CaptureDevice = { name: 'desktop', kind: 'screen', description: 'the whole desktop (gdigrab; or title=WINDOW TITLE)' };
      return { platform, video: [...devices.filter((d) => d.kind !== 'audio'), desktop], audio: devices.filter((d) => d.kind === 'audio') };
    }
    default:
      return { platform, video: [], audio: [] };
  }
}

async function v4l2Cameras(): Promise<CaptureDevice[]> {
  const names = (await readdir('/dev').catch(() => [] as string[])).filter((n) => /^video\d+$/u.test(n));
  names.sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  return Promise.all(
    names.map(async (n) => {
      const label = (await readFile(`/sys/class/video4linux/${n}/name`, 'utf8').catch(() => '')).trim();
      return { name: `/dev/${n}`, kind: 'camera' as const, description: label || 'V4L2 video device' };
    }),
  );
}

async function x11Screens(): Promise<CaptureDevice[]> {
  const screens = new Map<string, string>();
  const fromEnv = process.env['DISPLAY'];
  if (fromEnv !== undefined && fromEnv !== '') screens.set(fromEnv, `X display ${fromEnv} ($DISPLAY)`);
  const sockets = (await readdir('/tmp/.X11-unix').catch(() => [] as string[])).filter((n) => /^X\d+$/u.test(n));
  sockets.sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  for (const socket of sockets) {
    const display = `:${socket.slice(1)}`;
    if (!screens.has(display) && !screens.has(`${display}.0`)) screens.set(display, `X display ${display}`);
  }
  return [...screens].map(([name, description]) => ({ name, kind: 'screen' as const, description }));
}

async function pulseSources(options: ListCaptureDevicesOptions): Promise<CaptureDevice[]> {
  const result = await execa('pactl', ['list', 'short', 'sources'], {
    reject: false,
    stdin: 'ignore',
    timeout: LIST_TIMEOUT_MS,
    ...(options.signal === undefined ? {} : { cancelSignal: options.signal }),
  }).catch(() => undefined);
  if (result === undefined || result.exitCode !== 0) return [];
  const sources = parsePactlSources(String(result.stdout ?? ''));
  return [{ name: 'pulse:default', kind: 'audio', description: 'the default PulseAudio source' }, ...sources];
}

async function alsaCards(): Promise<CaptureDevice[]> {
  return parseAlsaCards(await readFile('/proc/asound/cards', 'utf8').catch(() => ''));
}

/** ffmpeg prints device lists on stderr and then fails ("Immediate exit requested"): only the text matters. */
async function ffmpegListing(args: readonly string[], options: ListCaptureDevicesOptions): Promise<string> {
  const result = await execa(resolveFfmpegPath(options), ['-hide_banner', ...args], {
    reject: false,
    stdin: 'ignore',
    timeout: LIST_TIMEOUT_MS,
    windowsHide: true,
    ...(options.signal === undefined ? {} : { cancelSignal: options.signal }),
  }).catch(() => undefined);
  return String(result?.stderr ?? '');
}
