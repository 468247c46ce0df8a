import { resolve } from 'node:path';
import { expect } from 'chai';
import { InvalidOptionError, PackagerError } from '../../../lib/errors.js';
import { Bitrate } from '../../../lib/format/bitrate.js';
import { Formats } from '../../../lib/format/formats.js';
import { Representation } from '../../../lib/format/representation.js';
import { Size } from '../../../lib/format/size.js';
import type { VideoFormat } from '../../../lib/format/video-format.js';
import { resolveDashOptions, resolveHlsOptions, type DashPackageOptions, type HlsPackageOptions } from '../../../lib/options/package-options.js';

/** The InvalidOptionError `fn` throws; fails the test when it throws something else or nothing. */
function invalidOption(fn: () => unknown): InvalidOptionError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidOptionError);
    return error as InvalidOptionError;
  }
  throw new Error('expected an InvalidOptionError');
}

const hls = (options: Partial<HlsPackageOptions>) => resolveHlsOptions({ output: 'out/master.m3u8', ...options });
const dash = (options: Partial<DashPackageOptions>) => resolveDashOptions({ output: 'out/manifest.mpd', ...options });

describe('resolveHlsOptions()', () => {
  it('fills in every default', () => {
    const resolved = resolveHlsOptions({ output: 'out/master.m3u8' });
    expect(resolved).to.deep.equal({
      kind: 'hls',
      output: resolve('out/master.m3u8'),
      format: Formats.h264(),
      representations: 'auto',
      autoRepresentations: {},
      segmentDurationSeconds: 6,
      keyFrameIntervalSeconds: 2,
      audioBitrateBps: undefined,
      pixelFormat: 'yuv420p',
      maxFrameRate: 60,
      maxrateFactor: 1.2,
      bufsizeFactor: 2,
      signal: undefined,
      killGraceMs: 5000,
      extraArgs: [],
      binaries: {},
      segmentType: 'mpegts',
      streamInfo: {},
      generateHlsPlaylist: false,
      live: 'if-source-is-live',
    });
  });

  it('makes the output path absolute', () => {
    expect(hls({ output: 'a/b/c.m3u8' }).output).to.equal(resolve('a/b/c.m3u8'));
    expect(hls({ output: '/abs/x.m3u8' }).output).to.equal(resolve('/abs/x.m3u8'));
  });

  it('keeps what the user gave', () => {
    const controller = new AbortController();
    const reps = [new Representation(new Size(1280, 720), Bitrate.kbps(2400))];
    const resolved = hls({
      format: Formats.h264({ videoOptions: { preset: 'slow' } }),
      representations: reps,
      segmentDurationSeconds: 4,
      keyFrameIntervalSeconds: 1,
      audioBitrateBps: 96_000,
      pixelFormat: 'yuv420p10le',
      maxFrameRate: 30,
      maxrateFactor: 1.5,
      bufsizeFactor: 1,
      signal: controller.signal,
      killGraceMs: 0,
      extraArgs: ['-hls_start_number_source', 'generic'],
      ffmpegPath: '/opt/ffmpeg',
      ffprobePath: '/opt/ffprobe',
      segmentType: 'fmp4',
      streamInfo: { '720p': ['CLOSED-CAPTIONS=NONE'] },
    });
    expect(resolved).to.include({ segmentDurationSeconds: 4, keyFrameIntervalSeconds: 1, audioBitrateBps: 96_000, pixelFormat: 'yuv420p10le', maxFrameRate: 30, maxrateFactor: 1.5, bufsizeFactor: 1, killGraceMs: 0, segmentType: 'fmp4', signal: controller.signal });
    expect(resolved.representations).to.equal(reps);
    expect(resolved.format.videoOptions).to.deep.equal({ preset: 'slow' });
    expect(resolved.binaries).to.deep.equal({ ffmpegPath: '/opt/ffmpeg', ffprobePath: '/opt/ffprobe' });
    expect(resolved.streamInfo).to.deep.equal({ '720p': ['CLOSED-CAPTIONS=NONE'] });
    expect(resolved.extraArgs).to.deep.equal(['-hls_start_number_source', 'generic']);
  });

  describe('segmentType', () => {
    it('defaults to MPEG-TS for H.264 and fMP4 for every other codec', () => {
      expect(hls({ format: Formats.h264() }).segmentType).to.equal('mpegts');
      expect(hls({ format: Formats.hevc() }).segmentType).to.equal('fmp4');
      expect(hls({ format: Formats.vp9() }).segmentType).to.equal('fmp4');
      expect(hls({ format: Formats.av1() }).segmentType).to.equal('fmp4');
    });

    it('allows fMP4 for H.264', () => {
      expect(hls({ segmentType: 'fmp4' }).segmentType).to.equal('fmp4');
    });

    it('rejects MPEG-TS for HEVC, VP9 and AV1, saying to use fMP4', () => {
      for (const format of [Formats.hevc(), Formats.vp9(), Formats.av1()]) {
        const error = invalidOption(() => hls({ format, segmentType: 'mpegts' }));
        expect(error.option, format.codec).to.equal('segmentType');
        expect(error.message, format.codec).to.include('`segmentType`').and.to.include(`"fmp4" for ${format.codec.toUpperCase()}`).and.to.include('fragmentedMp4()');
      }
    });

    it('rejects an unknown segment type', () => {
      const error = invalidOption(() => hls({ segmentType: 'mp4' as unknown as 'fmp4' }));
      expect(error.option).to.equal('segmentType');
      expect(error.message).to.include('"mpegts" or "fmp4"').and.to.include('"mp4"');
    });
  });

  describe('output', () => {
    it('must end in .m3u8 (any case), with an example in the message', () => {
      expect(hls({ output: 'OUT/MASTER.M3U8' }).output).to.equal(resolve('OUT/MASTER.M3U8'));
      for (const output of ['out/master.mpd', 'out/master', 'out/master.m3u', 'out/.m3u8']) {
        const error = invalidOption(() => hls({ output }));
        expect(error.option, output).to.equal('output');
        expect(error.message, output).to.include('`output`').and.to.include('.m3u8').and.to.include(JSON.stringify(output));
      }
      expect(invalidOption(() => hls({ output: 'out/x.mpd' })).message).to.include('For example "out/master.m3u8"');
    });

    it('must be a non-empty string', () => {
      for (const output of ['', '   ', undefined as unknown as string, 42 as unknown as string]) {
        expect(invalidOption(() => resolveHlsOptions({ output })).option, String(output)).to.equal('output');
      }
    });
  });

  describe('segmentDurationSeconds and keyFrameIntervalSeconds', () => {
    it('accepts a segment duration that is a whole multiple of the key-frame interval (4/2, 6/2, 3/1.5, 2/2, 0.3/0.1)', () => {
      for (const [segment, keyFrame] of [[4, 2], [6, 2], [3, 1.5], [2, 2], [0.3, 0.1], [10, 1]] as const) {
        expect(hls({ segmentDurationSeconds: segment, keyFrameIntervalSeconds: keyFrame }), `${segment}/${keyFrame}`).to.include({
          segmentDurationSeconds: segment,
          keyFrameIntervalSeconds: keyFrame,
        });
      }
    });

    it('rejects one that is not (5/2, 3/2, 1/2, 6/4), naming the option and what to do', () => {
      for (const [segment, keyFrame] of [[5, 2], [3, 2], [1, 2], [6, 4]] as const) {
        const error = invalidOption(() => hls({ segmentDurationSeconds: segment, keyFrameIntervalSeconds: keyFrame }));
        expect(error.option, `${segment}/${keyFrame}`).to.equal('segmentDurationSeconds');
        expect(error.message).to.include(`a whole multiple of keyFrameIntervalSeconds (${keyFrame})`).and.to.include(`got ${segment}`).and.to.include('Use e.g. 4 or 6');
      }
    });

    it('checks against the default interval of 2 when only the segment duration is given', () => {
      expect(hls({ segmentDurationSeconds: 4 }).keyFrameIntervalSeconds).to.equal(2);
      expect(invalidOption(() => hls({ segmentDurationSeconds: 5 })).option).to.equal('segmentDurationSeconds');
    });

    it('must be positive finite numbers', () => {
      for (const bad of [0, -2, Number.NaN, Number.POSITIVE_INFINITY, '2' as unknown as number]) {
        expect(invalidOption(() => hls({ keyFrameIntervalSeconds: bad })).option, String(bad)).to.equal('keyFrameIntervalSeconds');
        expect(invalidOption(() => hls({ segmentDurationSeconds: bad })).option, String(bad)).to.equal('segmentDurationSeconds');
      }
      expect(invalidOption(() => hls({ segmentDurationSeconds: -6 })).message).to.equal('Expected the `segmentDurationSeconds` option to be a positive number, got -6.');
    });
  });

  describe('other numbers', () => {
    it('audioBitrateBps, maxFrameRate and bufsizeFactor must be positive', () => {
      for (const [option, value] of [['audioBitrateBps', 0], ['audioBitrateBps', -1], ['maxFrameRate', 0], ['bufsizeFactor', 0], ['bufsizeFactor', Number.NaN]] as const) {
        const error = invalidOption(() => hls({ [option]: value }));
        expect(error.option, `${option}=${value}`).to.equal(option);
        expect(error.message).to.include(`\`${option}\``).and.to.include('a positive number');
      }
    });

    it('maxrateFactor must be at least 1 (a peak below the average makes no sense)', () => {
      expect(hls({ maxrateFactor: 1 }).maxrateFactor).to.equal(1);
      for (const value of [0.99, 0, Number.NaN]) {
        const error = invalidOption(() => hls({ maxrateFactor: value }));
        expect(error.option).to.equal('maxrateFactor');
        expect(error.message).to.include('at least 1');
      }
    });

    it('killGraceMs may be 0 but not negative', () => {
      expect(hls({ killGraceMs: 0 }).killGraceMs).to.equal(0);
      expect(invalidOption(() => hls({ killGraceMs: -1 })).option).to.equal('killGraceMs');
    });
  });

  describe('representations', () => {
    it("must be 'auto' or a non-empty array", () => {
      expect(hls({ representations: 'auto' }).representations).to.equal('auto');
      for (const bad of [[], 'all' as unknown as 'auto', new Representation(new Size(2, 2), new Bitrate(1)) as unknown as Representation[]]) {
        const error = invalidOption(() => hls({ representations: bad }));
        expect(error.option).to.equal('representations');
        expect(error.message).to.include("'auto' or a non-empty array of Representation");
      }
    });
  });

  describe('format', () => {
    it('must be a format from Formats, else UNKNOWN_CODEC naming the factories', () => {
      for (const bad of ['h264', { videoEncoder: 'libx264' }, 264]) {
        let caught: unknown;
        try {
          hls({ format: bad as unknown as VideoFormat });
        } catch (error) {
          caught = error;
        }
        expect(caught, String(bad)).to.be.instanceOf(PackagerError);
        expect(caught).to.include({ code: 'UNKNOWN_CODEC' });
        expect((caught as Error).message).to.include('Formats.h264()');
      }
    });
  });

  it('copies only the binary paths that were given', () => {
    expect(hls({ ffmpegPath: '/opt/ffmpeg' }).binaries).to.deep.equal({ ffmpegPath: '/opt/ffmpeg' });
  });
});

describe('resolveDashOptions()', () => {
  it('fills in the same defaults, with fMP4 segments and no HLS playlists', () => {
    const resolved = resolveDashOptions({ output: 'out/manifest.mpd' });
    expect(resolved).to.include({ kind: 'dash', output: resolve('out/manifest.mpd'), segmentType: 'fmp4', generateHlsPlaylist: false, segmentDurationSeconds: 6, keyFrameIntervalSeconds: 2 });
    expect(resolved.format).to.deep.equal(Formats.h264());
    expect(resolved.streamInfo).to.deep.equal({});
  });

  it('writes HLS playlists when asked', () => {
    expect(dash({ generateHlsPlaylist: true }).generateHlsPlaylist).to.equal(true);
  });

  it('uses fMP4 for every codec', () => {
    for (const format of [Formats.h264(), Formats.hevc(), Formats.vp9(), Formats.av1()]) expect(dash({ format }).segmentType).to.equal('fmp4');
  });

  it('wants an .mpd output, with an example in the message', () => {
    const error = invalidOption(() => dash({ output: 'out/master.m3u8' }));
    expect(error.option).to.equal('output');
    expect(error.message).to.include('a path ending in .mpd').and.to.include('For example "out/manifest.mpd"');
  });

  it('runs the common validations', () => {
    expect(invalidOption(() => dash({ segmentDurationSeconds: 5 })).option).to.equal('segmentDurationSeconds');
    expect(invalidOption(() => dash({ representations: [] })).option).to.equal('representations');
    expect(invalidOption(() => dash({ maxrateFactor: 0.5 })).option).to.equal('maxrateFactor');
  });
});
