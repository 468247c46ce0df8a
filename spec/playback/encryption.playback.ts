import { expect } from 'chai';
import { cp, readdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { Bitrate, Formats, Representation, Size, fromFile, packageHls, type HlsPackageOptions } from '../../lib/index.js';
import { expectPlayback, expectPlaybackFailure, playInBrowser, usePlaybackBrowser, useServedPackages, type PlayerName } from '../helpers/playback/index.js';
import { requireFfmpeg } from '../helpers/require-tool.js';

/**
 * Our AES-128 packages played in real Chromium: single-key MPEG-TS and fMP4 rotating the key at every segment, in
 * hls.js and shaka, each with a forced rung switch. The players fetch the keys over HTTP from the URIs the playlists
 * give; with one key file overwritten by wrong bytes, playback fails with the player's own error, so the segments
 * really are encrypted and really are decrypted.
 */
describe('playback: HLS AES-128 (single key and rotating) in hls.js and shaka', function () {
  this.timeout(300_000);
  const env = usePlaybackBrowser();

  const ladder = [new Representation(new Size(640, 360), new Bitrate(700_000)), new Representation(new Size(320, 180), new Bitrate(250_000))];
  const h264 = Formats.h264({ videoOptions: { preset: 'ultrafast' } });

  before(requireFfmpeg);
  const served = useServedPackages('encryption-playback-');
  /** Plays with a forced switch; resolves to the distinct key files the player fetched (over HTTP, status 200). */
  const play = async (player: PlayerName, master: string): Promise<Set<string>> => {
    served().server.clearRequests();
    expectPlayback(await playInBrowser(env.browser, { player, url: served().url(master), switchRendition: true }));
    return new Set(served().server.requests.filter((r) => r.path.includes('/keys/') && r.status === 200).map((r) => r.path));
  };
  /** Packages the source into `root/<name>/master.m3u8` with our encryption; resolves to the master's path. */
  const encrypt = async (name: string, options: Omit<HlsPackageOptions, 'output' | 'representations' | 'format'>): Promise<string> => {
    const master = join(served().root, name, 'master.m3u8');
    await lastValueFrom(fromFile(served().source).pipe(packageHls({ ...options, output: master, representations: ladder, format: h264 })));
    return master;
  };
  /** A copy of the package `name` whose first key file holds wrong bytes; resolves to the copy's master. */
  const withWrongKey = async (name: string, player: PlayerName): Promise<string> => {
    const dir = join(served().root, name);
    const copy = `${dir}-wrong-key-${player}`;
    await cp(dir, copy, { recursive: true });
    const keys = (await readdir(join(copy, 'keys'))).sort();
    await writeFile(join(copy, 'keys', keys[0] ?? 'missing'), randomBytes(16));
    return join(copy, 'master.m3u8');
  };
  const playWrong = async (player: PlayerName, name: string): Promise<void> => {
    const result = await playInBrowser(env.browser, { player, url: served().url(await withWrongKey(name, player)), timeoutMs: 20_000 });
    // The player's own error on the first segment (key 0 is the wrong one), not a harness timeout: hls.js decrypts
    // to garbage it cannot parse (or reports the decryption), shaka's WebCrypto rejects the padding.
    expectPlaybackFailure(result, player === 'hls' ? /frag(Parsing|Decrypt)Error.*_00000\./u : /shaka/u);
  };

  describe('MPEG-TS, one key for the package', () => {
    let master: string;
    before(async () => {
      master = await encrypt('ts-single', { segmentDurationSeconds: 4, encryption: {} });
    });
    it('plays and switches in hls.js', async () => expect((await play('hls', master)).size).to.equal(1));
    it('plays and switches in shaka', async () => expect((await play('shaka', master)).size).to.equal(1));
    it('fails in hls.js with a wrong key', () => playWrong('hls', 'ts-single'));
    it('fails in shaka with a wrong key', () => playWrong('shaka', 'ts-single'));
  });

  describe('fMP4, a new key every segment', () => {
    let master: string;
    before(async () => {
      master = await encrypt('fmp4-rotating', { segmentDurationSeconds: 2, segmentType: 'fmp4', encryption: { rotationPeriodSegments: 1 } });
    });
    // At least 3 s were played (2 s segments), so at least two keys were fetched and used.
    it('plays and switches in hls.js, fetching the rotating keys', async () => expect((await play('hls', master)).size).to.be.at.least(2));
    it('plays and switches in shaka, fetching the rotating keys', async () => expect((await play('shaka', master)).size).to.be.at.least(2));
    it('fails in hls.js with a wrong key', () => playWrong('hls', 'fmp4-rotating'));
    it('fails in shaka with a wrong key', () => playWrong('shaka', 'fmp4-rotating'));
  });
});
