/**
 * What a user at a terminal meets with `ffstream` (a child process with real ffmpeg, as in ffstream.integration.ts):
 * one clear line and a non-zero exit on failure (--json: one error event; human: one `ffstream:` line), Ctrl-C
 * stopping ffmpeg and removing the output, and the progress bar on a TTY.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { execa } from 'execa';
import { waitUntilGone } from '../helpers/process.js';
import { makeTestVideo } from '../helpers/media.js';
import { jsonLines, type CliEvent, type ErrorLine } from './json-lines.js';
import { CLI_SCRIPT, REPO_ROOT, runFfstream, type FfstreamRun } from './run-ffstream.js';
import { useCliWorkspace } from './use-cli-workspace.js';

/** The one stderr line of a human-mode failure: exactly one line, starting with `ffstream:`. */
function oneErrorLine(run: FfstreamRun): string {
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
  const cli = useCliWorkspace({ width: 640, height: 360, durationSeconds: 8 });

  describe('failures: one clear line, a non-zero exit', () => {
    it('a missing input: INPUT_NOT_FOUND as a JSON line with --json', async () => {
      const { dir } = cli;
      const missing = join(dir, 'no-such-file.mp4');
      const run = await runFfstream(['hls', missing, '-o', join(dir, 'out', 'master.m3u8'), '--json']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.equal('');
      const events = jsonLines(run.stdout);
      expect(events).to.have.lengthOf(1);
      expect(events[0]).to.include({ type: 'error', code: 'INPUT_NOT_FOUND' });
      expect((events[0] as ErrorLine).message).to.include(missing);
    });

    it('a missing input: one `ffstream:` line on stderr in human mode', async () => {
      const { dir } = cli;
      const missing = join(dir, 'no-such-file.mp4');
      const run = await runFfstream(['hls', missing, '-o', join(dir, 'out', 'master.m3u8')]);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.equal('');
      const line = oneErrorLine(run);
      expect(line).to.include('INPUT_NOT_FOUND').and.to.include(missing);
    });

    it('an unknown --codec is a usage error (exit 2) listing the codecs, and nothing is written', async () => {
      const { clip, dir } = cli;
      const outDir = join(dir, 'out');
      const json = await runFfstream(['hls', clip, '-o', join(outDir, 'master.m3u8'), '--codec', 'mpeg2', '--json']);
      expect(json.code).to.equal(2);
      const events = jsonLines(json.stdout);
      expect(events).to.have.lengthOf(1);
      expect(events[0]).to.include({ type: 'error', code: 'UNKNOWN_CODEC' });
      for (const codec of ['h264', 'hevc', 'vp9', 'av1']) expect((events[0] as ErrorLine).message).to.include(codec);

      const human = await runFfstream(['hls', clip, '-o', join(outDir, 'master.m3u8'), '--codec', 'mpeg2']);
      expect(human.code).to.equal(2);
      expect(oneErrorLine(human)).to.include('"mpeg2"');
      expect(existsSync(outDir), 'output directory').to.equal(false);
    });

    it('a text file named .mp4: INPUT_UNREADABLE saying it is not media', async () => {
      const { dir } = cli;
      const notMedia = join(dir, 'notes.mp4');
      await writeFile(notMedia, 'These are my notes, not a video.\n');
      const json = await runFfstream(['dash', notMedia, '-o', join(dir, 'out', 'manifest.mpd'), '--json']);
      expect(json.code).to.equal(1);
      const events = jsonLines(json.stdout);
      expect(events).to.have.lengthOf(1);
      expect(events[0]).to.include({ type: 'error', code: 'INPUT_UNREADABLE' });
      expect((events[0] as ErrorLine).message).to.include('not a media file');

      const human = await runFfstream(['probe', notMedia]);
      expect(human.code).to.equal(1);
      expect(human.stdout).to.equal('');
      expect(oneErrorLine(human)).to.include('INPUT_UNREADABLE');
    });

    it('bad usage exits 2 with one line: a missing -o, an unknown option', async () => {
      const { clip, dir } = cli;
      const noOutput = await runFfstream(['hls', clip]);
      expect(noOutput.code).to.equal(2);
      expect(noOutput.stdout).to.equal('');
      expect(oneErrorLine(noOutput)).to.include('-o out/master.m3u8');

      const noOutputJson = await runFfstream(['convert', clip, '--json']);
      expect(noOutputJson.code).to.equal(2);
      const errors = jsonLines(noOutputJson.stdout);
      expect(errors).to.have.lengthOf(1);
      expect(errors[0]).to.include({ type: 'error', code: 'INVALID_OPTION' });
      expect((errors[0] as ErrorLine).message).to.include('-o out.mp4');

      const unknown = await runFfstream(['hls', clip, '-o', join(dir, 'o.m3u8'), '--bogus']);
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
        const { dir } = cli;
        const outDir = join(dir, 'out');
        let ffmpegPid: number | undefined;
        let signalledAt: number | undefined;
        const done = runFfstream(['hls', long, '-o', join(outDir, 'master.m3u8'), '--json', '--rep', '1280x720@2000k', '--rep', '640x360@800k'], {
          detached,
          onLine: (_line, child, parsed) => {
            const event = parsed as CliEvent | null;
            if (event?.type === 'start') ffmpegPid = event.pid;
            if (event?.type === 'progress' && signalledAt === undefined && child.pid !== undefined) {
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
      const { clip, dir } = cli;
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
