/**
 * Conversions between packages, with real ffmpeg: HLS → DASH and DASH → HLS with the input given as a manifest path
 * and as an http URL (a local static server with range requests), and a stream (an HLS URL) → one MP4 through
 * convertToMp4. Every package made is checked with `verify()` (one also through `ffstream verify` in a child process),
 * and every job must report progress (a percent: a VOD manifest has a duration) before `done`.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastValueFrom, toArray, type Observable } from 'rxjs';
import { execa } from 'execa';
import type { MediaInput } from '../../lib/contracts/media-input.js';
import { Bitrate, Formats, Representation, Size, convertToMp4, fromFile, fromUrl, packageDash, packageHls, verify, type PackagingEvent } from '../../lib/index.js';
import { makeTestVideo } from '../helpers/media.js';
import { startStaticServer, type StaticServer } from '../helpers/playback/static-server.js';
import { pidsMatching } from '../helpers/process.js';
import { requireFfmpeg } from '../helpers/require-tool.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FAST = Formats.h264({ videoOptions: { preset: 'ultrafast' } });
const LADDER = [new Representation(new Size(640, 360), new Bitrate(900_000)), new Representation(new Size(320, 180), new Bitrate(300_000))];
const SOURCE_SECONDS = 6;

/** Runs a job to completion: its events, or a failure naming what it saw. */
async function run(job$: Observable<PackagingEvent>): Promise<PackagingEvent[]> {
  return lastValueFrom(job$.pipe(toArray()));
}

/** Progress came before done, the percent rose to 100 and never went back. */
function expectProgress(events: readonly PackagingEvent[]): void {
  const percents = events.flatMap((e) => (e.type === 'progress' ? [e.progress.percent] : []));
  expect(percents.length, 'progress events').to.be.greaterThan(0);
  for (const [i, p] of percents.entries()) {
    expect(p, `progress #${i}`).to.be.a('number');
    if (i > 0) expect(p, `progress #${i}`).to.be.at.least(percents[i - 1] ?? 0);
  }
  expect(percents.at(-1)).to.equal(100);
  expect(events.at(-1)?.type).to.equal('done');
}

async function expectVerified(manifest: string): Promise<void> {
  const report = await verify(manifest);
  const broken = report.checks.filter((c) => c.status === 'fail').map((c) => `${c.rule} ${c.subject}: ${c.message}`);
  expect(broken, `verify(${manifest})`).to.deep.equal([]);
  expect(report.ok).to.equal(true);
}

/** `ffstream verify <manifest>` in a child process, as a user runs it: exit 0 and a summary with nothing broken. */
async function expectVerifiedByCli(manifest: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', join('lib', 'cli', 'ffstream.ts'), 'verify', manifest], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  expect(code, stdout + stderr).to.equal(0);
  expect(stdout).to.match(/rules checked, 0 broken/u);
}

async function durationSeconds(path: string): Promise<number> {
  const { stdout } = await execa('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]);
  return Number(stdout.trim());
}

describe('conversions: HLS ↔ DASH and stream → MP4 (real ffmpeg, local http server)', function () {
  this.timeout(180_000);
  let fixtures: string;
  let out: string;
  let server: StaticServer;
  let hlsMaster: string;
  let dashMpd: string;

  before(requireFfmpeg);
  before(async function () {
    this.timeout(180_000);
    fixtures = await mkdtemp(join(tmpdir(), 'conv-src-'));
    const source = await makeTestVideo({ width: 640, height: 360, fps: 25, durationSeconds: SOURCE_SECONDS });
    hlsMaster = join(fixtures, 'hls', 'master.m3u8');
    dashMpd = join(fixtures, 'dash', 'manifest.mpd');
    await Promise.all([
      run(fromFile(source).pipe(packageHls({ output: hlsMaster, format: FAST, representations: LADDER, segmentDurationSeconds: 2 }))),
      run(fromFile(source).pipe(packageDash({ output: dashMpd, format: FAST, representations: LADDER, segmentDurationSeconds: 2 }))),
    ]);
    server = await startStaticServer(fixtures);
  });
  after(async () => {
    await server?.close();
    if (fixtures) await rm(fixtures, { recursive: true, force: true });
  });
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'conv-out-'));
  });
  afterEach(async () => {
    expect(await pidsMatching(out), 'no ffmpeg left writing into the output').to.deep.equal([]);
    await rm(out, { recursive: true, force: true });
  });

  const inputs: { name: string; of: (path: string) => Observable<MediaInput> }[] = [
    { name: 'a manifest path', of: (path) => fromFile(path) },
    { name: 'an http URL', of: (path) => fromUrl(`${server.url}/${path.slice(fixtures.length + 1)}`) },
  ];

  for (const from of inputs) {
    it(`HLS → DASH, the input ${from.name}: a verified MPD of two rungs, with progress`, async () => {
      server.clearRequests();
      const output = join(out, 'manifest.mpd');
      const events = await run(from.of(hlsMaster).pipe(packageDash({ output, format: FAST, representations: LADDER, segmentDurationSeconds: 2 })));
      expectProgress(events);
      const done = events.at(-1);
      if (done?.type !== 'done') return expect.fail('no done');
      expect(done.result.presentation?.renditions.filter((r) => r.type === 'video')).to.have.length(2);
      expect(done.result.presentation?.renditions.filter((r) => r.type === 'audio')).to.have.length(1);
      const overHttp = server.requests.filter((r) => r.path.startsWith('/hls/') && r.status < 300).length;
      if (from.name === 'an http URL') expect(overHttp, 'playlists and segments read over http').to.be.greaterThan(2);
      else expect(overHttp, 'read from disk, not over http').to.equal(0);
      await expectVerified(output);
    });

    it(`DASH → HLS, the input ${from.name}: a verified master of two rungs, with progress`, async () => {
      const output = join(out, 'master.m3u8');
      const events = await run(from.of(dashMpd).pipe(packageHls({ output, format: FAST, representations: LADDER, segmentDurationSeconds: 2 })));
      expectProgress(events);
      const done = events.at(-1);
      if (done?.type !== 'done') return expect.fail('no done');
      expect(done.result.presentation?.renditions.filter((r) => r.type === 'video')).to.have.length(2);
      await expectVerified(output);
      if (from.name === 'an http URL') await expectVerifiedByCli(output);
    });
  }

  it('a stream (an HLS URL) → one MP4, remuxed (no re-encode), as long as the stream, with progress', async () => {
    const output = join(out, 'copy.mp4');
    const events = await run(fromUrl(`${server.url}/hls/master.m3u8`).pipe(convertToMp4({ output })));
    expectProgress(events);
    const start = events.find((e) => e.type === 'start');
    if (start?.type !== 'start') return expect.fail('no start');
    expect(start.argv.join(' '), 'remuxed').to.match(/-c:v copy|-codec:v copy|-vcodec copy/u);
    expect(await durationSeconds(output)).to.be.closeTo(SOURCE_SECONDS, 0.5);
  });
});
