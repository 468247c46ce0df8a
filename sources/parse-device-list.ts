/** One capture device as `listCaptureDevices()` reports it. */
export interface CaptureDevice {
  /** What to pass to `fromCapture(name, …)` (video) or as `audioDevice` (audio). */
  readonly name: string;
  /** `camera` and `screen` are video devices; `audio` is a microphone or another audio source. */
  readonly kind: 'camera' | 'screen' | 'audio';
  /** A human-readable description, e.g. `FaceTime HD Camera` or `HDA Intel PCH`. */
  readonly description: string;
}

/**
 * Pure: the devices in ffmpeg's `-f avfoundation -list_devices true -i ""` output (macOS). Names are the indexes,
 * which avfoundation accepts and which never contain the `:` that separates video from audio; screens are the
 * video devices named "Capture screen N".
 *
 * @example
 * parseAvfoundationDevices('[AVFoundation indev @ 0x1] AVFoundation video devices:\n[AVFoundation indev @ 0x1] [0] FaceTime HD Camera\n');
 * // → [{ name: '0', kind: 'camera', description: 'FaceTime HD Camera' }]
 */
export function parseAvfoundationDevices(stderr: string): CaptureDevice[] {
  const devices: CaptureDevice[] = [];
  let section: 'video' | 'audio' | undefined;
  for (const raw of stderr.split(/\r?\n/u)) {
    const line = raw.replace(/^\[[^\]]*@ ?0x[0-9a-f]+\]\s*/iu, '').trim();
    if (/AVFoundation video devices/iu.test(line)) section = 'video';
    else if (/AVFoundation audio devices/iu.test(line)) section = 'audio';
    else {
      const match = /^\[(\d+)\]\s+(.+)$/u.exec(line);
      if (match && section !== undefined) {
        const description = match[2] ?? '';
        const kind = section === 'audio' ? 'audio' : /^Capture screen \d+/iu.test(description) ? 'screen' : 'camera';
        devices.push({ name: match[1] ?? '', kind, description });
      }
    }
  }
  return devices;
}

/**
 * Pure: the devices in ffmpeg's `-f dshow -list_devices true -i dummy` output (Windows), in both formats ffmpeg has
 * printed: since 5.0 `"Name" (video)` / `(audio)` / `(audio, video)` lines; before, section headers
 * ("DirectShow video devices") followed by ` "Name"` lines. "Alternative name" lines are skipped. A device with both
 * media types is listed once per type.
 *
 * @example
 * parseDshowDevices('[dshow @ 000001] "Integrated Camera" (video)\n[dshow @ 000001]   Alternative name "@device_pnp_…"\n');
 * // → [{ name: 'Integrated Camera', kind: 'camera', description: 'Integrated Camera' }]
 */
export function parseDshowDevices(stderr: string): CaptureDevice[] {
  const devices: CaptureDevice[] = [];
  let section: 'video' | 'audio' | undefined;
  for (const raw of stderr.split(/\r?\n/u)) {
    const line = raw.replace(/^\[dshow @ [0-9a-fx]+\]/iu, '').trim();
    if (/^DirectShow video devices/iu.test(line)) section = 'video';
    else if (/^DirectShow audio devices/iu.test(line)) section = 'audio';
    else if (!/^Alternative name/iu.test(line)) {
      const match = /^"(.+)"(?:\s+\(([^)]*)\))?$/u.exec(line);
      if (match) {
        const name = match[1] ?? '';
        const types = match[2] === undefined ? (section === undefined ? [] : [section]) : match[2].split(',').map((t) => t.trim());
        if (types.includes('video')) devices.push({ name, kind: 'camera', description: name });
        if (types.includes('audio')) devices.push({ name, kind: 'audio', description: name });
      }
    }
  }
  return devices;
}

/**
 * Pure: PulseAudio (or PipeWire) sources from `pactl list short sources` (`index  name  driver  spec  state`), as
 * `pulse:NAME`. Monitors of outputs ("what the speakers play") are kept and described as such.
 *
 * @example
 * parsePactlSources('1\talsa_input.usb-mic\tmodule-alsa-card.c\ts16le 1ch 48000Hz\tSUSPENDED\n');
 * // → [{ name: 'pulse:alsa_input.usb-mic', kind: 'audio', description: 'alsa_input.usb-mic (s16le 1ch 48000Hz)' }]
 */
export function parsePactlSources(stdout: string): CaptureDevice[] {
  return stdout
    .split(/\r?\n/u)
    .map((line) => line.split('\t'))
    .filter((fields) => fields.length >= 2 && fields[1] !== undefined && fields[1] !== '')
    .map((fields) => {
      const name = fields[1] ?? '';
      const spec = fields[3] ? ` (${fields[3]})` : '';
      const monitor = name.endsWith('.monitor') ? ', monitor of an output' : '';
      return { name: `pulse:${name}`, kind: 'audio' as const, description: `${name}${spec}${monitor}` };
    });
}

/**
 * Pure: ALSA cards from `/proc/asound/cards` (` 0 [PCH            ]: HDA-Intel - HDA Intel PCH`), as `alsa:hw:N`.
 *
 * @example
 * parseAlsaCards(' 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n                      HDA Intel PCH at 0xf7f10000 irq 33\n');
 * // → [{ name: 'alsa:hw:0', kind: 'audio', description: 'HDA Intel PCH' }]
 */
export function parseAlsaCards(text: string): CaptureDevice[] {
  const devices: CaptureDevice[] = [];
  for (const line of text.split(/\r?\n/u)) {
    const match = /^\s*(\d+)\s+\[[^\]]*\]:\s*(.*?)(?:\s+-\s+(.*))?$/u.exec(line);
    if (match) devices.push({ name: `alsa:hw:${match[1] ?? '0'}`, kind: 'audio', description: (match[3] ?? match[2] ?? '').trim() });
  }
  return devices;
}
