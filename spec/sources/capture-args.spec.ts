import { expect } from 'chai';
import { firstValueFrom } from 'rxjs';
import { isPackagerError, type PackagerError } from '../../lib/errors.js';
import { input } from '../../lib/facade/input.js';
import { captureInputs, supportedCaptureKinds } from '../../sources/capture-args.js';
import { captureInput, fromCapture } from '../../sources/from-capture.js';

function thrown(fn: () => unknown): PackagerError {
  try {
    fn();
  } catch (error) {
    if (isPackagerError(error)) return error;
    throw error;
  }
  throw new Error('expected a PackagerError');
}

const Q = ['-thread_queue_size', '512'];

describe('sources/capture-args and fromCapture (pure)', () => {
  it('Linux camera: v4l2 on /dev/videoN ("0" is short for /dev/video0), size and rate as device options', () => {
    const inputs = captureInputs({ kind: 'camera', device: '0', size: '1280x720', frameRate: 30, platform: 'linux' });
    expect(inputs.video).to.deep.equal({ uri: '/dev/video0', inputOptions: [...Q, '-f', 'v4l2', '-video_size', '1280x720', '-framerate', '30'] });
    expect(inputs.audio).to.equal(undefined);
  });

  it('Linux screen: x11grab on an X display, with an optional +X,Y origin', () => {
    expect(captureInputs({ kind: 'screen', device: ':0.0+10,20', platform: 'linux' }).video).to.deep.equal({ uri: ':0.0+10,20', inputOptions: [...Q, '-f', 'x11grab'] });
    expect(thrown(() => captureInputs({ kind: 'screen', device: '/dev/video0', platform: 'linux' })).code).to.equal('INVALID_OPTION');
  });

  it('Linux audio is a second input: pulse:NAME (also a bare name) or alsa:NAME, synchronised on the video\'s wall clock (-isync 0)', () => {
    expect(captureInputs({ kind: 'screen', device: ':1', audioDevice: 'pulse:default', platform: 'linux' }).audio).to.deep.equal({
      format: 'pulse',
      device: 'default',
      uri: 'default',
      inputOptions: [...Q, '-f', 'pulse', '-isync', '0'],
    });
    // A v4l2 camera then stamps frames with the wall clock too (the kernel's timestamps are monotonic).
    expect(captureInputs({ kind: 'camera', device: '0', audioDevice: 'alsa:null', platform: 'linux' }).video.inputOptions).to.deep.equal([...Q, '-f', 'v4l2', '-timestamps', 'abs']);
    expect(captureInputs({ kind: 'camera', device: '/dev/video2', audioDevice: 'alsa:hw:1,0', platform: 'linux' }).audio).to.deep.include({ format: 'alsa', uri: 'hw:1,0' });
    expect(captureInputs({ kind: 'camera', device: '/dev/video2', audioDevice: 'alsa_input.usb-mic', platform: 'linux' }).audio).to.deep.include({ format: 'pulse', uri: 'alsa_input.usb-mic' });
  });

  it('macOS: one avfoundation input "VIDEO:AUDIO" (none without audio), 30 fps by default, cursor on screens', () => {
    expect(captureInputs({ kind: 'camera', device: '0', audioDevice: '1', platform: 'darwin' })).to.deep.equal({
      format: 'avfoundation',
      video: { uri: '0:1', inputOptions: [...Q, '-f', 'avfoundation', '-framerate', '30'] },
      hasAudioInVideo: true,
    });
    expect(captureInputs({ kind: 'screen', device: '2', frameRate: 15, platform: 'darwin' }).video).to.deep.equal({
      uri: '2:none',
      inputOptions: [...Q, '-f', 'avfoundation', '-capture_cursor', '1', '-framerate', '15'],
    });
  });

  it('Windows: dshow "video=NAME:audio=NAME" for cameras; gdigrab desktop plus a dshow audio input for screens', () => {
    expect(captureInputs({ kind: 'camera', device: 'Integrated Camera', audioDevice: 'Microphone (Realtek)', platform: 'win32' }).video).to.deep.equal({
      uri: 'video=Integrated Camera:audio=Microphone (Realtek)',
      inputOptions: [...Q, '-f', 'dshow', '-rtbufsize', '256M'],
    });
    const screen = captureInputs({ kind: 'screen', device: 'desktop', audioDevice: 'Microphone', size: '1920x1080', platform: 'win32' });
    expect(screen.video).to.deep.equal({ uri: 'desktop', inputOptions: [...Q, '-f', 'gdigrab', '-video_size', '1920x1080'] });
    expect(screen.audio).to.deep.include({ uri: 'audio=Microphone', inputOptions: [...Q, '-f', 'dshow'] });
  });

  it('a platform without the kind: UNSUPPORTED naming the platform and what is supported', () => {
    const error = thrown(() => captureInput('/dev/video0', { kind: 'camera', platform: 'sunos' }));
    expect(error.code).to.equal('UNSUPPORTED');
    expect(error.message).to.include('sunos').and.include('linux (camera: v4l2, screen: x11grab)');
    expect(supportedCaptureKinds('sunos')).to.deep.equal([]);
    expect(supportedCaptureKinds('linux')).to.deep.equal(['camera', 'screen']);
  });

  it('bad size, frame rate or device: INVALID_OPTION', () => {
    expect(thrown(() => captureInput('0', { kind: 'camera', size: '1280*720', platform: 'linux' })).code).to.equal('INVALID_OPTION');
    expect(thrown(() => captureInput('0', { kind: 'camera', frameRate: 0, platform: 'linux' })).code).to.equal('INVALID_OPTION');
    expect(thrown(() => captureInput('', { kind: 'camera', platform: 'linux' })).code).to.equal('INVALID_OPTION');
  });

  it('fromCapture emits a live capture input with the audio as a second input, and user options last', async () => {
    const emitted = await firstValueFrom(fromCapture(':5', { kind: 'screen', audioDevice: 'pulse:default', inputOptions: ['-draw_mouse', '0'], platform: 'linux' }));
    expect(emitted).to.deep.include({ kind: 'capture', uri: ':5', isLive: true, label: 'screen' });
    expect(emitted.inputOptions).to.deep.equal([...Q, '-f', 'x11grab', '-draw_mouse', '0']);
    expect(emitted.audioInput).to.deep.equal({ uri: 'default', inputOptions: [...Q, '-f', 'pulse', '-isync', '0'] });
    expect(emitted.open).to.be.a('function');
  });

  it('the facade maps input(name, { capture: true, screen }) onto fromCapture (the seed\'s capture=True, screen=True)', () => {
    const screen = input(':7.0', { capture: true, screen: true, size: '640x480' }).source;
    expect(screen).to.deep.include({ kind: 'capture', uri: ':7.0', isLive: true });
    if (process.platform === 'linux') expect(screen.inputOptions).to.deep.equal([...Q, '-f', 'x11grab', '-video_size', '640x480']);
    const camera = input('/dev/video3', { capture: true }).source;
    expect(camera.label).to.equal('camera');
    expect(input('talk.mp4').source.kind).to.equal('file');
  });
});
