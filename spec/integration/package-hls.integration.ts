import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { Bitrate, Formats, Representation, Size, fromFile, input, packageHls, type PackagingEvent } from '../../lib/index.js';
import { makeTestVideo } from '../helpers/media.js';
import { firstVideoFrame, parseStrict, probeSegment, readMediaPlaylist } from '../helpers/package-checks.js';
import { requireFfmpeg } from '../helpers/require-tool.js';

/** Master playlist facts, read strictly. */
async function readMaster(path: string) {
  const master = parseStrict(await readFile(path, 'utf8'));
  expect(master.isMasterPlaylist, 'a master playlist').to.equal(true);
  return master as import('hls-parser').types.MasterPlaylist;
}

/** Checks a finished HLS package the way the issue asks, and returns the variants' media playlists. */
async function checkHlsPackage(masterPath: string, expectAudio: boolean) {
  const master = await readMaster(masterPath);
  const dir = join(masterPath, '..');
  const text = await readFile(masterPath, 'utf8');
  expect(text).to.match(/^#EXTM3U\n/u).and.match(/#EXT-X-INDEPENDENT-SEGMENTS/u).and.match(/\n$/u);
  const audioRendition = master.variants[0]?.audio[0];
  const audio = expectAudio && audioRendition?.uri ? await readMediaPlaylist(join(dir, audioRendition.uri)) : undefined;
  if (expectAudio) expect(audio, 'an EXT-X-MEDIA audio rendition').to.not.equal(undefined);
  const rungs = [];
  for (const variant of master.variants) {
    const media = await readMediaPlaylist(join(dir, variant.uri));
    expect(media.text).to.contain('#EXT-X-PLAYLIST-TYPE:VOD').and.contain('#EXT-X-ENDLIST');
    // Declared numbers are measured ones: recompute from the files (video + the audio group).
    const rate = async (pl: Awaited<ReturnType<typeof readMediaPlaylist>>) => {
      const sizes = await Promise.all(pl.segments.map(async (s) => (await stat(s.path)).size));
      const total = sizes.reduce((a, b) => a + b, 0);
      const duration = pl.segments.reduce((a, s) => a + s.duration, 0);
      return { peak: Math.max(...sizes.map((b, i) => (b * 8) / (pl.segments[i]?.duration ?? 1))), average: (total * 8) / duration };
    };
    const v = await rate(media);
    const a = audio ? await rate(audio) : { peak: 0, average: 0 };
    expect(variant.bandwidth, 'BANDWIDTH ≥ measured peak').to.be.at.least(Math.floor(v.peak + a.peak));
    expect(variant.bandwidth, 'BANDWIDTH within 10% of measured peak').to.be.at.most((v.peak + a.peak) * 1.1);
    expect(variant.averageBandwidth, 'AVERAGE-BANDWIDTH').to.be.closeTo(v.average + a.average, (v.average + a.average) * 0.1);
    expect(variant.codecs, 'CODECS').to.match(expectAudio ? /^avc1\.[0-9a-f]{6},mp4a\.40\.2$/u : /^avc1\.[0-9a-f]{6}$/u);
    expect(variant.frameRate).to.be.a('number');
    for (const [i, segment] of media.segments.entries()) {
      const streams = await probeSegment(segment.path, segment.init);
      const video = streams.find((s) => s.codec_type === 'video');
      expect(video?.width, `segment ${i} width`).to.equal(variant.resolution?.width);
      expect(video?.height, `segment ${i} height`).to.equal(variant.resolution?.height);
      expect(video?.pix_fmt).to.equal('yuv420p');
      expect((await firstVideoFrame(segment.path, segment.init)).isKey, `segment ${i} of ${variant.uri} starts with a key frame`).to.equal(true);
    }
    rungs.push(media);
  }
  // Boundaries match across rungs: same number of segments, same durations.
  const durations = rungs.map((r) => r.segments.map((s) => s.duration.toFixed(3)).join(','));
  expect(new Set(durations).size, `segment boundaries across rungs: ${durations.join(' | ')}`).to.equal(1);
  if (audio && rungs[0]) {
    // Audio ends with the video: no trailing sliver of an audio segment (it would inflate every BANDWIDTH).
    expect(audio.segments.map((s) => s.duration.toFixed(1)), 'audio segments').to.have.length(rungs[0].segments.length);
  }
  return { master, rungs, audio };
}

describe('HLS packaging with real ffmpeg', function () {
  this.timeout(180_000);
  let out: string;
  before(requireFfmpeg);
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'hls-it-'));
  });
  afterEach(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('writes a TS ladder whose master is measured, strict, aligned and key-framed (operator API)', async () => {
    const source = await makeTestVideo({ width: 640, height: 360, fps: 30, durationSeconds: 9, videoBitrateBps: 1_500_000 });
    const events = await lastValueFrom(
      fromFile(source).pipe(
        packageHls({
          output: join(out, 'master.m3u8'),
          segmentDurationSeconds: 4,
          representations: [new Representation(new Size(640, 360), new Bitrate(900_000, 96_000)), new Representation(new Size(320, 180), new Bitrate(300_000))],
          format: Formats.h264({ videoOptions: { preset: 'ultrafast' } }),
        }),
        toArray(),
      ),
    );
    const types = events.map((e) => e.type);
    expect(types[0]).to.equal('start');
    expect(types.at(-1)).to.equal('done');
    const start = events[0] as Extract<PackagingEvent, { type: 'start' }>;
    expect(start.argv).to.include('-var_stream_map');
    const percents = events.flatMap((e) => (e.type === 'progress' && e.progress.percent !== null ? [e.progress.percent] : []));
    expect(percents.at(-1)).to.equal(100);
    expect(percents).to.deep.equal([...percents].sort((a, b) => a - b));
    const { master, rungs } = await checkHlsPackage(join(out, 'master.m3u8'), true);
    expect(master.variants.map((v) => v.resolution?.height).sort()).to.deep.equal([180, 360]);
    expect(rungs[0]?.segments.map((s) => s.duration)).to.deep.equal([4, 4, 1]);
    const done = events.at(-1) as Extract<PackagingEvent, { type: 'done' }>;
    const listed = new Set(done.result.files.map((f) => f.key));
    expect([...(await readdir(out))].filter((n) => !listed.has(n)), 'every file on disk is reported').to.deep.equal([]);
  });

  it('writes an fMP4 ladder through the facade, with audio encoded once for every rung', async () => {
    const source = await makeTestVideo({ width: 640, height: 360, fps: 25, durationSeconds: 7 });
    const result = await input(source)
      .hls(Formats.h264({ videoOptions: { preset: 'ultrafast' } }), { segmentDurationSeconds: 2 })
      .fragmentedMp4()
      .representations(new Representation(new Size(640, 360), new Bitrate(800_000)), new Representation(new Size(426, 240), new Bitrate(400_000)))
      .output(join(out, 'fmp4', 'stream.m3u8'));
    expect(result.presentation?.segmentFormat).to.equal('fmp4');
    const { rungs } = await checkHlsPackage(result.manifestPath, true);
    expect(rungs[0]?.text).to.contain('#EXT-X-MAP:URI=');
    const audioRenditions = result.presentation?.renditions.filter((r) => r.type === 'audio') ?? [];
    expect(audioRenditions).to.have.length(1);
    // One audio encode: the argv maps one audio output, and the filter graph reads the audio stream once.
    const maps = result.argv.filter((_, i) => result.argv[i - 1] === '-map');
    expect(maps.filter((m) => !/^\[v\d+\]$/u.test(m))).to.deep.equal(['[a0]']);
    expect(result.argv[result.argv.indexOf('-filter_complex') + 1]?.match(/atrim/gu)).to.have.length(1);
  });

  it('keeps names with dots, spaces, quotes, $(...), ; and non-ASCII working', async () => {
    const source = await makeTestVideo({ width: 320, height: 180, durationSeconds: 3 });
    const dir = join(out, `we ird; $(touch pwned) "dir" ü`);
    const result = await input(source)
      .hls(Formats.h264({ videoOptions: { preset: 'ultrafast' } }), { segmentDurationSeconds: 2 })
      .autoGenerateRepresentations()
      .output(join(dir, `my.video "final" é.m3u8`));
    expect(result.manifestPath.endsWith('my.video "final" é.m3u8')).to.equal(true);
    await checkHlsPackage(result.manifestPath, true);
    expect(await readdir(process.cwd())).to.not.include('pwned');
  });

  it('never lets two rungs of one height collide on file names', async () => {
    const source = await makeTestVideo({ width: 640, height: 360, durationSeconds: 3 });
    const result = await input(source)
      .hls(Formats.h264({ videoOptions: { preset: 'ultrafast' } }), { segmentDurationSeconds: 2 })
      .representations(new Representation(new Size(640, 360), new Bitrate(900_000)), new Representation(new Size(640, 360), new Bitrate(400_000)))
      .output(join(out, 'master.m3u8'));
    const master = await readMaster(result.manifestPath);
    expect(new Set(master.variants.map((v) => v.uri)).size).to.equal(2);
    const peaks = result.presentation?.renditions.filter((r) => r.type === 'video').map((r) => r.averageBps) ?? [];
    expect(peaks[0]).to.be.greaterThan(peaks[1] ?? Infinity);
  });

  it('packages a video-only input without an audio group', async () => {
    const source = await makeTestVideo({ width: 320, height: 180, durationSeconds: 3, audio: false });
    const result = await input(source).hls(Formats.h264({ videoOptions: { preset: 'ultrafast' } }), { segmentDurationSeconds: 2 }).output(join(out, 'v.m3u8'));
    const { master } = await checkHlsPackage(result.manifestPath, false);
    expect(master.variants[0]?.audio ?? []).to.have.length(0);
  });

  it('packages an audio-only input as an audio-only package', async () => {
    const source = await makeTestVideo({ video: false, durationSeconds: 5 });
    const result = await input(source).hls(Formats.h264(), { segmentDurationSeconds: 2 }).output(join(out, 'a.m3u8'));
    const master = await readMaster(result.manifestPath);
    expect(master.variants).to.have.length(1);
    expect(master.variants[0]?.codecs).to.equal('mp4a.40.2');
    expect(master.variants[0]?.resolution).to.equal(undefined);
    expect(result.presentation?.renditions.map((r) => r.type)).to.deep.equal(['audio']);
  });

  it('turns 4:4:4 and 10-bit sources into 8-bit 4:2:0 and keeps portrait and odd sizes even', async () => {
    const portrait444 = await makeTestVideo({ width: 361, height: 641, pixFmt: 'yuv444p', durationSeconds: 3 });
    const result = await input(portrait444).hls(Formats.h264({ videoOptions: { preset: 'ultrafast' } }), { segmentDurationSeconds: 2 }).output(join(out, 'p.m3u8'));
    const video = result.presentation?.renditions.filter((r) => r.type === 'video') ?? [];
    expect(video.length).to.be.greaterThan(0);
    for (const r of video) {
      if (r.type !== 'video') continue;
      expect(r.width % 2, `${r.width}x${r.height}`).to.equal(0);
      expect(r.height % 2).to.equal(0);
      expect(r.height).to.be.greaterThan(r.width);
    }
    await checkHlsPackage(result.manifestPath, true);
    const tenBit = await makeTestVideo({ width: 320, height: 180, pixFmt: 'yuv420p10le', durationSeconds: 2 });
    const r10 = await input(tenBit).hls(Formats.h264({ videoOptions: { preset: 'ultrafast' } }), { segmentDurationSeconds: 2 }).output(join(out, 'ten.m3u8'));
    await checkHlsPackage(r10.manifestPath, true);
  });

  it('keeps a 60 fps source at 60 fps with key frames still every 2 s', async () => {
    const source = await makeTestVideo({ width: 320, height: 180, fps: 60, durationSeconds: 5 });
    const result = await input(source).hls(Formats.h264({ videoOptions: { preset: 'ultrafast' } }), { segmentDurationSeconds: 2 }).output(join(out, 'sixty.m3u8'));
    const { master } = await checkHlsPackage(result.manifestPath, true);
    expect(master.variants[0]?.frameRate).to.equal(60);
  });
});
