import { of, type Observable } from 'rxjs';
import type { MediaInput } from '../lib/contracts/media-input.js';
import type { BinaryOptions } from '../lib/ffmpeg/locate-ffmpeg.js';
import { captureInputs, type CaptureKind } from './capture-args.js';
import { checkCaptureDevice } from './check-capture-device.js';

/** Options of {@link fromCapture}. */
export interface FromCaptureOptions extends BinaryOptions {
  /** A camera (webcam, capture card) or the screen. */
  readonly kind: CaptureKind;
  /**
   * The microphone, recorded with the video. Linux: `pulse:NAME` (PulseAudio/PipeWire; a bare name means pulse,
   * `pulse:default` the default source) or `alsa:NAME` (`alsa:hw:0`); macOS: an avfoundation audio index or name;
   * Windows: a DirectShow audio device name. `ffstream devices` lists them. @default undefined (no audio)
   */
  readonly audioDevice?: string;
  /** Capture size, `WxH` (`-video_size`); a screen is cropped from its top-left corner (or from `+X,Y` in the display). @default the device's own */
  readonly size?: string;
  /** Frames per second asked of the device (`-framerate`). @default the device's own (30 on macOS, whose default 29.97 most cameras refuse) */
  readonly frameRate?: number;
  /** The platform whose capture devices to use; only the running one can really capture. @default process.platform */
  readonly platform?: NodeJS.Platform;
  /** More ffmpeg options for the video input, before its `-i` (e.g. `['-input_format', 'mjpeg']` for a v4l2 camera). @default [] */
  readonly inputOptions?: readonly string[];
}

/**
 * A camera or the screen as a live source: emits one {@link MediaInput} (`isLive`) and completes.
 *
 * Use it to package a capture. The device is opened **once** per job, whatever the number of renditions: the
 * job's single ffmpeg splits the frames into every rung, so a camera is never "busy" because a second rendition
 * opened it. Linux uses v4l2 (`/dev/video0`, or `'0'`) and x11grab (an X display such as `:0.0`; under Wayland,
 * XWayland only shows X11 windows), with PulseAudio or ALSA audio; macOS avfoundation; Windows dshow (cameras) and
 * gdigrab (`desktop`). `ffstream devices` / {@link listCaptureDevices} list the names.
 *
 * Cold. A kind the platform cannot capture throws `UNSUPPORTED` at once; a malformed device, size or frame rate
 * `INVALID_OPTION`. When a job opens the input, the device is checked before anything is encoded: a device that
 * does not exist is `INPUT_NOT_FOUND` naming it; a camera this user may not open, `INPUT_FORBIDDEN`.
 *
 * @example
 * fromCapture(':0.0', { kind: 'screen', size: '1280x720', frameRate: 30, audioDevice: 'pulse:default' })
 *   .pipe(packageHls({ output: 'live/master.m3u8' }));
 * captureInput('/dev/video0', { kind: 'camera', platform: 'linux' }).inputOptions;
 * // → ['-thread_queue_size', '512', '-f', 'v4l2']
 */
export function fromCapture(device: string, options: FromCaptureOptions): Observable<MediaInput> {
  return of(captureInput(device, options));
}

/** The {@link MediaInput} of a capture, without an Observable around it. Throws like {@link fromCapture}. */
export function captureInput(device: string, options: FromCaptureOptions): MediaInput {
  const platform = options.platform ?? process.platform;
  const inputs = captureInputs({
    kind: options.kind,
    device,
    platform,
    ...(options.audioDevice === undefined ? {} : { audioDevice: options.audioDevice }),
    ...(options.size === undefined ? {} : { size: options.size }),
    ...(options.frameRate === undefined ? {} : { frameRate: options.frameRate }),
    ...(options.inputOptions === undefined ? {} : { inputOptions: options.inputOptions }),
  });
  const { video, audio } = inputs;
  return {
    kind: 'capture',
    uri: video.uri,
    inputOptions: video.inputOptions,
    isLive: true,
    label: options.kind,
    ...(audio === undefined ? {} : { audioInput: { uri: audio.uri, inputOptions: audio.inputOptions } }),
    open: async (signal) => {
      await checkCaptureDevice({
        kind: options.kind,
        device,
        platform,
        inputs,
        signal,
        ...(options.audioDevice === undefined ? {} : { audioDevice: options.audioDevice }),
        ...(options.ffmpegPath === undefined ? {} : { ffmpegPath: options.ffmpegPath }),
        ...(options.ffprobePath === undefined ? {} : { ffprobePath: options.ffprobePath }),
      });
      return { uri: video.uri, inputOptions: video.inputOptions, release: () => Promise.resolve() };
    },
  };
}
