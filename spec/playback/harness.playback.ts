import { AssertionError, expect } from 'chai';
import { request } from 'node:http';
import { cp, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  expectPlayback,
  expectPlaybackFailure,
  ffmpegMissingReason,
  makeDashLadder,
  makeHlsLadder,
  pickSwitchTarget,
  playInBrowser,
  skipUnlessCi,
  startStaticServer,
  usePlaybackBrowser,
} from '../helpers/playback/index.js';
import type { PlaybackResult, PlayOptions, StaticServer, TestPackage } from '../helpers/playback/index.js';

/** GET a raw, un-normalised path (fetch() would resolve `..` before sending). */
function rawGet(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('playback harness', function () {
  describe('startStaticServer()', function () {
    let dir: string;
    let server: StaticServer;

    before(async function () {
      dir = await mkdtemp(join(tmpdir(), 'ffs-static-'));
      await mkdir(join(dir, 'sub'));
      const files: Record<string, string> = {
        'a.m3u8': '#EXTM3U\n',
        'a.mpd': '<MPD/>',
        'a.ts': 'ts',
        'a.m4s': 'm4s',
        'a.mp4': 'mp4',
        'a.key': '0123456789abcdef',
        'sub/b.js': 'x=1',
        'sub/c.html': '<p>',
      };
      for (const [name, body] of Object.entries(files)) await writeFile(join(dir, name), body);
      await writeFile(join(dir, 'digits.bin'), '0123456789');
      await symlink('/etc/hostname', join(dir, 'escape'));
      server = await startStaticServer(dir);
    });
    after(async function () {
      await server?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('listens on a random 127.0.0.1 port and serves files with their MIME types', async function () {
      expect(server.url).to.equal(`http://127.0.0.1:${server.port}`);
      const expected: Record<string, string> = {
        '/a.m3u8': 'application/vnd.apple.mpegurl',
        '/a.mpd': 'application/dash+xml',
        '/a.ts': 'video/mp2t',
        '/a.m4s': 'video/iso.segment',
        '/a.mp4': 'video/mp4',
        '/a.key': 'application/octet-stream',
        '/sub/b.js': 'text/javascript; charset=utf-8',
        '/sub/c.html': 'text/html; charset=utf-8',
      };
      for (const [path, type] of Object.entries(expected)) {
        const res = await fetch(`${server.url}${path}`);
        expect(res.status, path).to.equal(200);
        expect(res.headers.get('content-type'), path).to.equal(type);
        expect(res.headers.get('access-control-allow-origin'), path).to.equal('*');
        await res.arrayBuffer();
      }
    });

    it('answers range requests with 206 and Content-Range, and 416 beyond the end', async function () {
      const mid = await fetch(`${server.url}/digits.bin`, { headers: { Range: 'bytes=2-4' } });
      expect(mid.status).to.equal(206);
      expect(mid.headers.get('content-range')).to.equal('bytes 2-4/10');
      expect(await mid.text()).to.equal('234');
      const suffix = await fetch(`${server.url}/digits.bin`, { headers: { Range: 'bytes=-3' } });
      expect(await suffix.text()).to.equal('789');
      const open = await fetch(`${server.url}/digits.bin`, { headers: { Range: 'bytes=8-' } });
      expect(await open.text()).to.equal('89');
      const beyond = await fetch(`${server.url}/digits.bin`, { headers: { Range: 'bytes=10-12' } });
      expect(beyond.status).to.equal(416);
      expect(beyond.headers.get('content-range')).to.equal('bytes */10');
    });

    it('answers CORS preflights, 404 for missing files and 403 for paths leaving the root', async function () {
      const preflight = await fetch(`${server.url}/a.m4s`, {
        method: 'OPTIONS',
        headers: { Origin: 'http://127.0.0.1:1', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range' },
      });
      expect(preflight.status).to.equal(204);
      expect(preflight.headers.get('access-control-allow-headers')).to.match(/Range/);
      expect((await fetch(`${server.url}/nope.ts`)).status).to.equal(404);
      expect((await fetch(`${server.url}/sub`)).status).to.equal(404);
      expect(await rawGet(server.port, '/../../etc/passwd')).to.equal(403);
      expect(await rawGet(server.port, '/sub/..%2f..%2f..%2fetc%2fpasswd')).to.equal(403);
      expect(await rawGet(server.port, '/sub/..%5c..%5cetc%5cpasswd')).to.equal(403);
      expect(await rawGet(server.port, '/escape')).to.equal(403);
    });

    it('serves the player bundles and the page, and records requests at /__log', async function () {
      server.clearRequests();
      for (const lib of ['hls', 'dash', 'shaka']) {
        const res = await fetch(`${server.url}/__lib/${lib}.js`);
        expect(res.status, lib).to.equal(200);
        expect(res.headers.get('content-type')).to.match(/^text\/javascript/);
        expect((await res.arrayBuffer()).byteLength, lib).to.be.greaterThan(100_000);
      }
      const page = await fetch(`${server.url}/__play.html`);
      expect(await page.text()).to.contain('<video id="video" muted');
      await (await fetch(`${server.url}/__play.js`)).text();
      await (await fetch(`${server.url}/a.ts`, { headers: { Range: 'bytes=0-0' } })).text();
      const log = (await (await fetch(`${server.url}/__log`)).json()) as { path: string; status: number; range?: string }[];
      expect(log.map((r) => r.path)).to.deep.equal(['/__lib/hls.js', '/__lib/dash.js', '/__lib/shaka.js', '/__play.html', '/__play.js', '/a.ts']);
      expect(log[5]).to.include({ status: 206, range: 'bytes=0-0' });
    });
  });

  describe('pickSwitchTarget()', function () {
    it('picks the rung whose height differs most from the current one', function () {
      const ladder = [
        { height: 1080, bandwidth: 5e6 },
        { height: 720, bandwidth: 3e6 },
        { height: 360, bandwidth: 8e5 },
        { height: 0, bandwidth: 1e5 },
      ];
      expect(pickSwitchTarget(ladder, 1080)?.height).to.equal(360);
      expect(pickSwitchTarget(ladder, 360)?.height).to.equal(1080);
      // 1080 and 360 are both 360 lines from 720: the higher bandwidth wins.
      expect(pickSwitchTarget(ladder, 720)?.height).to.equal(1080);
      expect(pickSwitchTarget([{ height: 360, bandwidth: 1 }], 360)).to.equal(undefined);
    });
  });

  describe('in Chromium', function () {
    // One browser for the file; each case opens and closes its own page.
    const env = usePlaybackBrowser();
    let work: string;
    let server: StaticServer;
    let otherOrigin: StaticServer;
    let hlsTs: TestPackage;
    let hlsFmp4: TestPackage;
    let dash: TestPackage;
    let hlsAes: TestPackage;
    // Key URI on a closed port: only the harness's key override can make this package play.
    const aes = { keyHex: '000102030405060708090a0b0c0d0e0f', keyUri: 'http://127.0.0.1:9/keys/enc.key' };

    before(async function () {
      this.timeout(90_000);
      skipUnlessCi(this, ffmpegMissingReason());
      work = await mkdtemp(join(tmpdir(), 'ffs-playback-'));
      // Four encodes of ~1 s each (x264 veryfast, 12 s, 360p + 180p), run in parallel.
      [hlsTs, hlsFmp4, dash, hlsAes] = await Promise.all([
        makeHlsLadder(join(work, 'hls-ts'), 'mpegts'),
        makeHlsLadder(join(work, 'hls-fmp4'), 'fmp4'),
        makeDashLadder(join(work, 'dash')),
        makeHlsLadder(join(work, 'hls-aes'), 'mpegts', { aes128: aes }),
      ]);

      // Broken copies. The FIRST AUDIO segment is broken: every rung plays that one audio
      // rendition, so the failure happens whichever rung a player starts on (players pick
      // different ones: hls.js/shaka/dash.js 360p, native 180p), and before the 3 s criterion
      // could be met: deterministic, not a race. One file each.
      const broken = async (pkg: TestPackage, name: string, damage: (path: string) => Promise<void>): Promise<void> => {
        await cp(pkg.dir, join(work, name), { recursive: true });
        await damage(join(work, name, firstAudioSegment(pkg)));
      };
      await broken(hlsTs, 'hls-missing', (path) => rm(path));
      await broken(hlsTs, 'hls-corrupt', zeroFill);
      await broken(dash, 'dash-missing', (path) => rm(path));
      await broken(dash, 'dash-corrupt', zeroFill);
      await broken(dash, 'dash-garbage', garble);

      server = await startStaticServer(work);
      await mkdir(join(work, 'empty'));
      otherOrigin = await startStaticServer(join(work, 'empty'));
    });
    after(async function () {
      await server?.close();
      await otherOrigin?.close();
      if (work !== undefined) await rm(work, { recursive: true, force: true });
    });

    const url = (pkg: () => TestPackage, sub?: string): (() => string) => () => {
      const p = pkg();
      return `${server.url}/${sub ?? p.dir.slice(work.length + 1)}/${p.manifest}`;
    };
    const play = (options: Omit<PlayOptions, 'url'> & { url: () => string }): Promise<PlaybackResult> =>
      playInBrowser(env.browser, { ...options, url: options.url() });

    describe('plays ffmpeg ladders and switches rungs', function () {
      const cases: { title: string; player: PlayOptions['player']; url: () => string; switch: boolean }[] = [
        { title: 'HLS TS in hls.js', player: 'hls', url: url(() => hlsTs), switch: true },
        { title: 'HLS fMP4 in hls.js', player: 'hls', url: url(() => hlsFmp4), switch: true },
        { title: 'HLS TS in shaka', player: 'shaka', url: url(() => hlsTs), switch: true },
        { title: 'HLS fMP4 in shaka', player: 'shaka', url: url(() => hlsFmp4), switch: true },
        { title: 'DASH in shaka', player: 'shaka', url: url(() => dash), switch: true },
        { title: 'DASH in dash.js', player: 'dash', url: url(() => dash), switch: true },
        { title: 'HLS TS in Chromium native HLS', player: 'native', url: url(() => hlsTs), switch: false },
        { title: 'HLS fMP4 in Chromium native HLS', player: 'native', url: url(() => hlsFmp4), switch: false },
      ];
      for (const c of cases) {
        it(c.title, async function () {
          server.clearRequests();
          const result = await play({ player: c.player, url: c.url, switchRendition: c.switch });
          expectPlayback(result);
          expect(result.errors).to.deep.equal([]);
          expect(result.playedSeconds).to.be.at.least(3);
          expect(result.totalFrames).to.be.greaterThan(30);
          if (c.switch) {
            expect(result.renditions.map((r) => r.height).filter((h) => h > 0)).to.have.members([360, 180]);
            expect(result.switchOk).to.equal(true);
            expect(result.switchedTo?.height).to.not.equal(result.switchedTo?.fromHeight);
            expect(result.heightsSeen).to.include.members([360, 180]);
          }
          // The request log shows what the player fetched.
          expect(server.requests.some((r) => r.status < 300 && /\.(ts|m4s)$/.test(r.path))).to.equal(true);
        });
      }

      it('plays media from another 127.0.0.1 origin (CORS)', async function () {
        const result = await play({
          player: 'hls',
          url: url(() => hlsFmp4),
          pageUrl: `${otherOrigin.url}/__play.html`,
        });
        expectPlayback(result);
        expect(new URL(result.url).origin).to.not.equal(otherOrigin.url);
      });

      it('plays AES-128 HLS with the key supplied by hlsKeyOverride: hls.js', async function () {
        const result = await play({ player: 'hls', url: url(() => hlsAes), switchRendition: true, hlsKeyOverride: { keyHex: aes.keyHex } });
        expectPlayback(result);
        expect(result.log.some((line) => line.includes('key request http://127.0.0.1:9/keys/enc.key -> override'))).to.equal(true);
      });

      it('plays AES-128 HLS with the key supplied by hlsKeyOverride: shaka', async function () {
        const result = await play({ player: 'shaka', url: url(() => hlsAes), hlsKeyOverride: { keyHex: aes.keyHex, uriContains: '/keys/' } });
        expectPlayback(result);
      });

      it('refuses switchRendition for native HLS, which has no API to pick a rung', async function () {
        let caught: unknown;
        await play({ player: 'native', url: url(() => hlsTs), switchRendition: true }).catch((e: unknown) => (caught = e));
        expect(caught).to.be.instanceOf(TypeError);
        expect((caught as Error).message).to.match(/not supported for player 'native'/);
      });
    });

    describe('fails broken packages with the player\'s own error', function () {
      const negative = (
        title: string,
        options: Omit<PlayOptions, 'url'> & { url: () => string },
        pattern: RegExp,
      ): void => {
        it(title, async function () {
          const result = await play({ timeoutMs: 15_000, ...options });
          expectPlaybackFailure(result, pattern);
          // expectPlayback() on it throws an assertion carrying that error text and the log.
          expect(() => expectPlayback(result))
            .to.throw(AssertionError)
            .with.property('message')
            .that.matches(pattern)
            .and.contains('log:');
        });
      };

      negative('missing segment: hls.js', { player: 'hls', url: url(() => hlsTs, 'hls-missing') }, /fragLoadError http=404 url=\S+audio\/seg_000\.ts/);
      negative('missing segment: shaka (HLS)', { player: 'shaka', url: url(() => hlsTs, 'hls-missing') }, /1001 BAD_HTTP_STATUS.*audio\/seg_000\.ts/);
      negative('missing segment: native', { player: 'native', url: url(() => hlsTs, 'hls-missing') }, /video\.error code=\d/);
      negative('missing segment: dash.js', { player: 'dash', url: url(() => dash, 'dash-missing') }, /dash\.js ERROR code=27: \S+chunk-2-00001\.m4s is not available/);
      negative('missing segment: shaka (DASH)', { player: 'shaka', url: url(() => dash, 'dash-missing') }, /1001 BAD_HTTP_STATUS.*chunk-2-00001\.m4s/);
      negative('corrupt segment: hls.js', { player: 'hls', url: url(() => hlsTs, 'hls-corrupt') }, /fragParsingError.*audio\/seg_000\.ts/);
      negative('corrupt segment: shaka (HLS)', { player: 'shaka', url: url(() => hlsTs, 'hls-corrupt') }, /3018 TRANSMUXING_FAILED.*audio\/seg_000\.ts/);
      negative('corrupt segment: native', { player: 'native', url: url(() => hlsTs, 'hls-corrupt') }, /video\.error code=\d/);
      negative('corrupt segment: dash.js', { player: 'dash', url: url(() => dash, 'dash-corrupt') }, /CHUNK_DEMUXER_ERROR_APPEND_FAILED/);
      negative('corrupt segment: shaka (DASH)', { player: 'shaka', url: url(() => dash, 'dash-corrupt') }, /CHUNK_DEMUXER_ERROR_APPEND_FAILED|MEDIA_SOURCE_OPERATION_FAILED/);

      it('garbage segment that stalls without an error: dash.js (caught as "no progress")', async function () {
        const result = await play({ player: 'dash', url: url(() => dash, 'dash-garbage'), timeoutMs: 15_000, stallTimeoutMs: 3_000 });
        expectPlaybackFailure(result, /no progress/, { requirePlayerError: false });
        expect(result.totalFrames).to.be.at.most(30);
      });

      negative(
        'AES-128 HLS with a wrong key: hls.js',
        { player: 'hls', url: url(() => hlsAes), hlsKeyOverride: { keyHex: 'ff'.repeat(16) } },
        /fragParsingError/,
      );

      const missingUrl = (name: string) => () => `${server.url}/does-not-exist/${name}`;
      negative('manifest 404: hls.js', { player: 'hls', url: missingUrl('master.m3u8') }, /FATAL networkError\/manifestLoadError http=404/);
      negative('manifest 404: shaka', { player: 'shaka', url: missingUrl('master.m3u8') }, /CRITICAL error 1001 BAD_HTTP_STATUS/);
      negative('manifest 404: dash.js', { player: 'dash', url: missingUrl('manifest.mpd') }, /dash\.js ERROR code=25: \S+manifest\.mpd is not available/);
      negative('manifest 404: native', { player: 'native', url: missingUrl('master.m3u8') }, /video\.error code=4/);
    });
  });
});

function firstAudioSegment(pkg: TestPackage): string {
  const first = pkg.audioSegments[0];
  if (first === undefined) throw new Error(`no audio segment in ${pkg.dir}`);
  return first;
}

/**
 * Overwrites a file with zero bytes of the same size, like a preallocated segment that was never
 * written. Every parser rejects it at once (MP4 box size 0, no TS sync byte), so the player errors.
 */
async function zeroFill(path: string): Promise<void> {
  const { size } = await stat(path);
  await writeFile(path, Buffer.alloc(size));
}

/**
 * Overwrites a file with the same number of garbage bytes (fixed-seed LCG: the same garbage every
 * run). For fMP4 the first "box" then claims ~2 GB, so Chromium's parser waits for more data: no
 * error event, just no progress; the harness's stall detection has to catch it.
 */
async function garble(path: string): Promise<void> {
  const { size } = await stat(path);
  const bytes = Buffer.alloc(size);
  let x = 0x2545f491;
  for (let i = 0; i < size; i += 1) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  await writeFile(path, bytes);
}
