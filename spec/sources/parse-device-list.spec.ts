import { expect } from 'chai';
import { describeCaptureDevices } from '../../sources/list-capture-devices.js';
import { parseAlsaCards, parseAvfoundationDevices, parseDshowDevices, parsePactlSources } from '../../sources/parse-device-list.js';

// The listings below have the exact shapes ffmpeg 5/6 prints (libavdevice/avfoundation.m, dshow.c).
const AVFOUNDATION = `[AVFoundation indev @ 0x7fb2c8f04a40] AVFoundation video devices:
[AVFoundation indev @ 0x7fb2c8f04a40] [0] FaceTime HD Camera
[AVFoundation indev @ 0x7fb2c8f04a40] [1] OBS Virtual Camera
[AVFoundation indev @ 0x7fb2c8f04a40] [2] Capture screen 0
[AVFoundation indev @ 0x7fb2c8f04a40] AVFoundation audio devices:
[AVFoundation indev @ 0x7fb2c8f04a40] [0] MacBook Pro Microphone
[AVFoundation indev @ 0x7fb2c8f04a40] [1] ZoomAudioDevice
: Input/output error
`;

const DSHOW_MODERN = `[dshow @ 000001f2a1b2c3d0] "Integrated Camera" (video)
[dshow @ 000001f2a1b2c3d0]   Alternative name "@device_pnp_\\\\?\\usb#vid_04f2&pid_b6d9&mi_00#6&1e3c0a1&0&0000#{65e8773d-8f56-11d0-a3b9-00a0c9223196}\\global"
[dshow @ 000001f2a1b2c3d0] "OBS Virtual Camera" (none)
[dshow @ 000001f2a1b2c3d0]   Alternative name "@device_sw_{860BB310-5D01-11D0-BD3B-00A0C911CE86}\\{A3FCE0F5-3493-419F-958A-ABA1250EC20B}"
[dshow @ 000001f2a1b2c3d0] "Game Capture HD60 S" (audio, video)
[dshow @ 000001f2a1b2c3d0]   Alternative name "@device_pnp_x"
[dshow @ 000001f2a1b2c3d0] "Microphone Array (Realtek(R) Audio)" (audio)
[dshow @ 000001f2a1b2c3d0]   Alternative name "@device_cm_{33D9A762-90C8-11D0-BD43-00A0C911CE86}\\wave_{0A1B}"
dummy: Immediate exit requested
`;

const DSHOW_LEGACY = `[dshow @ 0000000000434f00] DirectShow video devices (some may be both video and audio devices)
[dshow @ 0000000000434f00]  "USB2.0 HD UVC WebCam"
[dshow @ 0000000000434f00]     Alternative name "@device_pnp_\\\\?\\usb#vid_13d3"
[dshow @ 0000000000434f00] DirectShow audio devices
[dshow @ 0000000000434f00]  "Microphone (Realtek High Definition Audio)"
[dshow @ 0000000000434f00]     Alternative name "@device_cm_{33D9A762}"
dummy: Immediate exit requested
`;

describe('sources/parse-device-list (pure)', () => {
  it('avfoundation: indexes as names, screens told apart from cameras, audio separate', () => {
    expect(parseAvfoundationDevices(AVFOUNDATION)).to.deep.equal([
      { name: '0', kind: 'camera', description: 'FaceTime HD Camera' },
      { name: '1', kind: 'camera', description: 'OBS Virtual Camera' },
      { name: '2', kind: 'screen', description: 'Capture screen 0' },
      { name: '0', kind: 'audio', description: 'MacBook Pro Microphone' },
      { name: '1', kind: 'audio', description: 'ZoomAudioDevice' },
    ]);
  });

  it('dshow since ffmpeg 5: the media types after the name; (none) is skipped; alternative names are not devices', () => {
    expect(parseDshowDevices(DSHOW_MODERN)).to.deep.equal([
      { name: 'Integrated Camera', kind: 'camera', description: 'Integrated Camera' },
      { name: 'Game Capture HD60 S', kind: 'camera', description: 'Game Capture HD60 S' },
      { name: 'Game Capture HD60 S', kind: 'audio', description: 'Game Capture HD60 S' },
      { name: 'Microphone Array (Realtek(R) Audio)', kind: 'audio', description: 'Microphone Array (Realtek(R) Audio)' },
    ]);
  });

  it('dshow before ffmpeg 5: section headers', () => {
    expect(parseDshowDevices(DSHOW_LEGACY).map((d) => `${d.kind}:${d.name}`)).to.deep.equal([
      'camera:USB2.0 HD UVC WebCam',
      'audio:Microphone (Realtek High Definition Audio)',
    ]);
  });

  it('pactl short sources and /proc/asound/cards', () => {
    const pactl = '0\talsa_output.pci-0000_00_1f.3.analog-stereo.monitor\tmodule-alsa-card.c\ts16le 2ch 44100Hz\tSUSPENDED\n1\talsa_input.usb-mic\tmodule-alsa-card.c\ts16le 1ch 48000Hz\tRUNNING\n';
    expect(parsePactlSources(pactl)).to.deep.equal([
      { name: 'pulse:alsa_output.pci-0000_00_1f.3.analog-stereo.monitor', kind: 'audio', description: 'alsa_output.pci-0000_00_1f.3.analog-stereo.monitor (s16le 2ch 44100Hz), monitor of an output' },
      { name: 'pulse:alsa_input.usb-mic', kind: 'audio', description: 'alsa_input.usb-mic (s16le 1ch 48000Hz)' },
    ]);
    const cards = ' 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n                      HDA Intel PCH at 0xf7f10000 irq 33\n 1 [Webcam         ]: USB-Audio - C922 Pro Stream Webcam\n';
    expect(parseAlsaCards(cards)).to.deep.equal([
      { name: 'alsa:hw:0', kind: 'audio', description: 'HDA Intel PCH' },
      { name: 'alsa:hw:1', kind: 'audio', description: 'C922 Pro Stream Webcam' },
    ]);
  });

  it('describeCaptureDevices prints one aligned line per device, and a hint when there is no video device', () => {
    const text = describeCaptureDevices({
      platform: 'linux',
      video: [
        { name: '/dev/video0', kind: 'camera', description: 'Integrated Camera' },
        { name: ':0', kind: 'screen', description: 'X display :0 ($DISPLAY)' },
      ],
      audio: [{ name: 'pulse:default', kind: 'audio', description: 'the default PulseAudio source' }],
    });
    expect(text).to.equal(
      'Video devices (fromCapture(name, { kind })):\n' +
        '  /dev/video0    camera  Integrated Camera\n' +
        '  :0             screen  X display :0 ($DISPLAY)\n' +
        'Audio devices (audioDevice):\n' +
        '  pulse:default  audio   the default PulseAudio source\n',
    );
    expect(describeCaptureDevices({ platform: 'linux', video: [], audio: [] })).to.include('none found').and.include('DISPLAY');
  });
});
