import { join } from 'node:path';
import { Bitrate, Formats, Representation, Size, ffmpegCapabilities, input, type VideoFormat } from '../../lib/index.js';
import { expectPlayback, playInBrowser, usePlaybackBrowser, useServedPackages, type PlayerName } from '../helpers/playback/index.js';
import { requireFfmpeg } from '../helpers/require-tool.js';

/**
 * The interop matrix: every kind of package this project makes, produced by its own API from a generated source,
 * played in real Chromium by hls.js, dash.js, shaka-player and native HLS. A ladder case also forces a switch to
 * the other rung: a ladder that cannot switch fails.
 */
describe('playback matrix: our packages in hls.js, dash.js, shaka and native HLS', function () {
  this.timeout(300_000);
  const env = usePlaybackBrowser();

  const ladder = [new Representation(new Size(640, 360), new Bitrate(700_000)), new Representation(new Size(320, 180), new Bitrate(250_000))];
  const fast = (format: VideoFormat): VideoFormat => format;
  const h264 = fast(Formats.h264({ videoOptions: { preset: 'ultrafast' } }));
  const options = { segmentDurationSeconds: 4, keyFrameIntervalSeconds: 2 };

  before(requireFfmpeg);
  const served = useServedPackages('matrix-');
  const play = async (player: PlayerName, manifest: string, switchRendition = true): Promise<void> => {
    expectPlayback(await playInBrowser(env.browser, { player, url: served().url(manifest), switchRendition }));
  };

  describe('HLS MPEG-TS', () => {
    let master: string;
    before(async () => {
      master = (await input(served().source).hls(h264, options).representations(...ladder).output(join(served().root, 'hls-ts', 'master.m3u8'))).manifestPath;
    });
    it('plays and switches in hls.js', () => play('hls', master));
    it('plays and switches in shaka', () => play('shaka', master));
    it('plays natively (video.src = master.m3u8)', () => play('native', master, false));
  });

  describe('HLS fMP4', () => {
    let master: string;
    before(async () => {
      master = (await input(served().source).hls(h264, options).fragmentedMp4().representations(...ladder).output(join(served().root, 'hls-fmp4', 'master.m3u8'))).manifestPath;
    });
    it('plays and switches in hls.js', () => play('hls', master));
    it('plays and switches in shaka', () => play('shaka', master));
    it('plays natively', () => play('native', master, false));
  });

  describe('DASH H.264/AAC with HLS playlists over the same segments', () => {
    let mpd: string;
    let hlsMaster: string;
    before(async () => {
      const result = await input(served().source).dash(h264, options).generateHlsPlaylist().representations(...ladder).output(join(served().root, 'dash-h264', 'manifest.mpd'));
      mpd = result.manifestPath;
      hlsMaster = result.hlsMasterPath ?? '';
    });
    it('plays and switches in dash.js', () => play('dash', mpd));
    it('plays and switches in shaka', () => play('shaka', mpd));
    it('the HLS master over the same segments plays and switches in hls.js', () => play('hls', hlsMaster));
  });

  describe('DASH VP9/Opus', () => {
    let mpd: string;
    before(async () => {
      const vp9 = Formats.vp9({ audio: 'opus', videoOptions: { deadline: 'realtime', 'cpu-used': '8' } });
      mpd = (await input(served().source).dash(vp9, options).representations(...ladder).output(join(served().root, 'dash-vp9', 'manifest.mpd'))).manifestPath;
    });
    it('plays and switches in dash.js', () => play('dash', mpd));
    it('plays and switches in shaka', () => play('shaka', mpd));
  });

  describe('DASH AV1 (when the encoder is present)', () => {
    let mpd: string;
    before(async function () {
      const caps = await ffmpegCapabilities();
      if (!caps.encoders.has('libaom-av1')) this.skip();
      const av1 = Formats.av1({ videoOptions: { usage: 'realtime', 'cpu-used': '8', 'lag-in-frames': '0' } });
      const small = [new Representation(new Size(320, 180), new Bitrate(200_000)), new Representation(new Size(160, 90), new Bitrate(80_000))];
      mpd = (await input(served().source).dash(av1, options).representations(...small).output(join(served().root, 'dash-av1', 'manifest.mpd'))).manifestPath;
    });
    it('plays and switches in dash.js', () => play('dash', mpd));
    it('plays and switches in shaka', () => play('shaka', mpd));
  });
});
