/**
 * `ffstream hls --live` as a user runs it: a child process with real ffmpeg packaging a short file played in a loop
 * (`--loop`, in real time) or a real X screen (`--capture screen`, Xvfb), ended by `--duration` or by Ctrl-C, and
 * uploaded live to an nginx DAV origin (`--to`, `--delete-removed`). The first Ctrl-C stops cleanly (every media
 * playlist ends with ENDLIST, uploads finish, exit 0, a line saying so); a second one aborts (exit 130). No ffmpeg
 * outlives the CLI.
 */
import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestVideo } from '../helpers/media.js';
import { isRunning } from '../helpers/process.js';
import { requireFfmpeg } from '../helpers/require-tool.js';
import { faultProxy, startNginxDav, startOrSkip, startXvfb, type NginxDavServer, type XvfbServer } from '../helpers/servers/index.js';
import { runFfstream, stopLeftoverFfstreams, type FfstreamRun } from './run-ffstream.js';

const LIVE = ['--loop', '--segment-seconds', '2', '--rep', '320x180@300k'];

/**
 * Runs `ffstream args…` in its own process group (as a shell runs a foreground job), recording the ffmpeg processes
 * it starts; `whenRunning` is called every 100 ms with the child until it returns true.
 */
function ffstream(args: readonly string[], whenRunning?: (child: ChildProcess) => boolean): Promise<FfstreamRun> {
  return runFfstream(args, { detached: true, watch: ['ffmpeg'], whenRunning });
}

/** The media playlists of an HLS package (every .m3u8 but the master). */
async function mediaPlaylists(dir: string): Promise<{ name: string; text: string }[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.m3u8') && n !== 'master.m3u8');
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(join(dir, name), 'utf8') })));
}

function mediaSeconds(playlist: string): number {
  return [...playlist.matchAll(/#EXTINF:([\d.]+)/gu)].reduce((sum, m) => sum + Number(m[1]), 0);
}

describe('ffstream hls --live (child process, real ffmpeg: a looping file, a screen capture)', function () {
  this.timeout(120_000);
  let clip: string;
  let dir: string;

  before(requireFfmpeg);
  before(async () => {
    clip = await makeTestVideo({ width: 320, height: 180, fps: 25, durationSeconds: 3 });
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ffstream-live-'));
  });
  afterEach(async () => {
    stopLeftoverFfstreams();
    await rm(dir, { recursive: true, force: true });
  });

  it('--live --loop --duration 6 --json on a 3 s file: 6 s of media, every playlist ends with ENDLIST, progress without a percent', async () => {
    const output = join(dir, 'master.m3u8');
    const run = await ffstream(['hls', clip, ...LIVE, '--live', '--duration', '6', '-o', output, '--json']);
    expect(run.code, run.stderr || run.stdout.slice(-2000)).to.equal(0);
    const events = run.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { type: string; progress?: { percent: number | null; outTimeMs: number } });
    expect(events.at(-1)?.type).to.equal('done');
    const progress = events.flatMap((e) => (e.type === 'progress' && e.progress ? [e.progress] : []));
    expect(progress.length).to.be.greaterThan(0);
    for (const p of progress) expect(p.percent, 'a live job has no percent').to.equal(null);
    expect(progress.at(-1)?.outTimeMs).to.be.closeTo(6000, 1000);
    expect(existsSync(output), 'master').to.equal(true);
    const playlists = await mediaPlaylists(dir);
    expect(playlists.length).to.be.at.least(2);
    for (const { name, text } of playlists) {
      expect(text.trimEnd().endsWith('#EXT-X-ENDLIST'), `${name} ends with ENDLIST`).to.equal(true);
      expect(text, name).to.include('#EXT-X-PROGRAM-DATE-TIME');
      // Twice the 3 s file: the loop went past its end.
      expect(mediaSeconds(text), `${name} media seconds`).to.be.closeTo(6, 0.6);
    }
    for (const pid of run.ffmpegPids) expect(isRunning(pid), `ffmpeg ${pid}`).to.equal(false);
  });

  it('Ctrl-C (SIGINT to the process group) while live: stops cleanly, ENDLIST everywhere, exit 0 with a line saying it stopped', async () => {
    const output = join(dir, 'master.m3u8');
    let signalledAt = 0;
    // The live master exists once every rendition has its first segment: the stream is on air.
    const run = await ffstream(['hls', clip, ...LIVE, '-o', output], (child) => {
      if (!existsSync(output)) return false;
      signalledAt = performance.now();
      process.kill(-(child.pid ?? 0), 'SIGINT');
      return true;
    });
    expect(signalledAt, `never went on air: ${run.stderr}`).to.be.greaterThan(0);
    expect(run.code, run.stderr).to.equal(0);
    expect(performance.now() - signalledAt, 'ms from Ctrl-C to exit').to.be.below(15_000);
    expect(run.stderr).to.match(/^Stopping: finishing the last segment and writing the final playlists \(Ctrl-C again to abort\)/mu);
    expect(run.stdout).to.match(/^Stopped on Ctrl-C after \d+:\d\d of media; the playlists are final\.$/mu);
    expect(run.stdout).to.include(`Wrote ${output}`);
    const playlists = await mediaPlaylists(dir);
    expect(playlists.length).to.be.at.least(2);
    for (const { name, text } of playlists) expect(text.trimEnd().endsWith('#EXT-X-ENDLIST'), `${name} ends with ENDLIST`).to.equal(true);
    expect(run.ffmpegPids.length, 'ffmpeg ran').to.be.greaterThan(0);
    for (const pid of run.ffmpegPids) expect(isRunning(pid), `ffmpeg ${pid} still running`).to.equal(false);
  });

  describe('--to an HTTP origin (nginx DAV)', () => {
    let nginx: NginxDavServer;
    before(async function () {
      nginx = await startOrSkip(this, () => startNginxDav());
    });
    after(async () => {
      await nginx?.stop();
    });

    it('--window 2: segments that leave the window are deleted at the origin too; it ends holding the final package', async () => {
      const output = join(dir, 'master.m3u8');
      const prefix = `del-${Date.now().toString(36)}`;
      const run = await ffstream(['hls', clip, ...LIVE, '--window', '2', '--duration', '10', '-o', output, '--json', '--to', `${nginx.url}/${prefix}`, '--delete-removed']);
      expect(run.code, run.stderr || run.stdout.slice(-2000)).to.equal(0);
      const lines = run.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { type: string; key?: string; result?: { files: { key: string }[] } });
      const deleted = lines.filter((l) => l.type === 'deleted').map((l) => l.key);
      expect(deleted.length, 'deleted at the origin').to.be.at.least(2);
      const done = lines.at(-1);
      if (done?.type !== 'done' || !done.result) return expect.fail(`last line: ${JSON.stringify(done)}`);
      const atOrigin = (await readdir(join(nginx.root, prefix))).sort();
      expect(atOrigin).to.deep.equal(done.result.files.map((f) => f.key).sort());
      for (const key of deleted) expect(atOrigin, `${String(key)} deleted`).to.not.include(key);
      for (const name of atOrigin.filter((n) => n.endsWith('.m3u8') && n !== 'master.m3u8')) {
        const text = await readFile(join(nginx.root, prefix, name), 'utf8');
        expect(text.trimEnd().endsWith('#EXT-X-ENDLIST'), `${name} at the origin ends with ENDLIST`).to.equal(true);
        expect(text.match(/#EXTINF/gu), `${name}: a window of 2`).to.have.lengthOf(2);
      }
    });

    it('the first Ctrl-C with --to: the uploads finish, the origin holds the final package with ENDLIST, exit 0', async () => {
      const output = join(dir, 'master.m3u8');
      const prefix = `stop-${Date.now().toString(36)}`;
      const run = await ffstream(['hls', clip, ...LIVE, '-o', output, '--json', '--to', `${nginx.url}/${prefix}`], (child) => {
        if (!existsSync(output)) return false;
        child.kill('SIGINT');
        return true;
      });
      expect(run.code, run.stderr).to.equal(0);
      const done = JSON.parse(run.stdout.trimEnd().split('\n').at(-1) ?? '{}') as { type?: string; result?: { files: { key: string }[] } };
      if (done.type !== 'done' || !done.result) return expect.fail(`last line: ${run.stdout.slice(-500)}`);
      const atOrigin = (await readdir(join(nginx.root, prefix))).sort();
      expect(atOrigin).to.deep.equal(done.result.files.map((f) => f.key).sort());
      for (const name of atOrigin.filter((n) => n.endsWith('.m3u8') && n !== 'master.m3u8')) {
        const [local, stored] = await Promise.all([readFile(join(dir, name), 'utf8'), readFile(join(nginx.root, prefix, name), 'utf8')]);
        expect(stored, `${name}: the origin has the final version`).to.equal(local);
        expect(stored.trimEnd().endsWith('#EXT-X-ENDLIST'), `${name} ends with ENDLIST`).to.equal(true);
      }
    });

    it('a second Ctrl-C aborts a stop that is still uploading: exit 130, ABORTED, no ffmpeg left', async () => {
      // Playlists reach the origin 3 s late, so a clean stop (which waits for the final playlists to be stored) is
      // still running when the second Ctrl-C comes.
      const slow = await faultProxy({ target: nginx.url, failRate: 1, modes: ['slow'], slowMs: 3000, shouldFault: (method, url) => method === 'PUT' && url.endsWith('.m3u8') });
      try {
        const output = join(dir, 'master.m3u8');
        let signals = 0;
        const run = await ffstream(['hls', clip, ...LIVE, '-o', output, '--json', '--to', `${slow.url}/abort-${Date.now().toString(36)}`], (child) => {
          if (!existsSync(output)) return false;
          // To the CLI alone, twice, apart as two key presses are (two signals pending at once are delivered as one).
          child.kill('SIGINT');
          signals = 1;
          setTimeout(() => {
            child.kill('SIGINT');
            signals = 2;
          }, 500);
          return true;
        });
        expect(signals).to.equal(2);
        expect(run.code, run.stderr).to.equal(130);
        const last = JSON.parse(run.stdout.trimEnd().split('\n').at(-1) ?? '{}') as { type?: string; code?: string };
        expect(last).to.include({ type: 'error', code: 'ABORTED' });
        for (const pid of run.ffmpegPids) expect(isRunning(pid), `ffmpeg ${pid} still running`).to.equal(false);
      } finally {
        await slow.stop();
      }
    });
  });

  describe('--capture screen (a real X screen under Xvfb, x11grab)', () => {
    let xvfb: XvfbServer;
    before(async function () {
      if (process.platform !== 'linux') this.skip();
      xvfb = await startOrSkip(this, () => startXvfb({ size: '640x360' }));
    });
    after(async () => {
      await xvfb?.stop();
    });

    it('hls <display> --capture screen --size --frame-rate --duration 4, two rungs: one x11grab input, a live package with ENDLIST', async () => {
      const output = join(dir, 'master.m3u8');
      const run = await ffstream([
        'hls', xvfb.display, '--capture', 'screen', '--size', '640x360', '--frame-rate', '10', '--duration', '4',
        '--segment-seconds', '2', '--rep', '640x360@600k', '--rep', '320x180@250k', '-o', output, '--json',
      ]);
      expect(run.code, run.stderr || run.stdout.slice(-2000)).to.equal(0);
      const start = run.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { type: string; argv?: string[] })
        .find((e) => e.type === 'start');
      const argv = start?.argv ?? [];
      expect(argv.filter((a) => a === '-i'), 'the screen is opened once').to.have.lengthOf(1);
      expect(argv[argv.indexOf('-i') + 1]).to.equal(xvfb.display);
      expect(argv).to.include('x11grab');
      const playlists = await mediaPlaylists(dir);
      expect(playlists.length, playlists.map((p) => p.name).join(', ')).to.equal(2);
      for (const { name, text } of playlists) {
        expect(text.trimEnd().endsWith('#EXT-X-ENDLIST'), `${name} ends with ENDLIST`).to.equal(true);
        expect(mediaSeconds(text), `${name} media seconds`).to.be.closeTo(4, 1.1);
      }
      for (const pid of run.ffmpegPids) expect(isRunning(pid), `ffmpeg ${pid}`).to.equal(false);
    });
  });
});
