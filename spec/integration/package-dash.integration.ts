import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bitrate, Formats, Representation, Size, input } from '../../lib/index.js';
import { readMpd } from '../../lib/manifest/read-mpd.js';
import { makeTestVideo } from '../helpers/media.js';
import { firstVideoFrame, parseStrict, probeSegment, readMediaPlaylist } from '../helpers/package-checks.js';
import { requireFfmpeg } from '../helpers/require-tool.js';

describe('DASH packaging with real ffmpeg', function () {
  this.timeout(180_000);
  let out: string;
  before(requireFfmpeg);
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'dash-it-'));
  });
  afterEach(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('writes one MPD: one video AdaptationSet with every rung, one audio Representation, a true maxSegmentDuration', async () => {
    // 25 fps and 3 s segments from 1.5 s key frames: segments come out as 3, 3, 1 s.
    const source = await makeTestVideo({ width: 640, height: 360, fps: 25, durationSeconds: 7 });
    const result = await input(source)
      .dash(Formats.h264({ videoOptions: { preset: 'ultrafast' } }), { segmentDurationSeconds: 3, keyFrameIntervalSeconds: 1.5 })
      .representations(
        new Representation(new Size(640, 360), new Bitrate(800_000)),
        new Representation(new Size(480, 270), new Bitrate(500_000)),
        new Representation(new Size(320, 180), new Bitrate(250_000)),
      )
      .output(join(out, 'manifest.mpd'));
    const xml = await readFile(result.manifestPath, 'utf8');
    const mpd = readMpd(xml);
    const sets = mpd.periods[0]?.adaptationSets ?? [];
    const videoSets = sets.filter((s) => s.contentType === 'video');
    const audioSets = sets.filter((s) => s.contentType === 'audio');
    expect(videoSets).to.have.length(1);
    expect(videoSets[0]?.representations).to.have.length(3);
    expect(audioSets).to.have.length(1);
    expect(audioSets[0]?.representations).to.have.length(1);
    let longest = 0;
    const perRung: string[] = [];
    for (const set of sets) {
      for (const rep of set.representations) {
        const { initUri, segments } = rep;
        expect(initUri).to.be.a('string');
        const init = join(out, initUri ?? '');
        for (const s of segments) {
          longest = Math.max(longest, s.durationSeconds);
          const streams = await probeSegment(join(out, s.uri), init);
          expect(streams.length).to.be.greaterThan(0);
          if (set.contentType === 'video') expect((await firstVideoFrame(join(out, s.uri), init)).isKey, s.uri).to.equal(true);
        }
        if (set.contentType === 'video') perRung.push(segments.map((s) => s.durationSeconds.toFixed(3)).join(','));
      }
    }
    expect(new Set(perRung).size, `aligned: ${perRung.join(' | ')}`).to.equal(1);
    expect(mpd.maxSegmentDurationSeconds).to.be.closeTo(longest, 0.001);
    expect(mpd.minBufferTimeSeconds).to.be.at.least(longest - 0.001);
    expect(await readdir(out)).to.not.include.members(['.manifest.partial.mpd']);
  });

  it('writes HLS playlists over the same segments with generateHlsPlaylist()', async () => {
    const source = await makeTestVideo({ width: 640, height: 360, durationSeconds: 5 });
    const result = await input(source)
      .dash(Formats.h264({ videoOptions: { preset: 'ultrafast' } }), { segmentDurationSeconds: 2 })
      .generateHlsPlaylist()
      .representations(new Representation(new Size(640, 360), new Bitrate(700_000)), new Representation(new Size(320, 180), new Bitrate(250_000)))
      .output(join(out, 'show.mpd'));
    expect(result.hlsMasterPath).to.equal(join(out, 'show.m3u8'));
    const master = parseStrict(await readFile(join(out, 'show.m3u8'), 'utf8'));
    expect(master.isMasterPlaylist).to.equal(true);
    const variants = (master as import('hls-parser').types.MasterPlaylist).variants;
    expect(variants).to.have.length(2);
    const mpdXml = await readFile(result.manifestPath, 'utf8');
    for (const v of variants) {
      const media = await readMediaPlaylist(join(out, v.uri));
      expect(media.text).to.contain('#EXT-X-PLAYLIST-TYPE:VOD');
      // Same files as the MPD's: the MPD's media template names them.
      for (const s of media.segments) expect(s.path.startsWith(join(out, 'show_chunk_'))).to.equal(true);
    }
    expect(mpdXml).to.contain('show_chunk_$RepresentationID$');
    expect((await readdir(out)).filter((n) => /^media_\d+\.m3u8$/u.test(n))).to.deep.equal([]);
  });

  it('writes VP9/Opus DASH', async () => {
    const source = await makeTestVideo({ width: 320, height: 180, durationSeconds: 4 });
    const result = await input(source)
      .dash(Formats.vp9({ audio: 'opus', videoOptions: { deadline: 'realtime', 'cpu-used': '8' } }), { segmentDurationSeconds: 2 })
      .representations(new Representation(new Size(320, 180), new Bitrate(300_000)), new Representation(new Size(160, 90), new Bitrate(100_000)))
      .output(join(out, 'vp9.mpd'));
    const codecs = result.presentation?.renditions.map((r) => r.codecs) ?? [];
    expect(codecs.filter((c) => c.startsWith('vp09.'))).to.have.length(2);
    expect(codecs).to.include('opus');
  });
});
