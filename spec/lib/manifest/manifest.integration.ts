import { expect } from 'chai';
import * as HLS from 'hls-parser';
import type { MasterPlaylist } from 'hls-parser/types.js';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Presentation, VideoRendition } from '../../../lib/contracts/presentation.js';
import { buildPresentation } from '../../../lib/manifest/build-presentation.js';
import { codecsOf } from '../../../lib/manifest/codecs-of.js';
import { finalizeMpd } from '../../../lib/manifest/finalize-mpd.js';
import { normalizeVodMediaPlaylist } from '../../../lib/manifest/normalize-vod-media-playlist.js';
import { readMpd } from '../../../lib/manifest/read-mpd.js';
import { writeFileAtomic } from '../../../lib/manifest/write-file-atomic.js';
import { writeHlsMaster } from '../../../lib/manifest/write-hls-master.js';
import { hasFfmpeg, makeAwkwardlyNamedAudio, makeDashClip, makeDashLadder, makeHlsLadder, makeTsClip, probeCodecs, recomputeBitrates } from './ffmpeg-packages.js';

const H264_PROFILES: Record<string, number> = { Baseline: 66, 'Constrained Baseline': 66, Main: 77, High: 100 };
const HEVC_PROFILES: Record<string, number> = { Main: 1, 'Main 10': 2 };

function parseStrictMaster(text: string): MasterPlaylist {
  const previous = { ...HLS.getOptions() };
  HLS.setOptions({ strictMode: true, silent: true });
  let parsed: ReturnType<typeof HLS.parse>;
  try {
    parsed = HLS.parse(text);
  } finally {
    HLS.setOptions(previous); // hls-parser's options are global: leave them as found
  }
  expect(parsed.isMasterPlaylist).to.equal(true);
  return parsed as MasterPlaylist;
}

/** ffprobe's facts about the video of an init segment followed by its first media segment. */
async function probeVideo(dir: string, init: string, segment: string): Promise<{ profile: string; level: number; pix_fmt: string }> {
  const streams = await probeCodecs(Buffer.concat([readFileSync(join(dir, init)), readFileSync(join(dir, segment))]));
  const v = streams[0];
  return { profile: v?.profile ?? '', level: v?.level ?? -1, pix_fmt: v?.pix_fmt ?? '' };
}

function ladderSources(dir: string): { type: 'video' | 'audio'; id: string; playlistPath: string; language?: string }[] {
  return [
    { type: 'video', id: '360p', playlistPath: join(dir, 'clip_360p.m3u8') },
    { type: 'video', id: '180p', playlistPath: join(dir, 'clip_180p.m3u8') },
    { type: 'audio', id: 'audio', playlistPath: join(dir, 'clip_audio.m3u8'), language: 'en' },
  ];
}

describe('manifest: measuring real ffmpeg packages and writing manifests', function () {
  // Some cases below switch hls-parser's global options to strict: leave them as this file found them.
  const optionsBefore = { ...HLS.getOptions() };
  after(() => HLS.setOptions(optionsBefore));
  this.timeout(60_000);
  let root: string;

  before(async function () {
    if (!(await hasFfmpeg())) this.skip();
    root = mkdtempSync(join(tmpdir(), 'manifest-it-'));
  });
  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  for (const segmentType of ['mpegts', 'fmp4'] as const) {
    describe(`HLS ${segmentType} ladder (one ffmpeg, var_stream_map)`, () => {
      let dir: string;
      let presentation: Presentation;
      before(async () => {
        dir = join(root, segmentType);
        mkdirSync(dir);
        await makeHlsLadder(dir, segmentType);
        presentation = await buildPresentation({ format: 'hls', renditions: ladderSources(dir) });
      });

      it('reads H.264/AAC codec strings that match ffprobe and the CODECS of ffmpeg\'s own master', async () => {
        const ffmpegMaster = parseStrictMaster(readFileSync(join(dir, 'ffmpeg_master.m3u8'), 'utf8'));
        for (const r of presentation.renditions.filter((x): x is VideoRendition => x.type === 'video')) {
          const first = readFileSync(join(dir, r.segments[0]?.uri ?? ''));
          const probed = (await probeCodecs(r.initUri === undefined ? first : Buffer.concat([readFileSync(join(dir, r.initUri)), first])))[0];
          const m = /^avc1\.([0-9a-f]{2})[0-9a-f]{2}([0-9a-f]{2})$/u.exec(r.codecs);
          expect(m, r.codecs).to.not.equal(null);
          expect(Number.parseInt(m?.[1] ?? '', 16)).to.equal(H264_PROFILES[probed?.profile ?? '']);
          expect(Number.parseInt(m?.[2] ?? '', 16)).to.equal(probed?.level);
          const theirs = ffmpegMaster.variants.find((v) => v.uri === `clip_${r.id}.m3u8`);
          expect(theirs?.codecs).to.equal(`${r.codecs},mp4a.40.2`);
          expect(r).to.include({ width: r.id === '360p' ? 640 : 320, height: r.id === '360p' ? 360 : 180, frameRate: 30 });
        }
        expect(presentation.renditions.find((r) => r.type === 'audio')).to.include({ codecs: 'mp4a.40.2', channels: 2, sampleRateHz: 48000, language: 'en' });
      });

      it('measures peak and average within 1% of a recomputation from EXTINF and file sizes', () => {
        for (const r of presentation.renditions) {
          const expected = recomputeBitrates(join(dir, r.playlistUri));
          expect(r.peakBps).to.be.closeTo(expected.peakBps, expected.peakBps * 0.01);
          expect(r.averageBps).to.be.closeTo(expected.averageBps, expected.averageBps * 0.01);
        }
        expect(presentation).to.include({ kind: 'vod', segmentFormat: segmentType });
        expect(presentation.durationSeconds).to.be.closeTo(10, 0.1);
      });

      it('writes a master that parses strictly, with BANDWIDTH = rung peak + audio peak', async () => {
        const path = join(dir, 'master.m3u8');
        await writeFileAtomic(path, writeHlsMaster(presentation));
        const master = parseStrictMaster(readFileSync(path, 'utf8'));
        const audio = presentation.renditions.find((r) => r.type === 'audio');
        expect(master.version).to.equal(segmentType === 'fmp4' ? 7 : 3);
        for (const variant of master.variants) {
          const rung = presentation.renditions.find((r) => r.playlistUri === variant.uri);
          expect(variant.bandwidth).to.equal(Math.ceil((rung?.peakBps ?? 0) + (audio?.peakBps ?? 0)));
          expect(variant.audio[0]?.uri).to.equal('clip_audio.m3u8');
        }
      });

      if (segmentType === 'mpegts') {
        it('builds audio-only and video-only presentations from the same renditions', async () => {
          const sources = ladderSources(dir);
          const audioOnly = parseStrictMaster(writeHlsMaster(await buildPresentation({ format: 'hls', renditions: sources.filter((r) => r.type === 'audio') })));
          expect(audioOnly.variants.map((v) => [v.uri, v.codecs, v.resolution])).to.deep.equal([['clip_audio.m3u8', 'mp4a.40.2', undefined]]);
          const videoOnly = writeHlsMaster(await buildPresentation({ format: 'hls', renditions: sources.filter((r) => r.type === 'video') }));
          expect(videoOnly).to.not.include('AUDIO');
          expect(parseStrictMaster(videoOnly).variants).to.have.length(2);
        });

        it('rejects a rendition declared with the wrong type', async () => {
          const error = await buildPresentation({ format: 'hls', renditions: [{ type: 'video', id: 'audio', playlistPath: join(dir, 'clip_audio.m3u8') }] }).catch((e: unknown) => e);
          expect(error).to.have.property('code', 'INVALID_OPTION');
        });
      }

      if (segmentType === 'fmp4') {
        it('names init segments <stem>_<name>_init.mp4 when -hls_fmp4_init_filename has %v', () => {
          expect(presentation.renditions.map((r) => r.initUri)).to.deep.equal(['clip_360p_init.mp4', 'clip_180p_init.mp4', 'clip_audio_init.mp4']);
        });
        it('normalises the audio playlist (ffmpeg omits INDEPENDENT-SEGMENTS there) to a strict VOD playlist', () => {
          const text = normalizeVodMediaPlaylist(readFileSync(join(dir, 'clip_audio.m3u8'), 'utf8'));
          HLS.setOptions({ strictMode: true, silent: true });
          const parsed = HLS.parse(text);
          expect(parsed.independentSegments).to.equal(true);
        });
      }
    });
  }

  describe('DASH ladder with -hls_playlist 1', () => {
    let dir: string;
    let presentation: Presentation;
    before(async () => {
      dir = join(root, 'dash');
      mkdirSync(dir);
      await makeDashLadder(dir);
      presentation = await buildPresentation({ format: 'dash', mpdPath: join(dir, 'clip.mpd') });
    });

    it('finds the media_<RepresentationID>.m3u8 playlists ffmpeg wrote next to its renamed master', () => {
      const files = readdirSync(dir);
      expect(files).to.include.members(['ffmpeg_master.m3u8', 'media_0.m3u8', 'media_1.m3u8', 'media_2.m3u8']);
      expect(files).to.not.include('master.m3u8');
      expect(presentation.renditions.map((r) => [r.id, r.type, r.playlistUri, r.initUri])).to.deep.equal([
        ['0', 'video', 'media_0.m3u8', 'clip_init_0.m4s'],
        ['1', 'video', 'media_1.m3u8', 'clip_init_1.m4s'],
        ['2', 'audio', 'media_2.m3u8', 'clip_init_2.m4s'],
      ]);
    });

    it('finalizes the MPD: true maxSegmentDuration and minBufferTime, measured bandwidth, exact codecs', () => {
      const xml = readFileSync(join(dir, 'clip.mpd'), 'utf8');
      const finalized = readMpd(finalizeMpd(xml, presentation));
      const longest = Math.max(...['media_0.m3u8', 'media_1.m3u8', 'media_2.m3u8'].map((p) => recomputeBitrates(join(dir, p)).longestSeconds));
      expect(finalized.maxSegmentDurationSeconds).to.be.at.least(longest - 1e-6);
      expect(finalized.maxSegmentDurationSeconds).to.be.closeTo(longest, 0.001);
      expect(finalized.minBufferTimeSeconds).to.be.at.least(longest - 1e-6);
      const original = readMpd(xml).periods[0]?.adaptationSets.flatMap((s) => s.representations) ?? [];
      const reps = finalized.periods[0]?.adaptationSets.flatMap((s) => s.representations) ?? [];
      for (const rep of reps) {
        const measured = presentation.renditions.find((r) => r.id === rep.id);
        expect(rep.bandwidthBps).to.equal(Math.ceil(measured?.peakBps ?? 0));
        expect(rep.codecs).to.equal(measured?.codecs);
        // ffmpeg gets H.264 and AAC right; the measured strings must agree with it.
        expect(rep.codecs).to.equal(original.find((o) => o.id === rep.id)?.codecs);
      }
    });

    it('writes a strict master over normalised media playlists', () => {
      for (const r of presentation.renditions) {
        const text = normalizeVodMediaPlaylist(readFileSync(join(dir, r.playlistUri), 'utf8'), { targetDurationSeconds: 4 });
        expect(text).to.not.include('PROGRAM-DATE-TIME');
        HLS.setOptions({ strictMode: true, silent: true });
        HLS.parse(text);
      }
      const master = parseStrictMaster(writeHlsMaster(presentation));
      expect(master.variants.map((v) => v.uri)).to.deep.equal(['media_0.m3u8', 'media_1.m3u8']);
    });
  });

  it('handles file names with spaces, double quotes and non-ASCII end to end', async () => {
    const dir = join(root, 'awkward', 'sub dir');
    mkdirSync(dir, { recursive: true });
    const playlistPath = await makeAwkwardlyNamedAudio(dir, 'my "clip" é');
    // ffmpeg writes the names raw, which breaks its own EXT-X-MAP attribute; normalising encodes them.
    expect(readFileSync(playlistPath, 'utf8')).to.include('#EXT-X-MAP:URI="my "clip" é_init.mp4"');
    await writeFileAtomic(playlistPath, normalizeVodMediaPlaylist(readFileSync(playlistPath, 'utf8')));
    const media = readFileSync(playlistPath, 'utf8');
    expect(media).to.include('#EXT-X-MAP:URI="my%20%22clip%22%20%C3%A9_init.mp4"');
    HLS.setOptions({ strictMode: true, silent: true });
    HLS.parse(media);
    const presentation = await buildPresentation({ format: 'hls', masterDir: join(root, 'awkward'), renditions: [{ type: 'audio', id: 'a', playlistPath }] });
    expect(presentation.renditions[0]).to.include({ codecs: 'mp4a.40.2', playlistUri: 'sub%20dir/my%20%22clip%22%20%C3%A9.m3u8', initUri: 'my%20%22clip%22%20%C3%A9_init.mp4' });
    const master = parseStrictMaster(writeHlsMaster(presentation));
    expect(master.variants[0]?.uri).to.equal('sub%20dir/my%20%22clip%22%20%C3%A9.m3u8');
  });

  describe('codec strings of other encoders', () => {
    it('HEVC (-tag:v hvc1): profile and level match ffprobe; finalizeMpd replaces ffmpeg\'s bare "hvc1"', async () => {
      const dir = join(root, 'hevc');
      mkdirSync(dir);
      await makeDashClip(dir, ['-c:v', 'libx265', '-preset', 'ultrafast', '-tag:v', 'hvc1', '-x265-params', 'log-level=error', '-b:v', '300k'], ['-c:a', 'aac']);
      const xml = readFileSync(join(dir, 'clip.mpd'), 'utf8');
      expect(xml).to.include('codecs="hvc1"');
      const { video } = await codecsOf(join(dir, 'init-stream0.m4s'));
      const probed = await probeVideo(dir, 'init-stream0.m4s', 'chunk-stream0-00001.m4s');
      expect(video).to.equal(`hvc1.${HEVC_PROFILES[probed.profile]}.6.L${probed.level}.90`);
      const presentation = await buildPresentation({ format: 'dash', mpdPath: join(dir, 'clip.mpd') });
      expect(finalizeMpd(xml, presentation)).to.include(`codecs="${video}"`);
    });

    it('VP9/Opus and AV1: profile, level and bit depth match ffprobe and ffmpeg\'s MPD', async () => {
      const cases = [
        { name: 'vp9', video: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '200k'], audio: ['-c:a', 'libopus', '-b:a', '48k'], expectedAudio: 'opus' },
        { name: 'av1', video: ['-c:v', 'libaom-av1', '-usage', 'realtime', '-cpu-used', '8', '-lag-in-frames', '0', '-b:v', '200k'], audio: ['-c:a', 'aac'], expectedAudio: 'mp4a.40.2' },
      ];
      for (const c of cases) {
        const dir = join(root, c.name);
        mkdirSync(dir);
        await makeDashClip(dir, c.video, c.audio);
        const mpdCodecs = readMpd(readFileSync(join(dir, 'clip.mpd'), 'utf8')).periods[0]?.adaptationSets.map((s) => s.representations[0]?.codecs);
        const codecs = { video: (await codecsOf(join(dir, 'init-stream0.m4s'))).video, audio: (await codecsOf(join(dir, 'init-stream1.m4s'))).audio };
        expect([codecs.video, codecs.audio]).to.deep.equal(mpdCodecs);
        expect(codecs.audio).to.equal(c.expectedAudio);
        const probed = await probeVideo(dir, 'init-stream0.m4s', 'chunk-stream0-00001.m4s');
        const depth = probed.pix_fmt.includes('10') ? '10' : '08';
        if (c.name === 'vp9') expect(codecs.video).to.match(new RegExp(`^vp09\\.0${/Profile (\d)/u.exec(probed.profile)?.[1] ?? '?'}\\.\\d\\d\\.${depth}$`, 'u'));
        else expect(codecs.video).to.equal(`av01.${probed.profile === 'Main' ? 0 : '?'}.${String(probed.level).padStart(2, '0')}M.${depth}`);
      }
    });

    it('MPEG-TS: H.264 Constrained Baseline and HEVC read from the in-band SPS match ffprobe', async () => {
      const base = join(root, 'baseline.ts');
      const hevc = join(root, 'hevc.ts');
      await makeTsClip(base, ['-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'baseline', '-level', '3.1']);
      await makeTsClip(hevc, ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error']);
      expect(await codecsOf(base)).to.deep.equal({ video: 'avc1.42c01f', audio: 'mp4a.40.2' });
      const probed = (await probeCodecs(readFileSync(hevc)))[0];
      expect(await codecsOf(hevc)).to.deep.equal({ video: `hvc1.${HEVC_PROFILES[probed?.profile ?? '']}.6.L${probed?.level}.90`, audio: 'mp4a.40.2' });
      expect(existsSync(base)).to.equal(true);
    });
  });
});
