import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom, of, take } from 'rxjs';
import { Bitrate, Formats, Media, Representation, Size, packageHls, verify, type PackagingEvent } from '../../lib/index.js';
import { isRunning, waitUntilGone } from '../helpers/process.js';
import { parseMediaPlaylist } from '../../lib/manifest/parse-media-playlist.js';
import { requireFfmpeg } from '../helpers/require-tool.js';
import { SINE_AUDIO_INPUT, liveTestSource, mediaSequenceOf, namesMatching, readOrEmpty, runLive } from './live-test-inputs.js';

const LADDER = [new Representation(new Size(640, 360), new Bitrate(500_000)), new Representation(new Size(320, 180), new Bitrate(200_000))];
const RENDITIONS = ['360p', '180p', 'audio'];

describe('live HLS (real ffmpeg, real time)', function () {
  this.timeout(60_000);
  let out: string;
  before(requireFfmpeg);
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'live-hls-'));
  });
  afterEach(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('sliding window: PDT, no ENDLIST and a master while running, old segments deleted; stopSignal ends it with ENDLIST, done, no ffmpeg', async () => {
    const stop = new AbortController();
    const output = join(out, 'master.m3u8');
    const job$ = of(liveTestSource('640x360', 30, { audioInput: SINE_AUDIO_INPUT })).pipe(
      packageHls({ output, representations: LADDER, segmentDurationSeconds: 2, live: { windowSegments: 3, stopSignal: stop.signal } }),
    );
    const seen: { master: string; playlists: string[]; segments: string[] } = { master: '', playlists: [], segments: [] };
    const run = await runLive(
      job$,
      // Once the window has slid by two segments on every rendition.
      async () => (await Promise.all(RENDITIONS.map((r) => mediaSequenceOf(join(out, `master_${r}.m3u8`))))).every((n) => n >= 2),
      async () => {
        seen.master = await readOrEmpty(out, 'master.m3u8');
        seen.playlists = await Promise.all(RENDITIONS.map((r) => readOrEmpty(out, `master_${r}.m3u8`)));
        seen.segments = await namesMatching(out, /\.ts$/u);
        stop.abort();
      },
    );
    expect(run.error).to.equal(null);
    // While running.
    expect(seen.master, 'the master exists while the job runs').to.contain('#EXT-X-STREAM-INF').and.contain('master_360p.m3u8').and.contain('TYPE=AUDIO');
    for (const [i, text] of seen.playlists.entries()) {
      expect(text, RENDITIONS[i]).to.contain('#EXT-X-PROGRAM-DATE-TIME').and.not.contain('#EXT-X-ENDLIST');
      expect(text.match(/^#EXTINF/gmu)?.length ?? 0, `${RENDITIONS[i]}: the window holds ≤ 3 segments`).to.be.within(1, 3);
    }
    for (const r of RENDITIONS) {
      expect(seen.segments, `${r}: segment 0 was deleted`).to.not.include(`master_${r}_00000.ts`);
      // The window, the one ffmpeg keeps for clients still downloading it, the one being written.
      expect(seen.segments.filter((n) => n.startsWith(`master_${r}_`)).length, `${r}: segments on disk`).to.be.at.most(5);
    }
    // After the stop.
    const done = run.events.find((e) => e.type === 'done');
    expect(done, 'done emitted').to.not.equal(undefined);
    expect(run.events.at(-1)?.type).to.equal('done');
    expect(await waitUntilGone(run.pid ?? 0, 3000), 'no ffmpeg left').to.equal(true);
    for (const r of RENDITIONS) {
      const text = await readFile(join(out, `master_${r}.m3u8`), 'utf8');
      expect(text, r).to.contain('#EXT-X-ENDLIST').and.contain('#EXT-X-PROGRAM-DATE-TIME').and.not.contain('#EXT-X-PLAYLIST-TYPE');
    }
    const progress = run.events.filter((e): e is Extract<PackagingEvent, { type: 'progress' }> => e.type === 'progress').map((e) => e.progress);
    expect(progress.every((p) => p.percent === null), 'no percent for live').to.equal(true);
    expect(progress.at(-1)?.outTimeMs ?? 0).to.be.greaterThan(4000);
    const result = done?.type === 'done' ? done.result : undefined;
    expect(result?.presentation?.renditions.map((r) => r.id)).to.have.members(RENDITIONS);
    expect(result?.presentation?.renditions.find((r) => r.type === 'audio')?.codecs).to.equal('mp4a.40.2');
    const report = await verify(output);
    expect(report.checks.filter((c) => c.status === 'fail'), 'verify accepts the final live package').to.deep.equal([]);
    // The directory holds exactly the package (ffmpeg's extra segment past the window is gone), as the stores will.
    expect((await readdir(out)).sort(), 'local files = result.files').to.deep.equal((result?.files ?? []).map((f) => f.key).sort());
  });

  it('event playlist via the facade: every segment kept, PLAYLIST-TYPE:EVENT; durationMs ends it; auto ladder on a source with no bitrate', async () => {
    const output = join(out, 'event.m3u8');
    const playlistSeen: string[] = [];
    const job = new Media(liveTestSource('480x270', 25), {}).hls(Formats.h264(), { segmentDurationSeconds: 2 }).live({ playlistType: 'event', durationMs: 7000 });
    const poll = setInterval(() => {
      void readdir(out).then(async (names) => {
        const playlist = names.find((n) => /^event_.*p\.m3u8$/u.test(n));
        if (playlist && playlistSeen.length === 0) {
          const text = await readOrEmpty(out, playlist);
          if (text.includes('#EXTINF')) playlistSeen.push(text);
        }
      });
    }, 200);
    const result = await job.output(output).finally(() => clearInterval(poll));
    expect(playlistSeen[0], 'an EVENT playlist without ENDLIST while running').to.contain('#EXT-X-PLAYLIST-TYPE:EVENT').and.not.contain('#EXT-X-ENDLIST');
    const rung = result.presentation?.renditions.find((r) => r.type === 'video');
    expect(rung, 'the auto ladder made a rung from a source with no bitrate').to.not.equal(undefined);
    const final = await readFile(join(out, rung?.playlistUri ?? ''), 'utf8');
    expect(final).to.contain('#EXT-X-PLAYLIST-TYPE:EVENT').and.contain('#EXT-X-ENDLIST').and.contain('#EXT-X-MEDIA-SEQUENCE:0');
    // 7 s in 2 s segments: 4 segments, the first one still there.
    expect(rung?.segments.length).to.equal(4);
    expect(await namesMatching(out, /_00000\.ts$/u)).to.have.length.greaterThan(0);
    expect(result.presentation?.durationSeconds).to.be.closeTo(7, 0.2);
  });

  it('a source that stops sending (UDP feeder killed) ends the live package cleanly', async function () {
    const port = await freeUdpPort();
    const feeder = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-f', 'mpegts', `udp://127.0.0.1:${port}?pkt_size=1316`], { stdio: 'ignore' });
    try {
      const output = join(out, 'udp.m3u8');
      // The udp timeout (µs) turns silence into the end of the input.
      const source = { kind: 'url' as const, uri: `udp://127.0.0.1:${port}?timeout=2000000`, inputOptions: [], isLive: true, label: 'udp' };
      const events: PackagingEvent[] = [];
      const ended = new Promise<unknown>((resolve) => {
        of(source)
          .pipe(packageHls({ output, representations: [LADDER[1] as Representation], segmentDurationSeconds: 2, live: { windowSegments: 3 } }))
          .subscribe({ next: (e) => events.push(e), error: resolve, complete: () => resolve(null) });
      });
      // Let it package a few segments, then silence the source.
      const deadline = Date.now() + 20_000;
      while ((await mediaSequenceOf(join(out, 'udp_180p.m3u8'))) < 0 || !(await readOrEmpty(out, 'udp_180p.m3u8')).includes('_00002.ts')) {
        if (Date.now() > deadline) throw new Error('the UDP source produced no segments');
        await new Promise((r) => setTimeout(r, 200));
      }
      feeder.kill('SIGKILL');
      expect(await ended).to.equal(null);
      expect(events.at(-1)?.type).to.equal('done');
      const pid = events.find((e) => e.type === 'start');
      expect(isRunning(pid?.type === 'start' ? (pid.pid ?? 0) : 0)).to.equal(false);
      expect(await readFile(join(out, 'udp_180p.m3u8'), 'utf8')).to.contain('#EXT-X-ENDLIST');
      expect(await readFile(output, 'utf8')).to.contain('udp_180p.m3u8');
    } finally {
      feeder.kill('SIGKILL');
    }
  });

  it('unsubscribing stops ffmpeg cleanly: nothing more is emitted, no ffmpeg left, the files stay with ENDLIST', async () => {
    const output = join(out, 'unsub.m3u8');
    const events: PackagingEvent[] = [];
    let pid: number | undefined;
    await firstValueFrom(
      of(liveTestSource('320x180', 25)).pipe(
        packageHls({ output, representations: [LADDER[1] as Representation], segmentDurationSeconds: 2 }),
        filter((e) => {
          events.push(e);
          if (e.type === 'start') pid = e.pid;
          return e.type === 'progress' && e.progress.outTimeMs > 4500;
        }),
        take(1),
      ),
    );
    const count = events.length;
    expect(await waitUntilGone(pid ?? 0, 8000), 'ffmpeg is gone').to.equal(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(events.length, 'nothing emitted after unsubscribe').to.equal(count);
    expect(await readFile(join(out, 'unsub_180p.m3u8'), 'utf8')).to.contain('#EXT-X-ENDLIST');
  });

  it('AES-128 live, unsubscribed: ffmpeg stops cleanly and the public playlists end with ENDLIST, every segment keyed, no staging left', async () => {
    const output = join(out, 'encunsub.m3u8');
    let pid: number | undefined;
    await firstValueFrom(
      of(liveTestSource('320x180', 25)).pipe(
        packageHls({ output, representations: [LADDER[1] as Representation], segmentDurationSeconds: 2, live: { windowSegments: 3 }, encryption: { rotationPeriodSegments: 2 } }),
        filter((e) => {
          if (e.type === 'start') pid = e.pid;
          return e.type === 'progress' && e.progress.outTimeMs > 4500;
        }),
        take(1),
      ),
    );
    expect(await waitUntilGone(pid ?? 0, 8000), 'ffmpeg is gone').to.equal(true);
    const playlist = join(out, 'encunsub_180p.m3u8');
    // The job finalizes in the background after unsubscribe: wait for its last write.
    const deadline = Date.now() + 10_000;
    const isFinal = async (): Promise<boolean> => (await readOrEmpty(out, 'encunsub_180p.m3u8')).includes('#EXT-X-ENDLIST') && !existsSync(join(out, '.encunsub.clear'));
    while (!(await isFinal()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const final = await readFile(playlist, 'utf8');
    expect(final).to.contain('#EXT-X-ENDLIST');
    const segments = parseMediaPlaylist(final).segments;
    expect(segments.length).to.be.greaterThan(0);
    expect(final.match(/#EXT-X-KEY:METHOD=AES-128/gu)?.length, 'a key line per rotation period').to.be.at.least(Math.ceil(segments.length / 2));
    for (const s of segments) expect(existsSync(join(out, s.uri)), `${s.uri} is on disk`).to.equal(true);
    expect((await readdir(out)).filter((n) => n.startsWith('.')), 'no staging directory left').to.deep.equal([]);
    expect(await readFile(output, 'utf8')).to.contain('encunsub_180p.m3u8');
  });

  it('AES-128 live: keyed public playlists slide, old encrypted segments are deleted, ENDLIST after stop', async () => {
    const stop = new AbortController();
    const output = join(out, 'enc.m3u8');
    const seen = { playlist: '', segments: [] as string[] };
    const run = await runLive(
      of(liveTestSource('320x180', 25)).pipe(
        packageHls({ output, representations: [LADDER[1] as Representation], segmentDurationSeconds: 2, live: { windowSegments: 2, stopSignal: stop.signal }, encryption: { rotationPeriodSegments: 2 } }),
      ),
      async () => (await mediaSequenceOf(join(out, 'enc_180p.m3u8'))) >= 2 && (await readOrEmpty(out, 'enc.m3u8')) !== '',
      async () => {
        seen.playlist = await readOrEmpty(out, 'enc_180p.m3u8');
        seen.segments = await namesMatching(out, /\.ts$/u);
        stop.abort();
      },
    );
    expect(run.error).to.equal(null);
    expect(seen.playlist).to.contain('#EXT-X-KEY:METHOD=AES-128').and.contain('#EXT-X-PROGRAM-DATE-TIME').and.not.contain('#EXT-X-ENDLIST');
    expect(seen.segments, 'the first encrypted segment left the window and was deleted').to.not.include('enc_180p_00000.ts');
    expect(run.events.at(-1)?.type).to.equal('done');
    const final = await readFile(join(out, 'enc_180p.m3u8'), 'utf8');
    expect(final).to.contain('#EXT-X-ENDLIST').and.contain('#EXT-X-KEY:METHOD=AES-128');
    expect(await readFile(output, 'utf8')).to.contain('enc_180p.m3u8');
    expect((await readdir(out)).filter((n) => n.startsWith('.')), 'no staging directory left').to.deep.equal([]);
  });

  it('hard abort (options.signal) still fails with ABORTED and removes the files', async () => {
    const controller = new AbortController();
    const output = join(out, 'abort.m3u8');
    const error = await new Promise<unknown>((resolve) => {
      of(liveTestSource('320x180', 25))
        .pipe(packageHls({ output, representations: [LADDER[1] as Representation], segmentDurationSeconds: 2, signal: controller.signal }))
        .subscribe({
          next: (e) => {
            if (e.type === 'progress' && e.progress.outTimeMs > 2500) controller.abort();
          },
          error: resolve,
          complete: () => resolve(null),
        });
    });
    expect((error as { code?: string } | null)?.code).to.equal('ABORTED');
    expect(await readdir(out)).to.deep.equal([]);
  });
});

/** A UDP port nobody uses right now (taken from a TCP probe of the same number: good enough on 127.0.0.1). */
async function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
