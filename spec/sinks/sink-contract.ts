import { expect } from 'chai';
import type { Sink } from '../../lib/contracts/sink.js';
import { isPackagerError } from '../../lib/errors.js';
import { isSinkError } from '../../lib/contracts/sink-error.js';
import { putRequest, sha256, type TestFiles } from './sink-fixtures.js';

/** An object as the real server returns it. */
export interface StoredObject {
  readonly body: Buffer;
  readonly contentType: string | undefined;
  readonly cacheControl: string | undefined;
}

/** A sink wired to a real server, plus a way to read back what the server stored. */
export interface SinkUnderTest {
  readonly sink: Sink;
  /** Reads the object stored for a request key (the sink's prefix applied by the callee), or null if absent. */
  read(key: string): Promise<StoredObject | null>;
  /** The location `put` should report for a request key. */
  locationOf(key: string): string;
  /** False for stores that do not keep Content-Type/Cache-Control (a plain file server); those are checked elsewhere. */
  readonly keepsHeaders: boolean;
}

/**
 * The behaviour every sink owes the contract in lib/contracts/sink.ts, checked against a real server.
 * Call inside a `describe`, after a `before` that starts the server; `subject` and `files` are read lazily.
 */
export function behavesLikeASink(subject: () => SinkUnderTest, files: () => TestFiles, options: { readonly largeBytes: number }): void {
  const signal = (): AbortSignal => AbortSignal.timeout(30_000);

  it('stores a small file byte for byte, with its content type and cache control', async () => {
    const { sink, read, locationOf, keepsHeaders } = subject();
    const file = files().make('index.m3u8', '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n');
    const key = '720p/index.m3u8';
    const result = await sink.put(putRequest(file, key, { contentType: 'application/vnd.apple.mpegurl', cacheControl: 'max-age=1', kind: 'playlist' }), signal());
    expect(result).to.deep.equal({ key, location: locationOf(key), bytes: file.bytes });
    const stored = await read(key);
    expect(stored, 'stored object').to.not.equal(null);
    expect(sha256(stored?.body ?? Buffer.alloc(0))).to.equal(file.sha256);
    if (keepsHeaders) {
      expect(stored?.contentType).to.equal('application/vnd.apple.mpegurl');
      expect(stored?.cacheControl).to.equal('max-age=1');
    }
  });

  it(`streams a large file (${(options.largeBytes / 1024 / 1024).toFixed(1)} MiB) and stores identical bytes`, async () => {
    const { sink, read, keepsHeaders } = subject();
    const file = files().make('large.m4s', options.largeBytes);
    const result = await sink.put(putRequest(file, '1080p/seg_00001.m4s'), signal());
    expect(result.bytes).to.equal(options.largeBytes);
    const stored = await read('1080p/seg_00001.m4s');
    expect(stored?.body.length).to.equal(options.largeBytes);
    expect(sha256(stored?.body ?? Buffer.alloc(0))).to.equal(file.sha256);
    if (keepsHeaders) {
      expect(stored?.contentType).to.equal('video/iso.segment');
      expect(stored?.cacheControl).to.equal('public, max-age=31536000, immutable');
    }
  });

  it('overwrites a key (a live playlist is rewritten every segment)', async () => {
    const { sink, read } = subject();
    const first = files().make('v1.m3u8', '#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:1\n');
    const second = files().make('v2.m3u8', '#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:2\n#EXTINF:2.0,\nseg2.ts\n');
    await sink.put(putRequest(first, 'live.m3u8', { kind: 'playlist' }), signal());
    await sink.put(putRequest(second, 'live.m3u8', { kind: 'playlist' }), signal());
    expect(sha256((await read('live.m3u8'))?.body ?? Buffer.alloc(0))).to.equal(second.sha256);
  });

  it('keeps keys with spaces and non-ASCII characters intact', async () => {
    const { sink, read, locationOf } = subject();
    const file = files().make('odd.ts', 2048);
    const key = 'audio fr/seg é+1.ts';
    const result = await sink.put(putRequest(file, key), signal());
    expect(result.location).to.equal(locationOf(key));
    expect(sha256((await read(key))?.body ?? Buffer.alloc(0))).to.equal(file.sha256);
  });

  it('deletes a key, and deleting a missing key is not an error', async () => {
    const { sink, read } = subject();
    const file = files().make('old.ts', 1024);
    await sink.put(putRequest(file, 'window/seg_00001.ts'), signal());
    await sink.delete('window/seg_00001.ts', signal());
    expect(await read('window/seg_00001.ts')).to.equal(null);
    await sink.delete('window/seg_00001.ts', signal());
    await sink.delete('never/was/here.ts', signal());
  });

  it('runs concurrent puts', async () => {
    const { sink, read } = subject();
    const made = Array.from({ length: 6 }, (_, i) => ({ key: `par/seg_${i}.m4s`, file: files().make(`par-${i}.m4s`, 64 * 1024 + i) }));
    const results = await Promise.all(made.map(({ key, file }) => sink.put(putRequest(file, key), signal())));
    expect(results.map((r) => r.key)).to.deep.equal(made.map((m) => m.key));
    for (const { key, file } of made) expect(sha256((await read(key))?.body ?? Buffer.alloc(0)), key).to.equal(file.sha256);
  });

  it('rejects at once with an AbortedError, storing nothing, when the signal is already aborted', async () => {
    const { sink, read } = subject();
    const file = files().make('never.ts', 1024);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const started = Date.now();
    const error = await sink.put(putRequest(file, 'aborted/never.ts'), controller.signal).then(
      () => null,
      (e: unknown) => e,
    );
    expect(Date.now() - started).to.be.below(100);
    expect(isPackagerError(error) && error.code).to.equal('ABORTED');
    expect((error as Error).message).to.equal(`Upload of "aborted/never.ts" to ${sink.name} was aborted.`);
    expect(await read('aborted/never.ts')).to.equal(null);
  });

  it('rejects with a non-transient SinkError naming the sink and key when the local file is missing', async () => {
    const { sink } = subject();
    const request = { ...putRequest(files().make('gone.ts', 10), 'gone/seg.ts'), localPath: `${files().dir}/does-not-exist.ts` };
    const error = await sink.put(request, signal()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isSinkError(error), String(error)).to.equal(true);
    if (!isSinkError(error)) return;
    expect(error.isTransient).to.equal(false);
    expect(error.key).to.equal('gone/seg.ts');
    expect(error.sinkName).to.equal(sink.name);
    expect(error.message).to.match(new RegExp(`^${escape(sink.name)} could not store "gone/seg.ts": ENOENT`, 'u'));
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
