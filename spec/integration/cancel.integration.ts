import { expect } from 'chai';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom, take } from 'rxjs';
import { Formats, fromFile, input, packageDash, packageHls, type PackagingEvent } from '../../lib/index.js';
import { makeTestVideo } from '../helpers/media.js';
import { isRunning, waitUntilGone } from '../helpers/process.js';
import { requireFfmpeg } from '../helpers/require-tool.js';

/** Waits until a directory is empty (cleanup runs after ffmpeg has exited). */
async function waitEmpty(dir: string, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let names = await readdir(dir);
  while (names.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    names = await readdir(dir);
  }
  return names;
}

describe('cancellation: no ffmpeg outlives its subscription, nothing half-written remains', function () {
  this.timeout(120_000);
  let out: string;
  let source: string;
  before(requireFfmpeg);
  before(async () => {
    source = await makeTestVideo({ width: 1280, height: 720, fps: 30, durationSeconds: 40 });
  });
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'cancel-it-'));
  });
  afterEach(async () => {
    await rm(out, { recursive: true, force: true });
  });

  for (const kind of ['hls', 'dash'] as const) {
    it(`${kind}: unsubscribing mid-encode stops ffmpeg and removes what it wrote`, async () => {
      const output = join(out, kind === 'hls' ? 'master.m3u8' : 'manifest.mpd');
      const op = kind === 'hls' ? packageHls({ output, segmentDurationSeconds: 2 }) : packageDash({ output, segmentDurationSeconds: 2 });
      let pid: number | undefined;
      // Take events until ffmpeg has written a few seconds, then unsubscribe (take completes and unsubscribes).
      await firstValueFrom(
        fromFile(source).pipe(
          op,
          filter((e: PackagingEvent) => {
            if (e.type === 'start') pid = e.pid;
            return e.type === 'progress' && e.progress.outTimeMs > 4000;
          }),
          take(1),
        ),
      );
      expect(pid).to.be.a('number');
      expect(await waitUntilGone(pid ?? 0, 7000), 'ffmpeg is gone').to.equal(true);
      expect(await waitEmpty(out, 5000), 'partial files removed').to.deep.equal([]);
    });
  }

  it('an AbortSignal rejects output() with ABORTED, stops ffmpeg and leaves no master', async () => {
    const controller = new AbortController();
    let pid: number | undefined;
    const job = input(source).hls(Formats.h264(), { segmentDurationSeconds: 2 });
    const events = job.events(join(out, 'master.m3u8'), { signal: controller.signal });
    const error = await new Promise<unknown>((resolve) => {
      events.subscribe({
        next: (e) => {
          if (e.type === 'start') pid = e.pid;
          if (e.type === 'progress' && e.progress.outTimeMs > 2000) controller.abort();
        },
        error: resolve,
        complete: () => resolve(undefined),
      });
    });
    expect((error as { code?: string }).code).to.equal('ABORTED');
    expect(isRunning(pid ?? 0)).to.equal(false);
    expect(await readdir(out)).to.deep.equal([]);
  });
});
