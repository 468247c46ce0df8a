import { expect } from 'chai';
import { InputError, InvalidOptionError } from '../../../lib/errors.js';
import { Formats } from '../../../lib/format/formats.js';
import type { Representation } from '../../../lib/format/representation.js';
import { autoGenerateRepresentations } from '../../../lib/ladder/auto-representations.js';
import { fakeMediaInfo, type FakeMediaInfoOptions } from '../../helpers/media.js';

/** `name size videoKbps` per rung: compact and exact. */
function ladder(reps: readonly Representation[]): string[] {
  return reps.map((r) => `${r.name} ${r.size} ${(r.bitrate.videoBps ?? 0) / 1000}`);
}

function auto(shape: FakeMediaInfoOptions, format = Formats.h264(), options = {}): Representation[] {
  return autoGenerateRepresentations(fakeMediaInfo(shape), format, options);
}

describe('autoGenerateRepresentations()', () => {
  describe('rungs', () => {
    it('gives a 1080p30 source five rungs with the H.264 reference bitrates', () => {
      expect(ladder(auto({ width: 1920, height: 1080 }))).to.deep.equal([
        '1080p 1920x1080 6000',
        '720p 1280x720 3000',
        '540p 960x540 2000',
        '360p 640x360 365',
        '234p 416x234 145',
      ]);
    });

    it('gives a 720p source 720, 540, 360, 234', () => {
      expect(auto({ width: 1280, height: 720 }).map((r) => r.name)).to.deep.equal(['720p', '540p', '360p', '234p']);
    });

    it('builds a portrait source on its short side, keeping it portrait', () => {
      expect(ladder(auto({ width: 1080, height: 1920 }))).to.deep.equal([
        '1080p 1080x1920 6000',
        '720p 720x1280 3000',
        '540p 540x960 2000',
        '360p 360x640 365',
        '234p 234x416 145',
      ]);
    });

    it('treats a phone video rotated by 90° as portrait', () => {
      const reps = auto({ width: 1920, height: 1080, rotationDegrees: 90 });
      expect(reps.map((r) => String(r.size))).to.deep.equal(['1080x1920', '720x1280', '540x960', '360x640', '234x416']);
      expect(reps.every((r) => r.size.isPortrait)).to.equal(true);
    });

    it('keeps a 4:3 aspect ratio and gives its rungs less than 16:9 ones of the same short side', () => {
      const reps = auto({ width: 640, height: 480 });
      expect(ladder(reps)).to.deep.equal(['480p 640x480 1176', '360p 480x360 294', '234p 312x234 117']);
      const wide = auto({ width: 854, height: 480 });
      expect(wide[1]?.bitrate.videoBps).to.equal(365_000);
      expect(reps[1]!.bitrate.videoBps!).to.be.lessThan(wide[1]!.bitrate.videoBps!);
    });

    it('makes odd and near-16:9 sources even, never wider than the source', () => {
      expect(auto({ width: 853, height: 481 }).map((r) => String(r.size))).to.deep.equal(['852x480', '638x360', '414x234']);
      expect(auto({ width: 1918, height: 1080 }).map((r) => String(r.size))).to.deep.equal(['1918x1080', '1278x720', '960x540', '640x360', '416x234']);
    });

    it('keeps the displayed shape of anamorphic video (SAR 16:15) with square-pixel rungs', () => {
      // 720x576 at 16:15 is displayed 768x576; 540p is skipped as less than 15 % below the 576p original.
      expect(auto({ width: 720, height: 576, sampleAspectRatio: '16:15', frameRate: 25 }).map((r) => String(r.size))).to.deep.equal(['768x576', '480x360', '312x234']);
    });

    it('gives a tiny 320x180 source only its original rung, even with includeOriginal: false', () => {
      expect(ladder(auto({ width: 320, height: 180 }))).to.deep.equal(['180p 320x180 98']);
      expect(ladder(auto({ width: 320, height: 180 }, Formats.h264(), { includeOriginal: false }))).to.deep.equal(['180p 320x180 98']);
    });

    it('drops the original rung with includeOriginal: false', () => {
      expect(auto({ width: 1920, height: 1080 }, Formats.h264(), { includeOriginal: false }).map((r) => r.name)).to.deep.equal(['720p', '540p', '360p', '234p']);
    });

    it('caps a 4K source at six rungs by dropping 1440p, the rung closest in bitrate to its neighbours', () => {
      expect(auto({ width: 3840, height: 2160 }).map((r) => r.name)).to.deep.equal(['2160p', '1080p', '720p', '540p', '360p', '234p']);
      expect(auto({ width: 3840, height: 2160 }, Formats.h264(), { maxRungs: 7 }).map((r) => r.name)).to.deep.equal(['2160p', '1440p', '1080p', '720p', '540p', '360p', '234p']);
      expect(auto({ width: 2560, height: 1440 }).map((r) => r.name)).to.deep.equal(['1440p', '1080p', '720p', '540p', '360p', '234p']);
    });

    it('keeps the top and bottom rungs when maxRungs is small', () => {
      expect(auto({ width: 1920, height: 1080 }, Formats.h264(), { maxRungs: 2 }).map((r) => r.name)).to.deep.equal(['1080p', '234p']);
      expect(auto({ width: 1920, height: 1080 }, Formats.h264(), { maxRungs: 1 }).map((r) => r.name)).to.deep.equal(['1080p']);
      expect(auto({ width: 1920, height: 1080 }, Formats.h264(), { maxRungs: 3 }).map((r) => r.name)).to.deep.equal(['1080p', '540p', '234p']);
    });

    it('skips automatic candidates less than 15 % below the original (1200p gets no 1080p)', () => {
      expect(auto({ width: 1920, height: 1200 }).map((r) => r.name)).to.deep.equal(['1200p', '720p', '540p', '360p', '234p']);
      expect(auto({ width: 1282, height: 721 }).map((r) => String(r.size))).to.deep.equal(['1280x720', '960x540', '640x360', '416x234']);
      // …but without the original, 1080p is the best rung there is.
      expect(auto({ width: 1920, height: 1200 }, Formats.h264(), { includeOriginal: false }).map((r) => r.name)[0]).to.equal('1080p');
    });

    it('never upscales and always gives even sizes', () => {
      const shapes: FakeMediaInfoOptions[] = [
        { width: 1920, height: 1080 },
        { width: 1080, height: 1920 },
        { width: 853, height: 481 },
        { width: 3840, height: 2160 },
        { width: 402, height: 226 },
        { width: 1918, height: 1080, rotationDegrees: 270 },
        { width: 720, height: 576, sampleAspectRatio: '64:45' },
      ];
      for (const shape of shapes) {
        const info = fakeMediaInfo(shape);
        const shortSide = Math.min(info.video!.width, info.video!.height);
        for (const rep of autoGenerateRepresentations(info, Formats.h264())) {
          expect(rep.size.width % 2, JSON.stringify(shape)).to.equal(0);
          expect(rep.size.height % 2).to.equal(0);
          expect(rep.size.shortSide).to.be.at.most(shortSide);
        }
      }
    });
  });

  describe('explicit heights', () => {
    it('reads heights as short sides, drops those above the source, rounds odd ones down and removes duplicates', () => {
      const reps = auto({ width: 1920, height: 1080 }, Formats.h264(), { heights: [1440, 720, 721, 481, 360, 1080] });
      expect(reps.map((r) => String(r.size))).to.deep.equal(['1920x1080', '1280x720', '854x480', '640x360']);
      expect(auto({ width: 1080, height: 1920 }, Formats.h264(), { heights: [720] }).map((r) => String(r.size))).to.deep.equal(['1080x1920', '720x1280']);
    });

    it('are not capped by the default maxRungs, but by an explicit one', () => {
      const heights = [1080, 900, 720, 540, 432, 360, 270, 234];
      expect(auto({ width: 1920, height: 1080 }, Formats.h264(), { heights })).to.have.length(8);
      expect(auto({ width: 1920, height: 1080 }, Formats.h264(), { heights, maxRungs: 4 })).to.have.length(4);
    });

    it('keep the original rung when every height is above the source and includeOriginal is false', () => {
      expect(auto({ width: 1280, height: 720 }, Formats.h264(), { heights: [1080, 2160], includeOriginal: false }).map((r) => r.name)).to.deep.equal(['720p']);
    });

    it('reject zero, negative, fractional and non-numeric heights', () => {
      for (const heights of [[0], [-720], [720.5], [1], ['720']]) {
        expect(() => auto({}, Formats.h264(), { heights }), JSON.stringify(heights)).to.throw(InvalidOptionError, /`heights`.*whole pixel counts/u);
      }
    });
  });

  describe('video bitrates', () => {
    it('caps every rung at the source video bitrate, keeping them non-increasing', () => {
      expect(ladder(auto({ width: 1920, height: 1080, videoBitrateBps: 1_500_000 }))).to.deep.equal([
        '1080p 1920x1080 1500',
        '720p 1280x720 1500',
        '540p 960x540 1500',
        '360p 640x360 365',
        '234p 416x234 145',
      ]);
    });

    it('caps at the overall bitrate minus the audio when the stream bitrate is unknown', () => {
      const reps = auto({ width: 1920, height: 1080, overallBitrateBps: 2_628_000, audio: { bitrateBps: 128_000 } });
      expect(reps[0]?.bitrate.videoBps).to.equal(2_500_000);
    });

    it('is not capped when the source bitrate is unknown', () => {
      expect(auto({ width: 1920, height: 1080, videoBitrateBps: null, overallBitrateBps: null })[0]?.bitrate.videoBps).to.equal(6_000_000);
    });

    it('keeps a 64 kb/s floor', () => {
      expect(auto({ width: 1280, height: 720, videoBitrateBps: 30_000 }).map((r) => r.bitrate.videoBps)).to.deep.equal([64_000, 64_000, 64_000, 64_000]);
    });

    it('gives HEVC and VP9 less than H.264, and AV1 less again, at every rung', () => {
      const h264 = auto({ width: 3840, height: 2160 }, Formats.h264(), { maxRungs: 7 });
      const hevc = auto({ width: 3840, height: 2160 }, Formats.hevc(), { maxRungs: 7 });
      const vp9 = auto({ width: 3840, height: 2160 }, Formats.vp9(), { maxRungs: 7 });
      const av1 = auto({ width: 3840, height: 2160 }, Formats.av1(), { maxRungs: 7 });
      expect(ladder(hevc)).to.deep.equal([
        '2160p 3840x2160 11600',
        '1440p 2560x1440 8100',
        '1080p 1920x1080 4500',
        '720p 1280x720 2400',
        '540p 960x540 900',
        '360p 640x360 145',
        '234p 416x234 100',
      ]);
      expect(ladder(vp9)).to.deep.equal(ladder(hevc));
      h264.forEach((rung, i) => {
        expect(hevc[i]!.bitrate.videoBps!, rung.name).to.be.lessThan(rung.bitrate.videoBps!);
        expect(av1[i]!.bitrate.videoBps!, rung.name).to.be.lessThan(hevc[i]!.bitrate.videoBps!);
      });
    });

    it('raises bitrates for 60 fps by about √2 and lowers them below 24 fps', () => {
      const at30 = auto({ width: 3840, height: 2160, frameRate: 30 });
      const at60 = auto({ width: 3840, height: 2160, frameRate: 60 });
      expect(ladder(at60)).to.deep.equal([
        '2160p 3840x2160 22627',
        '1080p 1920x1080 8485',
        '720p 1280x720 4243',
        '540p 960x540 2828',
        '360p 640x360 516',
        '234p 416x234 205',
      ]);
      at60.forEach((rung, i) => expect(rung.bitrate.videoBps! / at30[i]!.bitrate.videoBps!).to.be.closeTo(Math.SQRT2, 0.01));
      expect(auto({ width: 1280, height: 720, frameRate: 15 })[0]?.bitrate.videoBps).to.equal(2_372_000);
      expect(auto({ width: 1280, height: 720, frameRate: 120 })[0]?.bitrate.videoBps).to.equal(auto({ width: 1280, height: 720, frameRate: 60 })[0]?.bitrate.videoBps);
      expect(auto({ width: 1280, height: 720, frameRate: null })[0]?.bitrate.videoBps).to.equal(3_000_000);
    });

    it('rounds every bitrate to whole kb/s and never increases down the ladder', () => {
      for (const shape of [{ width: 853, height: 481, frameRate: 29.97 }, { width: 3840, height: 2160, frameRate: 50, videoBitrateBps: 5_123_456 }, { width: 640, height: 480 }]) {
        const bps = auto(shape).map((r) => r.bitrate.videoBps!);
        for (const value of bps) expect(value % 1000).to.equal(0);
        for (let i = 1; i < bps.length; i++) expect(bps[i]).to.be.at.most(bps[i - 1]!);
      }
    });
  });

  describe('audio bitrate', () => {
    it('is 128k for stereo AAC and 64k for mono, the same on every rung', () => {
      expect(auto({ width: 1280, height: 720 }).map((r) => r.bitrate.audioBps)).to.deep.equal([128_000, 128_000, 128_000, 128_000]);
      expect(auto({ width: 1280, height: 720, audio: { channels: 1 } })[0]?.bitrate.audioBps).to.equal(64_000);
      expect(auto({ width: 1280, height: 720 })[0]?.bitrate.overallBps).to.equal(3_128_000);
    });

    it('is 96k/48k for Opus', () => {
      expect(auto({}, Formats.vp9({ audio: 'opus' }))[0]?.bitrate.audioBps).to.equal(96_000);
      expect(auto({ audio: { channels: 1 } }, Formats.av1({ audio: 'opus' }))[0]?.bitrate.audioBps).to.equal(48_000);
    });

    it('follows audioBitrateBps, never above the source audio bitrate, with a 32k floor', () => {
      expect(auto({}, Formats.h264(), { audioBitrateBps: 192_000 })[0]?.bitrate.audioBps).to.equal(192_000);
      expect(auto({ audio: { bitrateBps: 96_000 } }, Formats.h264(), { audioBitrateBps: 192_000 })[0]?.bitrate.audioBps).to.equal(96_000);
      expect(auto({ audio: { bitrateBps: 20_000 } })[0]?.bitrate.audioBps).to.equal(32_000);
      expect(() => auto({}, Formats.h264(), { audioBitrateBps: -1 })).to.throw(InvalidOptionError, '`audioBitrateBps`');
    });

    it('is undefined without an audio stream', () => {
      const reps = auto({ audio: false });
      expect(reps[0]?.bitrate.audioBps).to.equal(undefined);
      expect(reps[0]?.bitrate.overallBps).to.equal(reps[0]?.bitrate.videoBps);
    });
  });

  describe('errors', () => {
    it('throws NO_VIDEO_STREAM for an audio-only input', () => {
      const info = fakeMediaInfo({ video: false, input: 'https://u:p@host/song.m4a' });
      expect(() => autoGenerateRepresentations(info, Formats.h264()))
        .to.throw(InputError, `"https://***@host/song.m4a" has no video stream; a video ladder needs one. For audio-only output, don't ask for video representations.`)
        .with.property('code', 'NO_VIDEO_STREAM');
    });

    it('rejects bad maxRungs and includeOriginal values', () => {
      for (const maxRungs of [0, -1, 2.5, Number.NaN]) expect(() => auto({}, Formats.h264(), { maxRungs })).to.throw(InvalidOptionError, '`maxRungs`');
      expect(() => auto({}, Formats.h264(), { includeOriginal: 'no' })).to.throw(InvalidOptionError, '`includeOriginal`');
    });
  });

  it('names rungs uniquely after their short side', () => {
    const names = auto({ width: 3840, height: 2160 }, Formats.h264(), { heights: [2160, 2159, 1080, 1081, 720] }).map((r) => r.name);
    expect(names).to.deep.equal(['2160p', '2158p', '1080p', '720p']);
    expect(new Set(names).size).to.equal(names.length);
  });
});
