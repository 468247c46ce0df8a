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

/**
 * Pure: a device list as text for people, as `ffstream devices` prints it: one line per device, name first (what to
 * pass to `fromCapture` or as `audioDevice`), then its kind and description.
 *
 * @example
 * describeCaptureDevices({ platform: 'linux', video: [{ name: ':0', kind: 'screen', description: 'X display :0' }], audio: [] });
 * // → 'Video devices (fromCapture(name, { kind })):\n  :0  screen  X display :0\nAudio devices (audioDevice): none found\n'
 */
export function describeCaptureDevices(list: CaptureDeviceList): string {
  const width = Math.max(0, ...[...list.video, ...list.audio].map((d) => d.name.length));
  const line = (d: CaptureDevice): string => `  ${d.name.padEnd(width)}  ${d.kind.padEnd(6)}  ${d.description}\n`;
  const section = (title: string, devices: readonly CaptureDevice[]): string =>
    devices.length === 0 ? `${title}: none found\n` : `${title}:\n${devices.map(line).join('')}`;
  const text = section('Video devices (fromCapture(name, { kind }))', list.video) + section('Audio devices (audioDevice)', list.audio);
  const hint = EMPTY_HINT[list.platform];
  return list.video.length === 0 && hint !== undefined ? `${text}${hint}\n` : text;
}

const EMPTY_HINT: Readonly<Partial<Record<NodeJS.Platform, string>>> = {
  linux: 'No camera (/dev/video*) and no X display found: plug a camera in (and check the `video` group), or set DISPLAY / start an X server (under Wayland, XWayland).',
  darwin: 'ffmpeg listed no avfoundation device: check that ffmpeg was built with avfoundation and that the terminal may use the camera and record the screen (System Settings → Privacy & Security).',
  win32: 'ffmpeg listed no DirectShow device: check that a camera is connected and that ffmpeg was built with dshow.',
};
