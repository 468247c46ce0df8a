import { expect } from 'chai';
import { parseCliArgs, type CliCommand } from '../../lib/cli/parse-cli-args.js';
import { sourceOf } from '../../lib/cli/cli-source.js';
import { sourceFromCli } from '../../lib/cli/source-from-cli.js';

function packaging(argv: readonly string[]): Extract<CliCommand, { command: 'hls' | 'dash' }> {
  const parsed = parseCliArgs(argv);
  if (parsed.command !== 'hls' && parsed.command !== 'dash') expect.fail(`expected a packaging command, got ${parsed.command}`);
  return parsed;
}

const AZURITE = 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;';

describe('ffstream <input>: sources', () => {
  describe('sourceOf() (pure)', () => {
    it('reads s3://bucket/key, gs://bucket/object and az://container/blob as cloud objects, keys with slashes included', () => {
      expect(sourceOf('s3://media/talks/42.mp4', {})).to.deep.equal({ kind: 's3', bucket: 'media', key: 'talks/42.mp4' });
      expect(sourceOf('gs://media/a b.mov', {})).to.deep.equal({ kind: 'gcs', bucket: 'media', name: 'a b.mov' });
      expect(sourceOf('az://clips/2024/x.mkv', {})).to.deep.equal({ kind: 'azure', container: 'clips', blob: '2024/x.mkv' });
      expect(sourceOf('S3://media/k', {})).to.include({ kind: 's3' });
    });

    it('attaches --s3-endpoint and --gcs-endpoint to their own scheme only', () => {
      const flags = { 's3-endpoint': 'http://127.0.0.1:9000', 'gcs-endpoint': 'http://127.0.0.1:4443' };
      expect(sourceOf('s3://b/k', flags)).to.deep.equal({ kind: 's3', bucket: 'b', key: 'k', endpoint: 'http://127.0.0.1:9000' });
      expect(sourceOf('gs://b/k', flags)).to.deep.equal({ kind: 'gcs', bucket: 'b', name: 'k', endpoint: 'http://127.0.0.1:4443' });
    });

    it('other URLs and paths stay as they are; --loop marks a local file', () => {
      expect(sourceOf('https://cdn.example.com/a.m3u8', {})).to.deep.equal({ kind: 'url', url: 'https://cdn.example.com/a.m3u8' });
      expect(sourceOf('rtmp://127.0.0.1/live/x', {})).to.deep.equal({ kind: 'url', url: 'rtmp://127.0.0.1/live/x' });
      expect(sourceOf('C:\\clips\\a.mp4', {})).to.deep.equal({ kind: 'file', path: 'C:\\clips\\a.mp4', loop: false });
      expect(sourceOf('talk.mp4', { loop: true })).to.deep.equal({ kind: 'file', path: 'talk.mp4', loop: true });
    });

    it('--capture makes <input> the device, with --audio-device, --size and --frame-rate', () => {
      expect(sourceOf(':0.0', { capture: 'screen', size: '1280x720', 'frame-rate': '29.97', 'audio-device': 'pulse:default' })).to.deep.equal({
        kind: 'capture',
        captureKind: 'screen',
        device: ':0.0',
        audioDevice: 'pulse:default',
        size: '1280x720',
        frameRate: 29.97,
      });
      expect(sourceOf('/dev/video0', { capture: 'camera' })).to.deep.equal({ kind: 'capture', captureKind: 'camera', device: '/dev/video0' });
    });

    it('refuses what cannot work, naming the flag', () => {
      const cases: [string, Parameters<typeof sourceOf>[1], RegExp][] = [
        ['s3://media', {}, /`<input>` option to be s3:\/\/bucket\/key, e\.g\. s3:\/\/media\/talks\/42\.mp4/u],
        ['az:///blob', {}, /az:\/\/container\/blob-name/u],
        ['gs://b/', {}, /gs:\/\/bucket\/object-name/u],
        [':0', { capture: 'webcam' }, /`--capture` option to be "camera" or "screen", got "webcam"/u],
        [':0', { capture: 'screen', size: '1280*720' }, /`--size` option to be WIDTHxHEIGHT/u],
        [':0', { capture: 'screen', 'frame-rate': 'fast' }, /`--frame-rate` option to be frames per second/u],
        [':0', { capture: 'screen', 'frame-rate': '0' }, /`--frame-rate`/u],
        ['a.mp4', { size: '640x360' }, /`--size` option to be used with --capture camera\|screen/u],
        ['a.mp4', { 'audio-device': 'pulse:default' }, /`--audio-device` option to be used with --capture/u],
        [':0', { capture: 'screen', loop: true }, /`--loop` option to be used with a local file, not with --capture/u],
        ['https://x.example/a.mp4?token=secret', { loop: true }, /`--loop` option to be used with a local file, got "https:\/\/x\.example\/a\.mp4"/u],
        ['s3://b/k', { loop: true }, /`--loop` option to be used with a local file/u],
      ];
      for (const [input, flags, message] of cases) {
        expect(() => sourceOf(input, flags), `${input} ${JSON.stringify(flags)}`).to.throw(message).with.property('code', 'INVALID_OPTION');
      }
    });
  });

  describe('parseCliArgs()', () => {
    it('hls/dash/convert/probe take cloud inputs; --s3-endpoint serves an s3:// input without --to', () => {
      expect(packaging(['hls', 's3://media/talk.mp4', '-o', 'o.m3u8', '--s3-endpoint', 'http://127.0.0.1:9000']).source).to.deep.equal({
        kind: 's3',
        bucket: 'media',
        key: 'talk.mp4',
        endpoint: 'http://127.0.0.1:9000',
      });
      const convert = parseCliArgs(['convert', 'az://c/talk.mp4', '-o', 'o.mp4']);
      expect(convert.command === 'convert' && convert.source).to.deep.equal({ kind: 'azure', container: 'c', blob: 'talk.mp4' });
      const probe = parseCliArgs(['probe', 'gs://b/talk.mp4', '--gcs-endpoint', 'http://127.0.0.1:4443']);
      expect(probe.command === 'probe' && probe.source).to.deep.equal({ kind: 'gcs', bucket: 'b', name: 'talk.mp4', endpoint: 'http://127.0.0.1:4443' });
      expect(() => parseCliArgs(['hls', 'a.mp4', '-o', 'o.m3u8', '--gcs-endpoint', 'http://127.0.0.1:4443'])).to.throw(/--to gs:\/\/ destination or a gs:\/\/ input/u);
    });

    it('--capture, --loop and the live flags belong to hls and dash', () => {
      expect(packaging(['dash', ':99', '--capture', 'screen', '--size', '640x360', '-o', 'm.mpd']).source).to.include({ kind: 'capture', device: ':99' });
      for (const [command, flag] of [['convert', '--loop'], ['convert', '--live'], ['probe', '--capture=screen'], ['convert', '--duration=5']] as const) {
        const args = command === 'convert' ? [command, 'a.mp4', '-o', 'o.mp4', flag] : [command, 'a.mp4', flag];
        expect(() => parseCliArgs(args), args.join(' ')).to.throw(/used with `ffstream hls` or `ffstream dash` only/u);
      }
    });
  });

  describe('sourceFromCli() builds the library\'s sources, reading nothing yet', () => {
    it('a file, a looping file, a URL, a capture', async () => {
      expect(await sourceFromCli({ kind: 'file', path: '/tmp/a.mp4', loop: false })).to.include({ kind: 'file', uri: '/tmp/a.mp4', isLive: false });
      const looping = await sourceFromCli({ kind: 'file', path: '/tmp/a.mp4', loop: true });
      expect(looping.isLive).to.equal(true);
      expect(looping.inputOptions).to.deep.equal(['-stream_loop', '-1', '-re']);
      expect(await sourceFromCli({ kind: 'url', url: 'rtmp://127.0.0.1/live/x' })).to.include({ kind: 'url', isLive: true });
      const screen = await sourceFromCli({ kind: 'capture', captureKind: 'screen', device: ':5', size: '320x240', frameRate: 10 });
      expect(screen).to.include({ kind: 'capture', uri: ':5', isLive: true });
      expect(screen.inputOptions).to.include.members(['x11grab', '320x240', '10']);
    });

    it('cloud objects: s3 (with its endpoint), gs (emulator from the environment), az (credentials from the environment)', async () => {
      expect(await sourceFromCli({ kind: 's3', bucket: 'b', key: 'k/a.mp4', endpoint: 'http://127.0.0.1:1' })).to.include({ kind: 'cloud', uri: 's3://b/k/a.mp4', label: 'a' });
      expect(await sourceFromCli({ kind: 'gcs', bucket: 'b', name: 'n.mp4' }, { STORAGE_EMULATOR_HOST: '127.0.0.1:1' })).to.include({ kind: 'cloud', uri: 'gs://b/n.mp4' });
      const blob = await sourceFromCli({ kind: 'azure', container: 'c', blob: 'x.mp4' }, { AZURE_STORAGE_CONNECTION_STRING: AZURITE });
      expect(blob).to.include({ kind: 'cloud', uri: 'http://127.0.0.1:1/devstoreaccount1/c/x.mp4' });
      expect(JSON.stringify(blob)).to.not.include('a2V5');
      const keyed = await sourceFromCli({ kind: 'azure', container: 'c', blob: 'x.mp4' }, { AZURE_STORAGE_ACCOUNT: 'acct', AZURE_STORAGE_KEY: 'a2V5' });
      expect(keyed.uri).to.equal('https://acct.blob.core.windows.net/c/x.mp4');
    });

    it('an az:// input without credentials says which variables to set; a capture kind the platform lacks is UNSUPPORTED', async () => {
      const error = await sourceFromCli({ kind: 'azure', container: 'c', blob: 'x.mp4' }, {}).catch((e: unknown) => e);
      expect(error).to.have.property('code', 'INVALID_OPTION');
      expect((error as Error).message).to.match(/Set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY\.$/u);
      if (process.platform === 'linux') {
        const bad = await sourceFromCli({ kind: 'capture', captureKind: 'screen', device: 'desktop' }).catch((e: unknown) => e);
        expect(bad).to.have.property('code', 'INVALID_OPTION');
      }
    });
  });
});
