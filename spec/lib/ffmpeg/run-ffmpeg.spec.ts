import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filter, firstValueFrom, lastValueFrom, map, take, toArray } from 'rxjs';
import { AbortedError, FfmpegExitError } from '../../../lib/errors.js';
import { runFfmpeg } from '../../../lib/ffmpeg/run-ffmpeg.js';
import { isRunning, waitUntilGone } from '../../helpers/process.js';


const FAKE = fileURLToPath(new URL('../../fixtures/fake-ffmpeg.mjs', import.meta.url));

describe('runFfmpeg()', function () {
  this.timeout(15_000);
  let dir: string;
  const saved = { ...process.env };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'run-ffmpeg-'));
  });
  afterEach(() => {
    // Restore the keys this file sets; replacing process.env would cut it off from the real environment.
    for (const key of ['FAKE_FFMPEG_MODE', 'FAKE_FFMPEG_PID_FILE']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('errors with the exit code, the argv and the stderr tail, and a hint', async () => {
    process.env['FAKE_FFMPEG_MODE'] = 'fail';
    const error = await lastValueFrom(runFfmpeg(['-i', 'x'], { ffmpegPath: FAKE, failureHint: () => 'Check the directory.' })).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(FfmpegExitError);
    const e = error as FfmpegExitError;
    expect(e.code).to.equal('FFMPEG_FAILED');
    expect(e.exitCode).to.equal(3);
    expect(e.argv[0]).to.equal(FAKE);
    expect(e.stderrTail).to.deep.equal(['[error] Something went wrong: Permission denied', '[error] Conversion failed!']);
    expect(e.message).to.match(/^ffmpeg exited with code 3\.\nCheck the directory\./u);
  });

  it('stops ffmpeg on unsubscribe: SIGTERM, then SIGKILL after the grace period for one that ignores it', async () => {
    process.env['FAKE_FFMPEG_MODE'] = 'stubborn';
    const pidFile = join(dir, 'pid');
    process.env['FAKE_FFMPEG_PID_FILE'] = pidFile;
    await firstValueFrom(runFfmpeg(['x'], { ffmpegPath: FAKE, killGraceMs: 400 }).pipe(filter((e) => e.type === 'progress')));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(isRunning(pid), 'alive during the grace period').to.equal(true);
    expect(await waitUntilGone(pid, 5000), 'killed after the grace period').to.equal(true);
  });

  it('errors with ABORTED and stops ffmpeg when the AbortSignal fires', async () => {
    process.env['FAKE_FFMPEG_MODE'] = 'hang';
    const pidFile = join(dir, 'pid');
    process.env['FAKE_FFMPEG_PID_FILE'] = pidFile;
    const controller = new AbortController();
    const done = lastValueFrom(runFfmpeg(['x'], { ffmpegPath: FAKE, signal: controller.signal, durationMs: 10_000 })).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 700);
    const error = await done;
    expect(error).to.be.instanceOf(AbortedError);
    expect(await waitUntilGone(Number(readFileSync(pidFile, 'utf8')), 5000)).to.equal(true);
  });

  it('reports progress with percent and ETA from the duration, at most every 250 ms', async () => {
    process.env['FAKE_FFMPEG_MODE'] = 'hang';
    const list = await lastValueFrom(
      runFfmpeg(['x'], { ffmpegPath: FAKE, durationMs: 10_000 }).pipe(
        filter((e) => e.type === 'progress'),
        map((e) => e.progress),
        take(3),
        toArray(),
      ),
    );
    expect(list[0]?.percent).to.be.greaterThan(0);
    expect(list[2]?.percent).to.be.greaterThan(list[0]?.percent ?? 0);
    expect(list[1]?.etaMs).to.be.a('number');
    expect((list[2]?.elapsedMs ?? 0) - (list[1]?.elapsedMs ?? 0)).to.be.at.least(240);
  });

  it('fails with FFMPEG_NOT_FOUND naming the path when the binary is missing', async () => {
    const error = await lastValueFrom(runFfmpeg(['x'], { ffmpegPath: join(dir, 'no-ffmpeg') })).catch((e: unknown) => e);
    expect((error as { code: string }).code).to.equal('FFMPEG_NOT_FOUND');
    expect((error as Error).message).to.contain(join(dir, 'no-ffmpeg'));
  });
});
