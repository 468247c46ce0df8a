import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { lastValueFrom, toArray } from 'rxjs';
import { Bitrate, Formats, Representation, Size, fromFile, packageHls, type PackagingEvent } from '../../lib/index.js';
import { watchOutput } from '../../operators/watch-output.js';
import { makeTestVideo } from '../helpers/media.js';
import { parseStrict } from '../helpers/package-checks.js';
import { requireFfmpeg } from '../helpers/require-tool.js';
import { decryptSegment, hasOpenssl, keyedSegments, probeClearBytes, type KeyedSegment } from './encrypt-helpers.js';

/**
 * Real ffmpeg, TS and fMP4, one key and rotation every 1 and every 3 segments, 2 video rungs + audio, 12 s at 2 s
 * segments: every segment of every rendition decrypts with the key and IV its playlist names into media whose first
 * video frame is a key frame; rotation indices agree across renditions; every key file is used; nothing leaks.
 */
describe('HLS AES-128 encryption with real ffmpeg', function () {
  this.timeout(300_000);
  let root: string;
  let source: string;
  const ladder = [new Representation(new Size(640, 360), new Bitrate(700_000, 96_000)), new Representation(new Size(320, 180), new Bitrate(250_000))];
  const h264 = Formats.h264({ videoOptions: { preset: 'ultrafast' } });

  before(requireFfmpeg);
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'encrypt-it-'));
    source = await makeTestVideo({ width: 640, height: 360, fps: 25, durationSeconds: 12 });
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  for (const segmentType of ['mpegts', 'fmp4'] as const) {
    for (const period of [null, 1, 3] as const) {
      const label = period === null ? 'one key' : `a new key every ${period} segment${period > 1 ? 's' : ''}`;
      it(`${segmentType}, ${label}: every segment decrypts to key-framed media, keys agree across renditions, all used, none leaked`, async () => {
        const outDir = join(root, `${segmentType}-${period ?? 'single'}`);
        const started = performance.now();
        const events = await lastValueFrom(
          fromFile(source).pipe(
            packageHls({
              output: join(outDir, 'master.m3u8'),
              segmentDurationSeconds: 2,
              keyFrameIntervalSeconds: 2,
              segmentType,
              representations: ladder,
              format: h264,
              encryption: period === null ? {} : { rotationPeriodSegments: period },
            }),
            watchOutput(),
            toArray(),
          ),
        );
        const encodeMs = performance.now() - started;
        const done = events.at(-1) as Extract<PackagingEvent, { type: 'done' }>;
        expect(done.type).to.equal('done');

        // The master and the media playlists parse strictly; the master lists both rungs and the audio group.
        const master = parseStrict(await readFile(join(outDir, 'master.m3u8'), 'utf8')) as import('hls-parser').types.MasterPlaylist;
        expect(master.variants).to.have.length(2);
        const playlists = [...new Set([...master.variants.map((v) => v.uri), ...master.variants.flatMap((v) => v.audio.map((a) => a.uri ?? ''))])].filter(Boolean);
        expect(playlists).to.have.length(3);
        const renditions = new Map<string, KeyedSegment[]>();
        for (const uri of playlists) {
          parseStrict(await readFile(join(outDir, uri), 'utf8'));
          renditions.set(uri, await keyedSegments(join(outDir, uri), (keyUri) => join(outDir, decodeURIComponent(keyUri))));
        }

        // Every segment decrypts with its playlist's key and IV (Node crypto) into media that probes right.
        const all = [...renditions.values()].flat();
        for (const [uri, segments] of renditions) {
          const isAudio = uri.includes('audio');
          for (const segment of segments) {
            const facts = await probeClearBytes(await decryptSegment(segment));
            const what = `${segment.uri} (key ${segment.keyUri})`;
            if (isAudio) {
              expect(facts.streams.map((s) => s.codec_name), what).to.deep.equal(['aac']);
            } else {
              expect(facts.streams.map((s) => s.codec_name), what).to.deep.equal(['h264']);
              expect(facts.firstVideoFrameIsKey, `${what} starts with a key frame`).to.equal(true);
            }
          }
        }

        // A few with openssl too: the same clear bytes.
        if (hasOpenssl()) {
          for (const segment of [...renditions.values()].map((s) => s.at(-1) as KeyedSegment)) {
            const key = await readFile(segment.keyPath);
            const { stdout } = await execa('openssl', ['aes-128-cbc', '-d', '-K', key.toString('hex'), '-iv', segment.ivHex, '-in', segment.path], { encoding: 'buffer' });
            const nodeClear = await decryptSegment({ ...segment, initPath: undefined });
            expect(Buffer.from(stdout).equals(nodeClear), `openssl decrypts ${segment.uri} identically`).to.equal(true);
          }
        }

        // Rotation: segment k uses key ⌊k/N⌋ in every rendition, audio included; one IV per key.
        const keyOfSequence = new Map<number, Set<string>>();
        const ivOfKey = new Map<string, Set<string>>();
        for (const s of all) {
          keyOfSequence.set(s.sequence, (keyOfSequence.get(s.sequence) ?? new Set()).add(s.keyUri));
          ivOfKey.set(s.keyUri, (ivOfKey.get(s.keyUri) ?? new Set()).add(s.ivHex));
        }
        for (const [k, uris] of keyOfSequence) expect([...uris], `segment ${k}: one key across renditions`).to.have.length(1);
        for (const [uri, ivs] of ivOfKey) expect([...ivs], `one IV for ${uri}`).to.have.length(1);
        const sequences = [...keyOfSequence.keys()].sort((a, b) => a - b);
        expect(sequences[0]).to.equal(0);
        const keyIndex = (k: number): number => (period === null ? 0 : Math.floor(k / period));
        for (const a of sequences) {
          for (const b of sequences) {
            const same = [...(keyOfSequence.get(a) ?? [])][0] === [...(keyOfSequence.get(b) ?? [])][0];
            expect(same, `segments ${a} and ${b} share a key iff ⌊k/N⌋ agree`).to.equal(keyIndex(a) === keyIndex(b));
          }
        }
        const usedKeys = new Set(all.map((s) => s.keyPath));
        expect(usedKeys.size).to.equal(new Set(sequences.map(keyIndex)).size);

        // Every key file written is used; 16 bytes, mode 0600; one key event per key, before any segment it encrypts.
        const keyFiles = (await readdir(join(outDir, 'keys'))).map((n) => join(outDir, 'keys', n));
        expect(new Set(keyFiles), 'key files = keys named by playlists').to.deep.equal(usedKeys);
        for (const file of keyFiles) {
          const info = await stat(file);
          expect(info.size).to.equal(16);
          expect(info.mode & 0o777, `${file} mode`).to.equal(0o600);
        }
        const keyEvents = events.filter((e): e is Extract<PackagingEvent, { type: 'key' }> => e.type === 'key');
        expect(keyEvents.map((e) => join(outDir, e.file.key)).sort()).to.deep.equal([...keyFiles].sort());
        for (const e of keyEvents) expect(e.file.key).to.equal(`keys/${e.keyId}.key`);
        const position = (predicate: (e: PackagingEvent) => boolean): number => events.findIndex(predicate);
        for (const segment of all) {
          const keyAt = position((e) => e.type === 'key' && join(outDir, e.file.key) === segment.keyPath);
          const segmentAt = position((e) => e.type === 'segment' && e.file.key === segment.uri);
          expect(keyAt, `key of ${segment.uri} reported`).to.be.at.least(0);
          expect(segmentAt, `${segment.uri} reported after its key`).to.be.greaterThan(keyAt);
          const playlistAt = position((e) => e.type === 'playlist' && e.content.includes(segment.keyUri));
          expect(playlistAt, 'every key event precedes every playlist naming it').to.be.greaterThan(keyAt);
        }

        // No key bytes in any event (argv included) and nothing clear or hidden left in the output directory.
        const eventsJson = JSON.stringify(events);
        for (const file of keyFiles) {
          const key = await readFile(file);
          for (const form of [key.toString('hex'), key.toString('hex').toUpperCase(), key.toString('base64')]) expect(eventsJson).to.not.contain(form);
        }
        const names = await readdir(outDir);
        expect(names.filter((n) => n.startsWith('.')), 'no staging or temporary files left').to.deep.equal([]);
        const listed = new Set(done.result.files.map((f) => f.key));
        expect(names.filter((n) => !listed.has(n) && n !== 'keys'), 'every file is in the result').to.deep.equal([]);

        // The master's bitrates come from the encrypted sizes players download.
        for (const r of done.result.presentation?.renditions ?? []) {
          for (const s of r.segments) expect(s.bytes, s.uri).to.equal((await stat(join(outDir, decodeURIComponent(s.uri)))).size);
        }
        const expectedCodecs = /^avc1\.[0-9a-f]{6},mp4a\.40\.2$/u;
        for (const v of master.variants) expect(v.codecs).to.match(expectedCodecs);
        console.log(`      ${segmentType} ${label}: encode+encrypt ${Math.round(encodeMs)} ms, ${all.length} segments, ${keyFiles.length} key(s)`);
      });
    }
  }
});
