import { expect } from 'chai';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, of, tap, toArray, type Observable } from 'rxjs';
import { callbackKeyStore } from '../../lib/encrypt/callback-key-store.js';
import { seedEncryptionOptions } from '../../lib/encrypt/seed-encryption-options.js';
import { sinkKeyStore } from '../../lib/encrypt/sink-key-store.js';
import { Bitrate, Formats, Representation, Size, fromFile, isPackagerError, packageDash, packageHls, type HlsPackageOptions, type PackagingEvent } from '../../lib/index.js';
import { decryptAes128Cbc } from '../../lib/encrypt/aes-128-cbc.js';
import { parseMediaPlaylist } from '../../lib/manifest/parse-media-playlist.js';
import { watchOutput } from '../../operators/watch-output.js';
import { memorySink } from '../../sinks/memory-sink.js';
import { fileInput } from '../../sources/from-file.js';
import { makeTestVideo } from '../helpers/media.js';
import { requireFfmpeg } from '../helpers/require-tool.js';
import { probeClearBytes } from './encrypt-helpers.js';

/** Collects a job's events, and its error (or null). */
async function run(events$: Observable<PackagingEvent>): Promise<{ events: PackagingEvent[]; error: unknown }> {
  const events: PackagingEvent[] = [];
  try {
    await lastValueFrom(events$.pipe(tap((e) => events.push(e)), toArray()));
    return { events, error: null };
  } catch (error) {
    return { events, error };
  }
}

/** Every key of a playlist text, as URIs. */
const keyUris = (text: string): string[] => [...text.matchAll(/#EXT-X-KEY:METHOD=AES-128,URI="([^"]+)"/gu)].map((m) => m[1] ?? '');

describe('HLS AES-128 encryption: bad input, live playlists, failures, key stores', function () {
  this.timeout(180_000);
  let root: string;
  let out: string;
  let source: string;
  const ladder = [new Representation(new Size(320, 180), new Bitrate(250_000)), new Representation(new Size(160, 90), new Bitrate(100_000))];
  const base = (output: string): HlsPackageOptions => ({
    output,
    segmentDurationSeconds: 2,
    representations: ladder,
    format: Formats.h264({ videoOptions: { preset: 'ultrafast' } }),
  });

  before(requireFfmpeg);
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'encrypt-life-'));
    source = await makeTestVideo({ width: 320, height: 180, fps: 25, durationSeconds: 8 });
  });
  beforeEach(async () => {
    out = await mkdtemp(join(root, 'out-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe('bad input fails with a typed error before ffmpeg starts', () => {
    it('a rotation period of 0, -2 or 1.5, at operator creation', () => {
      for (const bad of [0, -2, 1.5]) {
        expect(() => packageHls({ ...base(join(out, 'm.m3u8')), encryption: { rotationPeriodSegments: bad } }), String(bad)).to.throw(/rotationPeriodSegments/u);
      }
    });

    it('a key URL template without {keyId} when rotating, at operator creation', () => {
      expect(() => packageHls({ ...base(join(out, 'm.m3u8')), encryption: { keyUrlTemplate: 'https://k.example.com/key', rotationPeriodSegments: 2 } })).to.throw(/\{keyId\}/u);
    });

    it('DASH with encryption, even untyped', () => {
      const options = { output: join(out, 'manifest.mpd'), encryption: {} } as unknown as Parameters<typeof packageDash>[0];
      expect(() => packageDash(options)).to.throw(/HLS with AES-128/u);
    });

    it('an unwritable key directory: OUTPUT_NOT_WRITABLE, no ffmpeg, nothing left', async () => {
      await writeFile(join(out, 'not-a-dir'), 'x');
      const { events, error } = await run(
        fromFile(source).pipe(packageHls({ ...base(join(out, 'm.m3u8')), encryption: { keyDir: join(out, 'not-a-dir', 'keys') } })),
      );
      expect(isPackagerError(error) && error.code).to.equal('OUTPUT_NOT_WRITABLE');
      expect((error as Error).message).to.contain('not-a-dir');
      expect(events.map((e) => e.type), 'ffmpeg never started').to.deep.equal([]);
      expect(await readdir(out)).to.deep.equal(['not-a-dir']);
    });
  });

  it('live: playlists are republished as segments are encrypted; every key event precedes every playlist naming it', async () => {
    const input = { ...fileInput(source), isLive: true };
    const { events, error } = await run(
      of(input).pipe(
        packageHls({ ...base(join(out, 'live.m3u8')), extraArgs: ['-hls_playlist_type', 'event'], encryption: { rotationPeriodSegments: 1 } }),
        watchOutput(),
      ),
    );
    expect(error).to.equal(null);
    const keysSoFar = new Set<string>();
    const segmentsSoFar = new Set<string>();
    let playlistVersions = 0;
    for (const e of events) {
      if (e.type === 'key') keysSoFar.add(e.file.key);
      if (e.type === 'segment') segmentsSoFar.add(e.file.key);
      if (e.type !== 'playlist') continue;
      playlistVersions += 1;
      for (const uri of keyUris(e.content)) expect(keysSoFar.has(uri), `${e.file.key} v${e.version} names ${uri} after its key event`).to.equal(true);
      for (const s of parseMediaPlaylist(e.content).segments) expect(segmentsSoFar.has(s.uri), `${e.file.key} v${e.version} lists ${s.uri} only once published`).to.equal(true);
    }
    expect(playlistVersions, 'live playlists are reported at several versions').to.be.greaterThan(3);
    const final = await readFile(join(out, 'live_180p.m3u8'), 'utf8');
    // A live source is packaged live (issue #6): the final playlist keeps its EVENT type and gets ENDLIST.
    expect(final).to.contain('#EXT-X-ENDLIST').and.contain('#EXT-X-PLAYLIST-TYPE:EVENT');
    expect(keyUris(final)).to.have.length(parseMediaPlaylist(final).segments.length);
  });

  it('an abort mid-encode removes the staging directory, the keys and every file of the job', async () => {
    await writeFile(join(out, 'keep.txt'), 'mine');
    const controller = new AbortController();
    const { error } = await run(
      fromFile(source).pipe(
        packageHls({ ...base(join(out, 'm.m3u8')), signal: controller.signal, encryption: { rotationPeriodSegments: 1 } }),
        tap((e) => {
          if (e.type === 'key') controller.abort();
        }),
      ),
    );
    expect(isPackagerError(error) && error.code).to.equal('ABORTED');
    expect(await readdir(out)).to.deep.equal(['keep.txt']);
  });

  it('a key store failure stops ffmpeg, fails the job with the store’s error (no key bytes in it) and cleans up', async () => {
    const stored: string[] = [];
    const store = callbackKeyStore(
      (key) => {
        if (stored.length === 1) throw new Error(`vault refused ${Buffer.from(key.keyBytes).toString('hex')}`);
        stored.push(Buffer.from(key.keyBytes).toString('hex'));
      },
      { urlTemplate: 'https://keys.example.com/{keyId}', name: 'vault' },
    );
    const { events, error } = await run(fromFile(source).pipe(packageHls({ ...base(join(out, 'm.m3u8')), encryption: { keyStore: store, rotationPeriodSegments: 1 } })));
    expect(isPackagerError(error) && error.code).to.equal('SINK_WRITE_FAILED');
    const message = (error as Error).message;
    expect(message).to.contain('vault').and.contain('<redacted key>');
    for (const hex of stored) expect(message + JSON.stringify(events)).to.not.contain(hex);
    expect(events.some((e) => e.type === 'done')).to.equal(false);
    expect(await readdir(out)).to.deep.equal([]);
  });

  it('keys through a Sink (a private store), media in the output directory: absolute key URLs, all used, no key event', async () => {
    const keySink = memorySink();
    const store = sinkKeyStore(keySink, { urlTemplate: 'https://keys.example.com/private/{keyId}.key?token=t' });
    const { events, error } = await run(fromFile(source).pipe(packageHls({ ...base(join(out, 'm.m3u8')), segmentType: 'fmp4', encryption: { keyStore: store, rotationPeriodSegments: 2 } }), watchOutput()));
    expect(error).to.equal(null);
    expect(events.filter((e) => e.type === 'key')).to.have.length(0);
    const text = await readFile(join(out, 'm_180p.m3u8'), 'utf8');
    const playlist = parseMediaPlaylist(text);
    const used = new Set(playlist.segments.map((s) => s.key?.uri));
    expect([...used].every((u) => /^https:\/\/keys\.example\.com\/private\/m-key-[0-9a-f]{8}-\d+\.key\?token=t$/u.test(u ?? ''))).to.equal(true);
    expect(keySink.objects.size).to.equal(used.size);
    const first = playlist.segments[0];
    const keyId = /private\/(.+)\.key/u.exec(first?.key?.uri ?? '')?.[1] ?? '';
    const key = keySink.objects.get(`${keyId}.key`)?.body ?? new Uint8Array();
    const clear = decryptAes128Cbc(await readFile(join(out, first?.uri ?? '')), key, Buffer.from((first?.key?.iv ?? '').slice(2), 'hex'));
    const facts = await probeClearBytes(Buffer.concat([await readFile(join(out, 'm_180p_init.mp4')), clear]));
    expect(facts.firstVideoFrameIsKey).to.equal(true);
    expect((await readdir(out)).filter((n) => n === 'keys' || n.startsWith('.'))).to.deep.equal([]);
  });

  it('the seed form (saveTo, url, period): keys at <saveTo>-<keyId>, named <url>-<keyId>, outside the output', async () => {
    const keysDir = join(root, 'www-keys');
    await mkdir(keysDir, { recursive: true });
    const encryption = seedEncryptionOptions(join(keysDir, 'enc.key'), 'https://example.com/keys/enc.key', 2);
    const { error } = await run(fromFile(source).pipe(packageHls({ ...base(join(out, 'm.m3u8')), encryption })));
    expect(error).to.equal(null);
    const text = await readFile(join(out, 'm_audio.m3u8'), 'utf8');
    const files = await readdir(keysDir);
    expect(files.length).to.be.greaterThan(1);
    for (const uri of keyUris(text)) {
      expect(uri).to.match(/^https:\/\/example\.com\/keys\/enc\.key-m-key-[0-9a-f]{8}-\d+$/u);
      expect(files).to.include(uri.slice('https://example.com/keys/'.length));
    }
    expect(new Set(keyUris(text)).size).to.equal(files.length);
    for (const f of files) expect((await stat(join(keysDir, f))).mode & 0o777).to.equal(0o600);
  });
});
