/**
 * `ffstream` driven as a user drives it: a child process (`node --import tsx lib/cli/ffstream.ts ...`) with real
 * ffmpeg, generated media, one temporary directory per test. Asserts exit codes, the stdout contract (--json: one
 * event per line) and the files each command writes. Failures, Ctrl-C and the TTY bar: ffstream-terminal.integration.ts.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { execa } from 'execa';
import HLS from 'hls-parser';
import { makeTestVideo } from '../helpers/media.js';
import { eventsOf, jsonLines } from './json-lines.js';
import { runFfstream } from './run-ffstream.js';
import { useCliWorkspace } from './use-cli-workspace.js';

async function ffprobeJson(path: string): Promise<{ format: { duration?: string }; streams: { codec_type: string; codec_name: string; width?: number; height?: number }[] }> {
  const { stdout } = await execa('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', path]);
  return JSON.parse(stdout) as Awaited<ReturnType<typeof ffprobeJson>>;
}

/** The variant streams of a master playlist (strictly parsed). */
async function variantsOf(masterPath: string): Promise<HLS.types.Variant[]> {
  HLS.setOptions({ strictMode: true });
  try {
    const playlist = HLS.parse(await readFile(masterPath, 'utf8'));
    expect(playlist.isMasterPlaylist, `${masterPath} is a master playlist`).to.equal(true);
    return (playlist as HLS.types.MasterPlaylist).variants;
  } finally {
    HLS.setOptions({ strictMode: false });
  }
}

describe('ffstream CLI (child process, real ffmpeg)', function () {
  this.timeout(90_000);
  const CLIP = { width: 640, height: 360, durationSeconds: 8 } as const;
  const cli = useCliWorkspace(CLIP);

  describe('probe', () => {
    it('describes the streams for a person', async () => {
      const { clip } = cli;
      const run = await runFfstream(['probe', clip]);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stderr).to.equal('');
      expect(run.stdout).to.include(clip);
      expect(run.stdout).to.match(new RegExp(`video #0: h264 ${CLIP.width}x${CLIP.height} `, 'u'));
      expect(run.stdout).to.match(/audio #1: aac 2 ch 48000 Hz/u);
      expect(run.stdout).to.match(/duration: (\d+\.\d+) s/u);
      const seconds = Number(/duration: (\d+\.\d+) s/u.exec(run.stdout)?.[1]);
      expect(seconds).to.be.closeTo(CLIP.durationSeconds, 0.1);
    });

    it('prints one JSON document with --json', async () => {
      const { clip } = cli;
      const run = await runFfstream(['probe', clip, '--json']);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout.trimEnd().split('\n'), 'one line').to.have.lengthOf(1);
      const info = JSON.parse(run.stdout) as { streams: { type: string; width?: number; height?: number }[]; durationSeconds: number; raw?: unknown };
      const video = info.streams.find((s) => s.type === 'video');
      expect(video).to.include({ width: CLIP.width, height: CLIP.height });
      expect(info.streams.some((s) => s.type === 'audio')).to.equal(true);
      expect(info.durationSeconds).to.be.closeTo(CLIP.durationSeconds, 0.1);
      expect(info, 'the raw ffprobe report is left out').to.not.have.property('raw');
    });
  });

  describe('hls', () => {
    it('--json: start with the argv, rising progress to 100, then done with a master of both --rep', async () => {
      const { clip, dir } = cli;
      const reps = ['640x360@800k', '320x180@300k'];
      const output = join(dir, 'out', 'master.m3u8');
      const run = await runFfstream(['hls', clip, '-o', output, '--json', '--segment-seconds', '2', ...reps.flatMap((r) => ['--rep', r])]);
      expect(run.code, run.stderr || run.stdout).to.equal(0);
      expect(run.stderr).to.equal('');

      const events = jsonLines(run.stdout);
      const first = events[0];
      if (first?.type !== 'start') return expect.fail(`first event is ${JSON.stringify(first)}`);
      expect(first.argv).to.be.an('array');
      expect(first.argv.some((arg, i) => arg === '-f' && first.argv[i + 1] === 'hls'), first.argv.join(' ')).to.equal(true);
      expect(first.argv).to.include(clip);
      expect(first.argv[first.argv.indexOf('-hls_time') + 1]).to.equal('2');
      expect(eventsOf(events, 'start')).to.have.lengthOf(1);

      const percents = eventsOf(events, 'progress').map((e) => e.progress.percent);
      expect(percents.length).to.be.greaterThan(0);
      for (const [i, p] of percents.entries()) {
        expect(p, `progress #${i}`).to.be.a('number');
        if (i > 0) expect(p, `progress #${i} after ${String(percents[i - 1])}`).to.be.at.least(percents[i - 1] ?? 0);
      }
      expect(percents.at(-1)).to.equal(100);

      const last = events.at(-1);
      if (last?.type !== 'done') return expect.fail(`last event is ${JSON.stringify(last)}`);
      expect(eventsOf(events, 'done')).to.have.lengthOf(1);
      expect(last.result.manifestPath).to.equal(output);
      expect(existsSync(last.result.manifestPath)).to.equal(true);
      for (const file of last.result.files) expect(existsSync(file.localPath), file.localPath).to.equal(true);

      const variants = await variantsOf(output);
      expect(variants).to.have.lengthOf(reps.length);
      const sizes = reps.map((r) => r.split('@')[0]);
      expect(variants.map((v) => `${v.resolution?.width}x${v.resolution?.height}`)).to.have.members(sizes);
      for (const v of variants) expect(existsSync(join(dir, 'out', v.uri)), v.uri).to.equal(true);
      // Segments follow --segment-seconds: an 8 s clip cut every 2 s gives at least 4 segments per rung.
      expect(last.result.files.filter((f) => f.kind === 'segment' && f.key.includes('_360p_')).length).to.be.at.least(CLIP.durationSeconds / 2);
    });

    it('--fmp4 --codec vp9 writes init segments and a master with vp09 codecs', async function () {
      const { dir } = cli;
      const tiny = await makeTestVideo({ durationSeconds: 2 });
      const output = join(dir, 'vp9', 'master.m3u8');
      const run = await runFfstream(['hls', tiny, '-o', output, '--fmp4', '--codec', 'vp9', '--rep', '320x180@300k', '--json']);
      expect(run.code, run.stderr || run.stdout).to.equal(0);
      const events = jsonLines(run.stdout);
      const start = eventsOf(events, 'start')[0];
      expect(start?.argv).to.include('libvpx-vp9');
      expect(start?.argv[(start?.argv.indexOf('-hls_segment_type') ?? -2) + 1]).to.equal('fmp4');
      const done = eventsOf(events, 'done')[0];
      expect(done?.result.files.some((f) => f.kind === 'init' && f.key.endsWith('.mp4'))).to.equal(true);
      expect(done?.result.files.some((f) => f.kind === 'segment' && f.key.endsWith('.m4s'))).to.equal(true);
      const variants = await variantsOf(output);
      expect(variants).to.have.lengthOf(1);
      expect(variants[0]?.codecs).to.match(/^vp09\./u);
    });
  });

  describe('dash', () => {
    it('--hls-playlist --codec h264 writes the MPD and an HLS master over the same segments (human output)', async () => {
      const { clip, dir } = cli;
      const output = join(dir, 'dash', 'manifest.mpd');
      const run = await runFfstream(['dash', clip, '-o', output, '--hls-playlist', '--codec', 'h264', '--rep', '640x360@800k', '--segment-seconds', '2']);
      expect(run.code, run.stderr).to.equal(0);
      // Not a TTY: no progress bar on stderr.
      expect(run.stderr).to.equal('');
      const master = join(dir, 'dash', 'manifest.m3u8');
      expect(run.stdout).to.include(`Wrote ${output} (1 video rendition)`);
      expect(run.stdout).to.include(`Wrote ${master}`);
      expect(await readFile(output, 'utf8')).to.match(/<MPD[\s>]/u);
      const variants = await variantsOf(master);
      expect(variants).to.have.lengthOf(1);
      expect(variants[0]?.codecs).to.match(/^avc1\./u);
    });
  });

  describe('convert', () => {
    it('writes an MP4 that ffprobe reads, as long as the input', async () => {
      const { clip, dir } = cli;
      const output = join(dir, 'mp4', 'clip.mp4');
      const run = await runFfstream(['convert', clip, '-o', output]);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.include(`Wrote ${output}`);
      const [written, source] = await Promise.all([ffprobeJson(output), ffprobeJson(clip)]);
      expect(Number(written.format.duration)).to.be.closeTo(Number(source.format.duration), 0.1);
      expect(written.streams.find((s) => s.codec_type === 'video')).to.include({ width: CLIP.width, height: CLIP.height });
      expect(written.streams.some((s) => s.codec_type === 'audio')).to.equal(true);
      // The temporary file ffmpeg wrote is renamed into place, not left beside it.
      expect(await readdir(join(dir, 'mp4'))).to.deep.equal(['clip.mp4']);
    });
  });
});
