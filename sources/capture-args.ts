import type { MediaInputPart } from '../lib/contracts/media-input.js';
import { InvalidOptionError, PackagerError } from '../lib/errors.js';

/** What is captured: a camera (webcam, capture card) or the screen. */
export type CaptureKind = 'camera' | 'screen';

/** Everything {@link captureInputs} needs; see `FromCaptureOptions` for each field. */
export interface CaptureSpec {
  readonly kind: CaptureKind;
  readonly device: string;
  readonly audioDevice?: string;
  readonly size?: string;
  readonly frameRate?: number;
  readonly platform: NodeJS.Platform;
  readonly inputOptions?: readonly string[];
}

/** The ffmpeg inputs of one capture: the video (input 0) and, when the microphone is a device of its own, the audio (input 1). */
export interface CaptureInputs {
  /** ffmpeg input device (`-f`) of the video: `v4l2`, `x11grab`, `avfoundation`, `dshow` or `gdigrab`. */
  readonly format: string;
  readonly video: MediaInputPart;
  /** True when `video` also carries the audio (avfoundation `video:audio`, dshow `video=…:audio=…`). */
  readonly hasAudioInVideo: boolean;
  /** The separate audio input (Linux PulseAudio/ALSA, Windows screen capture with dshow audio). */
  readonly audio?: MediaInputPart & { readonly format: string; readonly device: string };
}

/** Capture kinds per platform, and the ffmpeg device that does each. */
const SUPPORT: Readonly<Partial<Record<NodeJS.Platform, Readonly<Record<CaptureKind, string>>>>> = {
  linux: { camera: 'v4l2', screen: 'x11grab' },
  darwin: { camera: 'avfoundation', screen: 'avfoundation' },
  win32: { camera: 'dshow', screen: 'gdigrab' },
};

/**
 * ffmpeg's capture inputs drop frames when their packet queue (8 by default) fills while the encoder warms up;
 * 512 rides out a slow start.
 */
const QUEUE = ['-thread_queue_size', '512'];

/** Pure: the capture kinds `platform` supports (empty when none). */
export function supportedCaptureKinds(platform: NodeJS.Platform): readonly CaptureKind[] {
  const support = SUPPORT[platform];
  return support === undefined ? [] : (Object.keys(support) as CaptureKind[]);
}

/**
 * Pure: the ffmpeg input(s) that capture `spec.device` on `spec.platform`:
 * - Linux: camera `-f v4l2 -i /dev/videoN` (`'0'` means `/dev/video0`), screen `-f x11grab -i :0.0` (an X display,
 *   optionally `+X,Y`); audio is a second input, `pulse:NAME` (`-f pulse -i NAME`, the default for a bare name)
 *   or `alsa:NAME` (`-f alsa -i hw:0`);
 * - macOS: `-f avfoundation -i VIDEO:AUDIO` (index or name; `none` without audio), 30 fps unless told (avfoundation's
 *   default 29.97 is refused by most cameras); screens are avfoundation video devices ("Capture screen 0");
 * - Windows: camera `-f dshow -i video=NAME[:audio=NAME]`; screen `-f gdigrab -i desktop` (or `title=Window`), with
 *   the audio as a second `dshow` input.
 * `size` (`WxH`) becomes `-video_size`, `frameRate` `-framerate`; `-thread_queue_size 512` precedes every input;
 * `inputOptions` come last, before the video's `-i`.
 *
 * Throws `UNSUPPORTED` when the platform cannot capture `kind` (naming what it can), `INVALID_OPTION` for a
 * malformed device, size or frame rate.
 *
 * @example
 * captureInputs({ kind: 'screen', device: ':1', size: '1280x720', frameRate: 30, platform: 'linux' }).video;
 * // → { uri: ':1', inputOptions: ['-thread_queue_size', '512', '-f', 'x11grab', '-video_size', '1280x720', '-framerate', '30'] }
 */
export function captureInputs(spec: CaptureSpec): CaptureInputs {
  const format = SUPPORT[spec.platform]?.[spec.kind];
  if (format === undefined) throw unsupported(spec.kind, spec.platform);
  if (typeof spec.device !== 'string' || spec.device.trim() === '') {
    throw new InvalidOptionError('device', 'a device name (see `ffstream devices`)', spec.device);
  }
  const frameRate = spec.frameRate ?? (format === 'avfoundation' ? 30 : undefined);
  const common = [...sizeArgs(spec.size), ...rateArgs(frameRate)];
  const extra = spec.inputOptions ?? [];
  const audioDevice = spec.audioDevice === undefined || spec.audioDevice === '' ? undefined : spec.audioDevice;

  switch (format) {
    case 'v4l2': {
      const uri = /^\d+$/u.test(spec.device) ? `/dev/video${spec.device}` : spec.device;
      // Wall-clock timestamps (the kernel's are monotonic), like PulseAudio's and ALSA's: see `linuxAudio`.
      const clock = audioDevice === undefined ? [] : ['-timestamps', 'abs'];
      return withAudio(format, { uri, inputOptions: [...QUEUE, '-f', 'v4l2', ...clock, ...common, ...extra] }, audioDevice && linuxAudio(audioDevice));
    }
    case 'x11grab': {
      if (!/^[\w.-]*:\d+(\.\d+)?(\+\d+,\d+)?$/u.test(spec.device)) {
        throw new InvalidOptionError('device', 'an X display such as ":0", ":0.0" or ":0.0+100,200" (see `ffstream devices`)', spec.device);
      }
      return withAudio(format, { uri: spec.device, inputOptions: [...QUEUE, '-f', 'x11grab', ...common, ...extra] }, audioDevice && linuxAudio(audioDevice));
    }
    case 'avfoundation': {
      const cursor = spec.kind === 'screen' ? ['-capture_cursor', '1'] : [];
      return {
        format,
        video: { uri: `${spec.device}:${audioDevice ?? 'none'}`, inputOptions: [...QUEUE, '-f', 'avfoundation', ...cursor, ...common, ...extra] },
        hasAudioInVideo: audioDevice !== undefined,
      };
    }
    case 'dshow': {
      const uri = `video=${spec.device}${audioDevice === undefined ? '' : `:audio=${audioDevice}`}`;
      // dshow drops frames once its real-time buffer (3 MB by default) fills; a few seconds of 1080p need more.
      return { format, video: { uri, inputOptions: [...QUEUE, '-f', 'dshow', '-rtbufsize', '256M', ...common, ...extra] }, hasAudioInVideo: audioDevice !== undefined };
    }
    case 'gdigrab': {
      const audio = audioDevice === undefined ? undefined : { format: 'dshow', device: audioDevice, uri: `audio=${audioDevice}`, inputOptions: [...QUEUE, '-f', 'dshow'] };
      return withAudio(format, { uri: spec.device, inputOptions: [...QUEUE, '-f', 'gdigrab', ...common, ...extra] }, audio);
    }
    default:
      throw unsupported(spec.kind, spec.platform);
  }
}

/** The `UNSUPPORTED` error for a kind the platform cannot capture, naming what every platform can. */
export function unsupported(kind: string, platform: string): PackagerError {
  const here = supportedCaptureKinds(platform as NodeJS.Platform);
  return new PackagerError(
    'UNSUPPORTED',
    `Capturing a ${kind} is not supported on ${platform}` +
      `${here.length > 0 ? ` (it supports: ${here.join(', ')})` : ' (it supports no capture kind)'}. ` +
      'Supported: linux (camera: v4l2, screen: x11grab), darwin (camera and screen: avfoundation), win32 (camera: dshow, screen: gdigrab). ' +
      'Capture on a supported system and send the stream here with fromUrl (rtmp://, srt://), or package a recorded file.',
  );
}

function withAudio(format: string, video: MediaInputPart, audio: CaptureInputs['audio'] | undefined | '' | false): CaptureInputs {
  return audio ? { format, video, hasAudioInVideo: false, audio } : { format, video, hasAudioInVideo: false };
}

/**
 * A Linux microphone (`pulse:NAME`, `alsa:NAME`, or a bare NAME: PulseAudio, which PipeWire also serves) as ffmpeg's second input, synchronised with the video by `-isync 0`. ffmpeg starts each input's
 * timestamps at zero on its own, so an audio device opened ~0.6 s after the video (ffmpeg probes the video first)
 * would be heard 0.6 s early; x11grab, v4l2 with `-timestamps abs`, PulseAudio and ALSA all stamp with the wall
 * clock, and `-isync 0` offsets the audio by the real difference between the two starts.
 */
function linuxAudio(audioDevice: string): NonNullable<CaptureInputs['audio']> {
  const match = /^(pulse|alsa):(.+)$/u.exec(audioDevice);
  const format = match?.[1] ?? 'pulse';
  const device = match?.[2] ?? audioDevice;
  return { format, device, uri: device, inputOptions: [...QUEUE, '-f', format, '-isync', '0'] };
}

function sizeArgs(size: string | undefined): string[] {
  if (size === undefined) return [];
  if (typeof size !== 'string' || !/^[1-9]\d{0,4}x[1-9]\d{0,4}$/u.test(size)) throw new InvalidOptionError('size', 'a size such as "1280x720"', size);
  return ['-video_size', size];
}

function rateArgs(frameRate: number | undefined): string[] {
  if (frameRate === undefined) return [];
  if (typeof frameRate !== 'number' || !Number.isFinite(frameRate) || frameRate <= 0 || frameRate > 240) {
    throw new InvalidOptionError('frameRate', 'a number of frames per second between 0 and 240', frameRate);
  }
  return ['-framerate', String(frameRate)];
}
