/**
 * `ffstream` driven as a user drives it: a child process (`node --import tsx lib/cli/ffstream.ts ...`) with real
 * ffmpeg, generated media, one temporary directory per test. Asserts exit codes, the stdout/stderr contract
 * (--json: one event per line; human: one `ffstream:` line per error), the files written, Ctrl-C and the TTY bar.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { execa } from 'execa';
import HLS from 'hls-parser';
import type { PackagingEvent } from '../../lib/contracts/packaging-event.js';
import { hasFfmpeg, makeTestVideo } from '../helpers/media.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI_SCRIPT = join('lib', 'cli', 'ffstream.ts');

type ErrorLine = { readonly type: 'error'; readonly code: string; readonly message: string };
type CliEvent = PackagingEvent | ErrorLine;

interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Children that may still run when a test fails half-way; killed by pid in afterEach. */
const live = new Set<ChildProcess>();
const ffmpegPids = new Set<number>();

/**
 * Starts `ffstream args...` from the repository root. `onLine` sees each stdout line as it arrives (to react
 * to a progress event). `detached` puts the CLI in its own process group, as a shell does for a foreground job.
 */
function ffstream(args: readonly string[], options: { onLine?: (line: string, child: ChildProcess) => void; detached?: boolean } = {}): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_SCRIPT, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  live.add(child);
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      remember(line);
      options.onLine?.(line, child);
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      live.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

/** Records ffmpeg's pid from a `start` event, so a failed test can still stop it. */
function remember(line: string): void {
  try {
    const event = JSON.parse(line) as CliEvent;
    if (event.type === 'start' && event.pid !== undefined) ffmpegPids.add(event.pid);
  } catch {
    // not a JSON line (human mode)
  }
}

/** Every stdout line as JSON; fails naming the line that is not. */
function jsonLines(stdout: string): CliEvent[] {
  expect(stdout.endsWith('\n'), 'stdout ends with a newline').to.equal(true);
  return stdout
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      try {
        return JSON.parse(line) as CliEvent;
      } catch {
        return expect.fail(`stdout line is not JSON: ${line}`);
      }
    });
}

function eventsOf<T extends CliEvent['type']>(events: readonly CliEvent[], type: T): Extract<CliEvent, { type: T }>[] {
  return events.filter((e): e is Extract<CliEvent, { type: T }> => e.type === type);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (isAlive(pid)) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

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

/** The one stderr line of a human-mode failure: exactly one line, starting with `ffstream:`. */
function oneErrorLine(run: CliRun): string {
  const lines = run.stderr.split('\n');
  expect(lines.at(-1), 'stderr ends with a newline').to.equal('');
  expect(lines.slice(0, -1), `stderr: ${run.stderr}`).to.have.lengthOf(1);
  const line = lines[0] ?? '';
  expect(line.startsWith('ffstream: '), line).to.equal(true);
  return line;
}

/** POSIX single quotes, for the one place a shell string is needed (`script -c`). */
function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

describe('ffstream CLI (child process, real ffmpeg)', function () {
  this.timeout(90_000);
  let dir: string;
  let clip: string;
  const CLIP = { width: 640, height: 360, durationSeconds: 8 } as const;

  before(async function () {
    if (!hasFfmpeg()) this.skip();
    clip = await makeTestVideo(CLIP);
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ffstream-cli-'));
  });
  afterEach(async () => {
    for (const child of live) if (child.pid !== undefined && child.exitCode === null) child.kill('SIGKILL');
    for (const pid of ffmpegPids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    ffmpegPids.clear();
    await rm(dir, { recursive: true, force: true });
  });

  describe('probe', () => {
    it('describes the streams for a person', async () => {
      const run = await ffstream(['probe', clip]).done;
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
      const run = await ffstream(['probe', clip, '--json']).done;
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
      const reps = ['640x360@800k', '320x180@300k'];
      const output = join(dir, 'out', 'master.m3u8');
      const run = await ffstream(['hls', clip, '-o', output, '--json', '--segment-seconds', '2', ...reps.flatMap((r) => ['--rep', r])]).done;
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
      const tiny = await makeTestVideo({ durationSeconds: 2 });
      const output = join(dir, 'vp9', 'master.m3u8');
      const run = await ffstream(['hls', tiny, '-o', output, '--fmp4', '--codec', 'vp9', '--rep', '320x180@300k', '--json']).done;
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
      const output = join(dir, 'dash', 'manifest.mpd');
      const run = await ffstream(['dash', clip, '-o', output, '--hls-playlist', '--codec', 'h264', '--rep', '640x360@800k', '--segment-seconds', '2']).done;
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
      const output = join(dir, 'mp4', 'clip.mp4');
      const run = await ffstream(['convert', clip, '-o', output]).done;
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

  describe('failures: one clear line, a non-zero exit', () => {
    it('a missing input: INPUT_NOT_FOUND as a JSON line with --json', async () => {
      const missing = join(dir, 'no-such-file.mp4');
      const run = await ffstream(['hls', missing, '-o', join(dir, 'out', 'master.m3u8'), '--json']).done;
      expect(run.code).to.equal(1);
      expect(run.stderr).to.equal('');
      const events = jsonLines(run.stdout);
      expect(events).to.have.lengthOf(1);
      expect(events[0]).to.include({ type: 'error', code: 'INPUT_NOT_FOUND' });
      expect((events[0] as ErrorLine).message).to.include(missing);
    });

    it('a missing input: one `ffstream:` line on stderr in human mode', async () => {
      const missing = join(dir, 'no-such-file.mp4');
      const run = await ffstream(['hls', missing, '-o', join(dir, 'out', 'master.m3u8')]).done;
      expect(run.code).to.equal(1);
      expect(run.stdout).to.equal('');
      const line = oneErrorLine(run);
      expect(line).to.include('INPUT_NOT_FOUND').and.to.include(missing);
    });

    it('an unknown --codec is a usage error (exit 2) listing the codecs, and nothing is written', async () => {
      const outDir = join(dir, 'out');
      const json = await ffstream(['hls', clip, '-o', join(outDir, 'master.m3u8'), '--codec', 'mpeg2', '--json']).done;
      expect(json.code).to.equal(2);
      const events = jsonLines(json.stdout);
      expect(events).to.have.lengthOf(1);
      expect(events[0]).to.include({ type: 'error', code: 'UNKNOWN_CODEC' });
      for (const codec of ['h264', 'hevc', 'vp9', 'av1']) expect((events[0] as ErrorLine).message).to.include(codec);

      const human = await ffstream(['hls', clip, '-o', join(outDir, 'master.m3u8'), '--codec', 'mpeg2']).done;
      expect(human.code).to.equal(2);
      expect(oneErrorLine(human)).to.include('"mpeg2"');
      expect(existsSync(outDir), 'output directory').to.equal(false);
    });

    it('a text file named .mp4: INPUT_UNREADABLE saying it is not media', async () => {
      const notMedia = join(dir, 'notes.mp4');
      await writeFile(notMedia, 'These are my notes, not a video.\n');
      const json = await ffstream(['dash', notMedia, '-o', join(dir, 'out', 'manifest.mpd'), '--json']).done;
      expect(json.code).to.equal(1);
      const events = jsonLines(json.stdout);
      expect(events).to.have.lengthOf(1);
      expect(events[0]).to.include({ type: 'error', code: 'INPUT_UNREADABLE' });
      expect((events[0] as ErrorLine).message).to.include('not a media file');

      const human = await ffstream(['probe', notMedia]).done;
      expect(human.code).to.equal(1);
      expect(human.stdout).to.equal('');
      expect(oneErrorLine(human)).to.include('INPUT_UNREADABLE');
    });

    it('bad usage exits 2 with one line: a missing -o, an unknown option', async () => {
      const noOutput = await ffstream(['hls', clip]).done;
      expect(noOutput.code).to.equal(2);
      expect(noOutput.stdout).to.equal('');
      expect(oneErrorLine(noOutput)).to.include('-o out/master.m3u8');

      const noOutputJson = await ffstream(['convert', clip, '--json']).done;
      expect(noOutputJson.code).to.equal(2);
      const errors = jsonLines(noOutputJson.stdout);
      expect(errors).to.have.lengthOf(1);
      expect(errors[0]).to.include({ type: 'error', code: 'INVALID_OPTION' });
      expect((errors[0] as ErrorLine).message).to.include('-o out.mp4');

      const unknown = await ffstream(['hls', clip, '-o', join(dir, 'o.m3u8'), '--bogus']).done;
      expect(unknown.code).to.equal(2);
      expect(oneErrorLine(unknown)).to.include('--bogus');
    });
  });

  describe('Ctrl-C', function () {
    this.timeout(120_000);
    let long: string;
    before(async function () {
      long = await makeTestVideo({ width: 1280, height: 720, durationSeconds: 60 });
    });

    for (const [how, detached] of [
      ['SIGINT to the CLI alone (kill -INT)', false],
      ['SIGINT to its whole process group, as a terminal sends it', true],
    ] as const) {
      it(`${how}: stops ffmpeg, removes the output and exits 130`, async () => {
        const outDir = join(dir, 'out');
        let ffmpegPid: number | undefined;
        let signalledAt: number | undefined;
        const { done } = ffstream(['hls', long, '-o', join(outDir, 'master.m3u8'), '--json', '--rep', '1280x720@2000k', '--rep', '640x360@800k'], {
          detached,
          onLine: (line, child) => {
            const event = JSON.parse(line) as CliEvent;
            if (event.type === 'start') ffmpegPid = event.pid;
            if (event.type === 'progress' && signalledAt === undefined && child.pid !== undefined) {
              signalledAt = performance.now();
              process.kill(detached ? -child.pid : child.pid, 'SIGINT');
            }
          },
        });
        const run = await done;
        const exitedAfterMs = performance.now() - (signalledAt ?? Number.NaN);
        expect(signalledAt, `no progress event before exit; stdout: ${run.stdout}, stderr: ${run.stderr}`).to.be.a('number');
        expect(run.code, run.stderr).to.equal(130);
        expect(exitedAfterMs, 'ms from SIGINT to exit').to.be.below(5000);
        expect(ffmpegPid).to.be.a('number');
        expect(await waitUntilGone(ffmpegPid ?? 0, 3000), `ffmpeg ${String(ffmpegPid)} still running`).to.equal(true);
        expect(jsonLines(run.stdout).at(-1)).to.include({ type: 'error', code: 'ABORTED' });
        expect(existsSync(join(outDir, 'master.m3u8')), 'master playlist').to.equal(false);
        const left = existsSync(outDir) ? await readdir(outDir) : [];
        expect(left, 'files left in the output directory').to.deep.equal([]);
      });
    }
  });

  describe('on a TTY', () => {
    it('draws a progress bar on stderr (under `script`, which gives the CLI a pty)', async function () {
      if (spawnSync('script', ['--version'], { stdio: 'ignore' }).status !== 0) this.skip(); // util-linux `script` missing
      const output = join(dir, 'tty', 'master.m3u8');
      const argv = [process.execPath, '--import', 'tsx', CLI_SCRIPT, 'hls', clip, '-o', output, '--rep', '640x360@800k'];
      const result = await execa('script', ['-qfec', argv.map(shellQuote).join(' '), '/dev/null'], { cwd: REPO_ROOT, reject: false, stdin: 'ignore', timeout: 60_000 });
      const screen = String(result.stdout);
      expect(result.exitCode, screen + String(result.stderr)).to.equal(0);
      // The bar is redrawn in place with \r; the last drawing is the final 100 %.
      expect(screen).to.include('\r[###');
      expect(screen).to.match(/\[#+-*\]\s+\d{1,3}\.\d%/u);
      expect(screen).to.include('100.0%');
      expect(screen).to.include(`Wrote ${output}`);
      expect(existsSync(output)).to.equal(true);
    });
  });
});
