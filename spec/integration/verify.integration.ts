/**
 * verify() and `ffstream verify` on real packages: this project's own (HLS, DASH, DASH's HLS playlists), raw
 * ffmpeg's, the Python seed's approach, deliberately broken copies, the same packages over HTTP, bad targets,
 * and the CLI's exit codes and output. Sources are small (320x180, 8–20 s) so the suite stays near a minute.
 */
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { execa } from 'execa';
import { Bitrate, Formats, Representation, Size, input, isPackagerError } from '../../lib/index.js';
import { verify } from '../../lib/verify/verify.js';
import type { RuleId, RuleResult, VerifyReport } from '../../lib/verify/verify-report.js';
import { makeTestFile, makeTestVideo } from '../helpers/media.js';
import { requireFfmpeg } from '../helpers/require-tool.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const format = Formats.h264({ videoOptions: { preset: 'ultrafast' } });
const rungs = (): Representation[] => [new Representation(new Size(320, 180), new Bitrate(400_000)), new Representation(new Size(160, 90), new Bitrate(150_000))];

const failed = (report: VerifyReport): RuleResult[] => report.checks.filter((c) => c.status === 'fail');
const statusesOf = (report: VerifyReport, rule: RuleId): string[] => report.checks.filter((c) => c.rule === rule).map((c) => c.status);
const summary = (report: VerifyReport): string[] => report.checks.map((c) => `${c.status} ${c.rule} ${c.subject}`);

/** Rejects with the PackagerError `verify()` throws; fails the test if it resolves. */
async function rejection(target: string): Promise<Error & { code: string }> {
  try {
    const report = await verify(target);
    expect.fail(`verify("${target}") resolved: ${JSON.stringify(summary(report))}`);
  } catch (error) {
    expect(isPackagerError(error), String(error)).to.equal(true);
    return error as Error & { code: string };
  }
}

/** A static file server over `root` on 127.0.0.1; paths in `blocked` answer 404. */
async function serve(root: string, blocked: ReadonlySet<string>): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path));
    if (blocked.has(path) || !file.startsWith(root + sep)) {
      response.writeHead(404).end('not found');
      return;
    }
    readFile(file).then(
      (bytes) => response.writeHead(200, { 'content-length': bytes.byteLength }).end(bytes),
      () => response.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, server };
}

async function ffmpeg(args: readonly string[], cwd: string): Promise<void> {
  await execa('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args], { cwd });
}

describe('verify() on real packages', function () {
  this.timeout(180_000);
  let work: string;
  let source: string;
  let ownHls: string;
  let ownDash: string;
  let ownDashHls: string;

  before(requireFfmpeg);
  before(async function () {
    this.timeout(120_000);
    work = await mkdtemp(join(tmpdir(), 'verify-it-'));
    source = await makeTestVideo({ width: 320, height: 180, fps: 30, durationSeconds: 8 });
    const [hls, dash] = await Promise.all([
      input(source).hls(format, { segmentDurationSeconds: 2 }).representations(...rungs()).output(join(work, 'own-hls', 'master.m3u8')),
      input(source).dash(format, { segmentDurationSeconds: 2 }).representations(...rungs()).generateHlsPlaylist().output(join(work, 'own-dash', 'manifest.mpd')),
    ]);
    ownHls = hls.manifestPath;
    ownDash = dash.manifestPath;
    ownDashHls = dash.hlsMasterPath ?? '';
  });
  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** A copy of our HLS package to break. */
  async function copyOwnHls(name: string): Promise<string> {
    const dir = join(work, name);
    await cp(join(ownHls, '..'), dir, { recursive: true });
    return dir;
  }

  describe("this project's own output", () => {
    it('HLS (MPEG-TS): ok, and every rule checked passes', async () => {
      const report = await verify(ownHls);
      expect(report.format).to.equal('hls');
      expect(report.checks.filter((c) => c.status !== 'pass'), JSON.stringify(summary(report))).to.deep.equal([]);
      expect(report.ok).to.equal(true);
      const rules = new Set(report.checks.map((c) => c.rule));
      for (const rule of ['hls.syntax.strict', 'hls.target-duration', 'hls.target-duration.shared', 'hls.playlist-type', 'hls.codecs.present', 'hls.codecs.match', 'hls.bandwidth.peak', 'hls.average-bandwidth', 'hls.resolution', 'hls.frame-rate', 'segments.present', 'segments.keyframe-start', 'segments.aligned', 'media.same-duration'] as const) {
        expect(rules.has(rule), rule).to.equal(true);
      }
      // Every variant's numbers are checked: two rungs, each with its own subject.
      expect(report.checks.filter((c) => c.rule === 'hls.bandwidth.peak').map((c) => c.subject).sort()).to.deep.equal(['master_180p.m3u8', 'master_90p.m3u8']);
    });

    it('DASH: ok, every rule passes, timeline and maxSegmentDuration included', async () => {
      const report = await verify(ownDash);
      expect(report.format).to.equal('dash');
      expect(report.checks.filter((c) => c.status !== 'pass'), JSON.stringify(summary(report))).to.deep.equal([]);
      const rules = new Set(report.checks.map((c) => c.rule));
      for (const rule of ['dash.video-adaptation-sets', 'dash.audio-duplicates', 'dash.timeline', 'dash.max-segment-duration', 'dash.codecs', 'dash.bandwidth', 'dash.resolution', 'segments.keyframe-start', 'segments.aligned', 'media.same-duration'] as const) {
        expect(rules.has(rule), rule).to.equal(true);
      }
    });

    it("DASH's HLS master over the same fMP4 segments: ok, every rule passes", async () => {
      const report = await verify(ownDashHls);
      expect(report.checks.filter((c) => c.status !== 'pass'), JSON.stringify(summary(report))).to.deep.equal([]);
    });

    it('a single media playlist can be verified on its own', async () => {
      const report = await verify(join(ownHls, '..', 'master_180p.m3u8'));
      expect(report.ok).to.equal(true);
      expect(report.checks.map((c) => c.rule)).to.include.members(['hls.syntax.strict', 'segments.present', 'segments.keyframe-start']);
    });
  });

  describe('raw ffmpeg output (var_stream_map, GOP aligned)', () => {
    it('is caught without AVERAGE-BANDWIDTH and FRAME-RATE, with a BANDWIDTH below the measured peak', async () => {
      const dir = join(work, 'raw');
      await mkdir(dir);
      await ffmpeg(
        [
          '-i', source, '-map', '0:v', '-map', '0:v', '-map', '0:a', '-map', '0:a',
          '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '60', '-keyint_min', '60', '-sc_threshold', '0',
          '-s:v:0', '320x180', '-b:v:0', '400k', '-s:v:1', '160x90', '-b:v:1', '150k', '-c:a', 'aac', '-b:a', '96k',
          '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', '-hls_segment_filename', 'v%v_%03d.ts',
          '-var_stream_map', 'v:0,a:0 v:1,a:1', '-master_pl_name', 'master.m3u8', 'v%v.m3u8',
        ],
        dir,
      );
      const report = await verify(join(dir, 'master.m3u8'));
      expect(report.ok).to.equal(false);
      expect(statusesOf(report, 'hls.average-bandwidth')).to.deep.equal(['fail', 'fail']);
      expect(statusesOf(report, 'hls.frame-rate')).to.deep.equal(['fail', 'fail']);
      expect(statusesOf(report, 'hls.bandwidth.peak')).to.deep.equal(['fail', 'fail']);
      expect(statusesOf(report, 'hls.independent-segments')).to.deep.equal(['warn']);
      // What ffmpeg gets right: CODECS, RESOLUTION, key frames, alignment, syntax.
      for (const rule of ['hls.codecs.match', 'hls.resolution', 'segments.keyframe-start', 'segments.aligned', 'hls.syntax.strict'] as const) {
        expect(statusesOf(report, rule).every((s) => s === 'pass'), rule).to.equal(true);
      }
    });
  });

  describe("the seed's approach (one ffmpeg output per rung, -g 250 -sc_threshold 40 -hls_time 10, master by hand)", () => {
    it('is caught: misaligned and long segments, no CODECS / AVERAGE-BANDWIDTH / FRAME-RATE, no PLAYLIST-TYPE', async () => {
      const dir = join(work, 'seed');
      await mkdir(dir);
      // A noisy source with a rotating hue: x264's scene-cut detection decides differently at each size.
      await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-vf', 'noise=alls=60:allf=t,hue=h=t*40', '-t', '20', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '26', '-g', '30', '-c:a', 'aac', '-ac', '2', 'in.mp4'], dir);
      const rung = (height: number, size: string, videoK: number, audioK: number): string[] => [
        '-i', 'in.mp4', '-c:v', 'libx264', '-c:a', 'aac', '-bf', '1', '-keyint_min', '25', '-g', '250', '-sc_threshold', '40',
        '-hls_list_size', '0', '-hls_time', '10', '-hls_allow_cache', '1', '-hls_segment_filename', `hls_${height}p_%04d.ts`,
        '-hls_fmp4_init_filename', `hls_${height}p_init.mp4`, '-s:v', size, '-b:v', `${videoK}k`, '-b:a', `${audioK}k`, '-strict', '-2', `hls_${height}p.m3u8`,
      ];
      await ffmpeg([...rung(180, '320x180', 400, 128), '-y', ...rung(90, '160x90', 150, 64)], dir);
      const bandwidth = (videoK: number, audioK: number): number => (videoK + audioK) * 1024;
      const master = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-STREAM-INF:BANDWIDTH=${bandwidth(400, 128)},RESOLUTION=320x180,NAME="180"`, 'hls_180p.m3u8', `#EXT-X-STREAM-INF:BANDWIDTH=${bandwidth(150, 64)},RESOLUTION=160x90,NAME="90"`, 'hls_90p.m3u8'];
      await writeFile(join(dir, 'hls.m3u8'), master.join('\n'));
      const report = await verify(join(dir, 'hls.m3u8'));
      expect(report.ok).to.equal(false);
      expect(statusesOf(report, 'segments.aligned'), JSON.stringify(summary(report))).to.deep.equal(['fail']);
      expect(statusesOf(report, 'hls.codecs.present')).to.deep.equal(['fail', 'fail']);
      expect(statusesOf(report, 'hls.average-bandwidth')).to.deep.equal(['fail', 'fail']);
      expect(statusesOf(report, 'hls.frame-rate')).to.deep.equal(['fail', 'fail']);
      expect(statusesOf(report, 'hls.playlist-type')).to.deep.equal(['warn', 'warn']);
      expect(statusesOf(report, 'segments.duration')).to.deep.equal(['warn', 'warn']);
      expect(statusesOf(report, 'hls.target-duration.shared')).to.deep.equal(['warn']);
    });
  });

  describe("the seed's DASH command (no -adaptation_sets, -g 250, ffmpeg's own MPD)", () => {
    it('is caught: one AdaptationSet per stream, maxSegmentDuration below the real segments', async () => {
      const dir = join(work, 'seed-dash');
      await mkdir(dir);
      await ffmpeg(
        [
          '-i', source, '-c:v', 'libx264', '-c:a', 'aac', '-bf', '1', '-keyint_min', '25', '-g', '250', '-sc_threshold', '40',
          '-use_timeline', '1', '-use_template', '1', '-init_seg_name', 'dash_init_$RepresentationID$.$ext$', '-media_seg_name', 'dash_chunk_$RepresentationID$_$Number%05d$.$ext$',
          '-f', 'dash', '-map', '0', '-s:v:0', '320x180', '-b:v:0', '400k', '-b:a:0', '128k', '-map', '0', '-s:v:1', '160x90', '-b:v:1', '150k', '-b:a:1', '64k', '-strict', '-2', 'dash.mpd',
        ],
        dir,
      );
      const report = await verify(join(dir, 'dash.mpd'));
      expect(report.ok).to.equal(false);
      expect(statusesOf(report, 'dash.video-adaptation-sets'), JSON.stringify(summary(report))).to.deep.equal(['fail']);
      // ffmpeg writes its requested seg_duration (5 s); -g 250 at 30 fps cuts longer segments.
      const max = report.checks.find((c) => c.rule === 'dash.max-segment-duration');
      expect(max?.status).to.equal('fail');
      const longest = Number(/^maxSegmentDuration 5 s is below the real maximum: the longest segment lasts ([\d.]+) s/u.exec(max?.message ?? '')?.[1]);
      expect(longest, max?.message).to.be.above(5);
    });
  });

  describe('deliberately broken copies of our package', () => {
    it('DASH: a timeline that lies about durations and a maxSegmentDuration far above them fail dash.timeline and dash.max-segment-duration', async () => {
      const dir = join(work, 'broken-dash');
      await cp(join(ownDash, '..'), dir, { recursive: true });
      const path = join(dir, 'manifest.mpd');
      const text = await readFile(path, 'utf8');
      // The video timelines say 3 s per segment (30720 ticks at 15360/s are 2 s); maxSegmentDuration says 5 s.
      const tampered = text.replace(/<S t="0" d="30720" r="3" \/>/gu, '<S t="0" d="46080" r="2" />').replace(/maxSegmentDuration="[^"]+"/u, 'maxSegmentDuration="PT5.0S"');
      expect(tampered).to.not.equal(text);
      await writeFile(path, tampered);
      const report = await verify(path);
      expect(statusesOf(report, 'dash.timeline'), JSON.stringify(summary(report))).to.include('fail');
      expect(report.checks.find((c) => c.rule === 'dash.timeline' && c.status === 'fail')?.message).to.match(/lasts 2 s, the timeline says 3 s/u);
      expect(statusesOf(report, 'dash.max-segment-duration')).to.deep.equal(['fail']);
    });

    it('a removed segment fails segments.present, naming it, and nothing else', async () => {
      const dir = await copyOwnHls('broken-removed');
      await rm(join(dir, 'master_180p_00002.ts'));
      const report = await verify(join(dir, 'master.m3u8'));
      expect(failed(report).map((c) => `${c.rule} ${c.subject}`)).to.deep.equal(['segments.present master_180p.m3u8']);
      expect(failed(report)[0]?.message).to.include('master_180p_00002.ts (no such file)');
    });

    it('a wrong CODECS string fails hls.codecs.match, and nothing else', async () => {
      const dir = await copyOwnHls('broken-codecs');
      const path = join(dir, 'master.m3u8');
      const text = await readFile(path, 'utf8');
      await writeFile(path, text.replace(/CODECS="avc1\.[0-9a-f]{6},/u, 'CODECS="avc1.640028,'));
      const report = await verify(path);
      expect(failed(report).map((c) => c.rule)).to.deep.equal(['hls.codecs.match']);
      expect(failed(report)[0]?.message).to.include('avc1.640028');
    });

    it('a halved BANDWIDTH fails hls.bandwidth.peak, and nothing else', async () => {
      const dir = await copyOwnHls('broken-bandwidth');
      const path = join(dir, 'master.m3u8');
      const text = await readFile(path, 'utf8');
      await writeFile(path, text.replace(/BANDWIDTH=(\d+)/u, (_, value: string) => `BANDWIDTH=${Math.floor(Number(value) / 2)}`));
      const report = await verify(path);
      expect(failed(report).map((c) => c.rule)).to.deep.equal(['hls.bandwidth.peak']);
      expect(failed(report)[0]?.message).to.match(/is below the measured peak \d+ \(video \d+ \+ audio \d+\)/u);
    });

    it('a rung re-encoded with a 3 s key frame interval fails segments.aligned', async () => {
      const dir = await copyOwnHls('broken-misaligned');
      for (const name of await readdir(dir)) if (name.startsWith('master_90p')) await rm(join(dir, name));
      await ffmpeg(['-i', source, '-map', '0:v', '-c:v', 'libx264', '-preset', 'ultrafast', '-s', '160x90', '-b:v', '150k', '-g', '90', '-keyint_min', '90', '-sc_threshold', '0', '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', '-hls_segment_filename', 'master_90p_%05d.ts', 'master_90p.m3u8'], dir);
      const report = await verify(join(dir, 'master.m3u8'));
      expect(report.ok).to.equal(false);
      const aligned = report.checks.find((c) => c.rule === 'segments.aligned');
      expect(aligned?.status).to.equal('fail');
      expect(aligned?.message).to.include('master_90p.m3u8');
    });
  });

  describe('over HTTP', () => {
    let server: Server | undefined;
    const blocked = new Set<string>();
    let base: string;
    before(async () => {
      const served = await serve(work, blocked);
      server = served.server;
      base = served.url;
    });
    after(async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    });

    it('gives the same verdict as on disk, and leaves no download behind', async () => {
      const before = (await readdir(tmpdir())).filter((n) => n.startsWith('ffstream-verify-'));
      const [overHttp, onDisk] = await Promise.all([verify(`${base}/own-hls/master.m3u8`), verify(ownHls)]);
      expect(summary(overHttp)).to.deep.equal(summary(onDisk));
      expect(overHttp.ok).to.equal(true);
      const mpd = await verify(`${base}/own-dash/manifest.mpd`);
      expect(mpd.checks.filter((c) => c.status !== 'pass'), JSON.stringify(summary(mpd))).to.deep.equal([]);
      const after = (await readdir(tmpdir())).filter((n) => n.startsWith('ffstream-verify-'));
      expect(after.filter((n) => !before.includes(n))).to.deep.equal([]);
    });

    it('a segment answering 404 fails segments.present with the status', async () => {
      blocked.add('/own-hls/master_90p_00001.ts');
      try {
        const report = await verify(`${base}/own-hls/master.m3u8`);
        const present = report.checks.find((c) => c.rule === 'segments.present' && c.subject === 'master_90p.m3u8');
        expect(present?.status).to.equal('fail');
        expect(present?.message).to.include('master_90p_00001.ts (the server answered HTTP 404');
      } finally {
        blocked.clear();
      }
    });

    it('a target answering 404 rejects with VERIFY_INPUT_INVALID naming the URL and the status', async () => {
      const error = await rejection(`${base}/nothing/master.m3u8`);
      expect(error.code).to.equal('VERIFY_INPUT_INVALID');
      expect(error.message).to.include(`${base}/nothing/master.m3u8`).and.include('HTTP 404');
    });

    it('a refused connection rejects with VERIFY_INPUT_INVALID saying so', async () => {
      const closed = await serve(work, blocked);
      await new Promise<void>((resolve) => closed.server.close(() => resolve()));
      const error = await rejection(`${closed.url}/own-hls/master.m3u8`);
      expect(error.code).to.equal('VERIFY_INPUT_INVALID');
      expect(error.message).to.include('refused');
    });
  });

  it('an aborted run rejects with ABORTED', async () => {
    const controller = new AbortController();
    const pending = verify(ownHls, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    try {
      await pending;
      expect.fail('verify resolved after an abort');
    } catch (error) {
      expect((error as { code?: string }).code, String(error)).to.equal('ABORTED');
    }
  });

  describe('bad targets reject with VERIFY_INPUT_INVALID and a clear message', () => {
    it('a missing file, a directory, a text file, a JPEG named .m3u8, an empty file', async () => {
      const cases: [string, RegExp][] = [
        [join(work, 'nope', 'master.m3u8'), /no such file/u],
        [work, /is a directory/u],
        [await makeTestFile('notes.m3u8', 'these are my notes\n'), /neither an HLS playlist .* nor a DASH MPD/u],
        [await makeTestFile('photo.m3u8', Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9)), /neither an HLS playlist/u],
        [await makeTestFile('empty.mpd', ''), /empty/u],
        [source, /neither an HLS playlist/u],
      ];
      for (const [target, message] of cases) {
        const error = await rejection(target);
        expect(error.code, target).to.equal('VERIFY_INPUT_INVALID');
        expect(error.message, target).to.include(target).and.match(message);
      }
    });

    it('a playlist whose segments are all missing resolves with segments.present failures, not a crash', async () => {
      const dir = join(work, 'playlists-only');
      await mkdir(dir);
      for (const name of await readdir(join(ownHls, '..'))) if (name.endsWith('.m3u8')) await cp(join(ownHls, '..', name), join(dir, name));
      const report = await verify(join(dir, 'master.m3u8'));
      expect(report.ok).to.equal(false);
      expect(statusesOf(report, 'segments.present')).to.deep.equal(['fail', 'fail', 'fail']);
      expect(statusesOf(report, 'hls.bandwidth.peak')).to.deep.equal(['skip', 'skip']);
    });
  });

  describe('ffstream verify', () => {
    const cli = (args: readonly string[]) => execa(process.execPath, ['--import', 'tsx', join('lib', 'cli', 'ffstream.ts'), 'verify', ...args], { cwd: REPO_ROOT, reject: false });

    it('exits 0 on our package and prints each rule it checked, then the counts', async () => {
      const run = await cli([ownHls]);
      expect(run.exitCode, run.stderr).to.equal(0);
      expect(run.stdout).to.match(/^✔ hls\.codecs\.match +master_180p\.m3u8: avc1\.[0-9a-f]{6},mp4a\.40\.2$/mu);
      expect(run.stdout).to.match(/^\d+ rules checked, 0 broken, 0 warnings, 0 skipped: the package is OK$/mu);
    });

    it('exits 1 on a broken package and prints the ✘ line; --json prints the report as one object', async () => {
      const dir = await copyOwnHls('broken-cli');
      await rm(join(dir, 'master_90p_00001.ts'));
      const human = await cli([join(dir, 'master.m3u8')]);
      expect(human.exitCode).to.equal(1);
      expect(human.stdout).to.match(/^✘ segments\.present +master_90p\.m3u8: 1 of \d+ segments missing: master_90p_00001\.ts \(no such file\)$/mu);
      const json = await cli(['--json', join(dir, 'master.m3u8')]);
      expect(json.exitCode).to.equal(1);
      const report = JSON.parse(json.stdout) as VerifyReport;
      expect(report).to.include({ format: 'hls', ok: false });
      expect(report.checks.some((c) => c.rule === 'segments.present' && c.status === 'fail')).to.equal(true);
    });

    it('exits 2 with one error line on an unusable target', async () => {
      const run = await cli([join(work, 'missing.m3u8')]);
      expect(run.exitCode).to.equal(2);
      expect(run.stderr).to.match(/^ffstream: VERIFY_INPUT_INVALID: Cannot verify ".*missing\.m3u8": no such file/u);
    });
  });
});
