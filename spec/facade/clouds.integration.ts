/**
 * The facade's publishing: `output(path?, { clouds })` with a CloudManager, and `output('http://…/master.m3u8')`
 * (the seed's "to a server instantly"), against real stores (Swift s3api, Azurite, nginx DAV) and real ffmpeg.
 */
import { expect } from 'chai';
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { Bitrate, Formats, Representation, Size, input } from '../../lib/index.js';
import { CloudManager } from '../../lib/facade/cloud-manager.js';
import type { UploadEvent } from '../../lib/contracts/upload-event.js';
import { isSinkError } from '../../lib/contracts/sink-error.js';
import { SinkError } from '../../lib/contracts/sink-error.js';
import type { Sink } from '../../lib/contracts/sink.js';
import { playlistReferences } from '../../lib/upload/playlist-references.js';
import { makeTestVideo } from '../helpers/media.js';
import { requireFfmpeg } from '../helpers/require-tool.js';
import { expectSafeOrder, expectSamePackage, nginxPuts, startStores, type Stores } from '../operators/upload-to-stores.js';
import { startTogether } from '../helpers/servers/start-together.js';

const format = Formats.h264({ videoOptions: { preset: 'ultrafast' } });
const ladder = [new Representation(new Size(640, 360), new Bitrate(800_000)), new Representation(new Size(320, 180), new Bitrate(300_000))];
let runId = 0;
const prefixOf = (label: string): string => `${label}-${Date.now().toString(36)}-${++runId}`;
const tempDirs = (): Set<string> => new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('ffstream-')));

describe('facade: output() publishing to clouds and HTTP origins', function () {
  this.timeout(120_000);
  let stores: Stores;
  let source: string;

  before(requireFfmpeg);
  before(async function () {
    this.timeout(180_000);
    [stores, source] = await startTogether(() => startStores(this), () => makeTestVideo({ width: 640, height: 360, fps: 25, durationSeconds: 8 }));
  });
  after(async () => {
    await stores?.stop();
  });

  it('output(undefined, { clouds: new CloudManager().add(s3).add(azure) }): packages in a temporary directory, uploads, removes it', async () => {
    const prefix = prefixOf('facade');
    const s3 = stores.s3(prefix);
    const azure = stores.azure(prefix);
    const clouds = new CloudManager().add(s3.sink).add(azure.sink);
    const before = tempDirs();
    const seen: UploadEvent[] = [];
    const result = await input(source)
      .hls(format, { segmentDurationSeconds: 2 })
      .representations(...ladder)
      .output(undefined, { clouds, onUpload: (e) => seen.push(e) });
    // Named after the input, in a fresh temporary directory that is gone now.
    expect(result.manifestPath.startsWith(tmpdir())).to.equal(true);
    expect(result.manifestPath.endsWith(`${source.replace(/^.*\//u, '').replace(/\.mp4$/u, '')}.m3u8`)).to.equal(true);
    expect(existsSync(result.outDir), 'temporary directory removed').to.equal(false);
    expect([...tempDirs()].filter((d) => !before.has(d))).to.deep.equal([]);
    const stored = await s3.list();
    expect(stored.size).to.equal(result.files.length);
    expect(new Set(stored.keys())).to.deep.equal(new Set(result.files.map((f) => f.key)));
    expect(new Set((await azure.list()).keys())).to.deep.equal(new Set(result.files.map((f) => f.key)));
    expect(result.uploads.map((u) => [u.sink, u.files])).to.deep.equal([
      [s3.sink.name, result.files.length],
      [azure.sink.name, result.files.length],
    ]);
    expect(result.uploads[0]?.bytes).to.equal([...stored.values()].reduce((n, o) => n + o.bytes, 0));
    expect(seen.filter((e) => e.type === 'uploaded')).to.have.lengthOf(2 * result.files.length);
  });

  it('output(localPath, { clouds: sink }) keeps the local package and uploads the same bytes', async () => {
    const prefix = prefixOf('local');
    const gcs = stores.gcsStore(prefix);
    const out = await mkdtemp(join(tmpdir(), 'clouds-local-'));
    try {
      const result = await input(source).dash(format, { segmentDurationSeconds: 2 }).representations(...ladder).output(join(out, 'manifest.mpd'), { clouds: gcs.sink });
      const local = new Map<string, { sha256: string; kind: (typeof result.files)[number]['kind']; text: string | null }>();
      const { createHash } = await import('node:crypto');
      for (const f of result.files) {
        const body = await readFile(f.localPath);
        local.set(f.key, { sha256: createHash('sha256').update(body).digest('hex'), kind: f.kind, text: f.kind === 'manifest' || f.kind === 'playlist' ? body.toString() : null });
      }
      expectSamePackage('gcs', await gcs.list(), local);
      expectSafeOrder('gcs (server-side)', (await gcs.serverOrder()) ?? [], local);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it("output('http://…/live/master.m3u8'): every file and the master reach the origin, in a safe order", async () => {
    const prefix = prefixOf('origin');
    const before = tempDirs();
    const result = await input(source).hls(format, { segmentDurationSeconds: 2 }).representations(...ladder).output(`${stores.nginx.url}/${prefix}/live/master.m3u8`);
    expect([...tempDirs()].filter((d) => !before.has(d)), 'temporary directory removed').to.deep.equal([]);
    expect(result.uploads).to.have.lengthOf(1);
    expect(result.uploads[0]).to.include({ sink: `${stores.nginx.url}/${prefix}/live/`, files: result.files.length });
    // Read the package back over HTTP, as a player does, from the master down.
    const get = async (key: string): Promise<string> => {
      const response = await fetch(`${stores.nginx.url}/${prefix}/live/${key}`);
      expect(response.status, key).to.equal(200);
      return response.text();
    };
    const master = await get('master.m3u8');
    expect(master).to.match(/^#EXTM3U/u).and.include('#EXT-X-STREAM-INF');
    const keys = new Set<string>(['master.m3u8']);
    for (const playlist of playlistReferences('master.m3u8', master) ?? []) {
      keys.add(playlist);
      for (const segment of playlistReferences(playlist, await get(playlist)) ?? []) keys.add(segment);
    }
    expect(keys).to.deep.equal(new Set(result.files.map((f) => f.key)));
    const order = (await nginxPuts(stores.nginx, `${prefix}/live`)).map((p) => p.key);
    expect(order.at(-1), 'the master arrives last').to.equal('master.m3u8');
    expect(order).to.have.lengthOf(result.files.length);
  });

  it('removes the temporary directory and rejects with the SinkError when a sink fails for good', async () => {
    const failing: Sink = {
      name: 'broken://',
      put: async (request) => {
        throw new SinkError({ sinkName: 'broken://', key: request.key, operation: 'put', isTransient: false, statusCode: 403, reason: 'HTTP 403 AccessDenied' });
      },
      delete: async () => undefined,
    };
    const before = tempDirs();
    const error = await input(source).hls(format, { segmentDurationSeconds: 2 }).representations(...ladder).output(undefined, { clouds: [failing] }).catch((e: unknown) => e);
    expect(isSinkError(error), String(error)).to.equal(true);
    expect((error as Error).message).to.match(/^broken:\/\/ could not store "\S+": HTTP 403 AccessDenied$/u);
    expect([...tempDirs()].filter((d) => !before.has(d))).to.deep.equal([]);
  });

  it('an AbortSignal cancels the job and its uploads, and removes the temporary directory', async () => {
    const prefix = prefixOf('abort');
    const http = stores.http(prefix);
    const controller = new AbortController();
    const before = tempDirs();
    const error = await input(source)
      .hls(format, { segmentDurationSeconds: 2 })
      .representations(...ladder)
      .output(undefined, { clouds: http.sink, signal: controller.signal, onUpload: () => controller.abort() })
      .catch((e: unknown) => e);
    expect((error as { code?: string }).code).to.equal('ABORTED');
    expect([...tempDirs()].filter((d) => !before.has(d))).to.deep.equal([]);
  });

  it('examples/custom-sink.ts publishes through its own fetch() sink', async () => {
    const prefix = prefixOf('example');
    const cwd = await mkdtemp(join(tmpdir(), 'custom-sink-'));
    try {
      await copyFile(await makeTestVideo({ width: 640, height: 360, durationSeconds: 4 }), join(cwd, 'talk.mp4'));
      const example = join(import.meta.dirname, '..', '..', 'examples', 'custom-sink.ts');
      const run = await execa(process.execPath, ['--import', import.meta.resolve('tsx'), example], { cwd, reject: false, env: { ORIGIN: `${stores.nginx.url}/${prefix}/` } });
      expect(run.exitCode, run.stderr).to.equal(0);
      expect(run.stdout).to.include(`sink: '${stores.nginx.url}/${prefix}/'`);
      const order = (await nginxPuts(stores.nginx, prefix)).map((p) => p.key);
      expect(order.at(-1)).to.equal('talk.m3u8');
      expect(order.length).to.be.greaterThan(4);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
