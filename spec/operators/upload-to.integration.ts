/**
 * uploadTo() with real ffmpeg and the four real stores at once: Swift with s3api (S3), Azurite (Azure Blob),
 * nginx with DAV (HTTP PUT), and the fake GCS JSON API driven by the real @google-cloud/storage SDK (no GCS
 * emulator exists offline; see spec/helpers/servers/start-fake-gcs.ts). Faults come from the seeded fault proxy.
 */
import { ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { Storage } from '@google-cloud/storage';
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, share, tap, toArray } from 'rxjs';
import { Bitrate, Formats, Representation, Size, fromFile, packageDash, packageHls, type PackagingEvent } from '../../lib/index.js';
import type { UploadEvent } from '../../lib/contracts/upload-event.js';
import { isPackagerError } from '../../lib/errors.js';
import { uploadTo } from '../../operators/upload-to.js';
import { watchOutput } from '../../operators/watch-output.js';
import { makeTestVideo } from '../helpers/media.js';
import { waitUntilGone } from '../helpers/process.js';
import { requireFfmpeg } from '../helpers/require-tool.js';
import { faultProxy, type FaultProxy } from '../helpers/servers/fault-proxy.js';
import { BUCKET, MiB, expectSafeOrder, expectSamePackage, localPackage, startStores, type StoreUnderTest, type Stores } from './upload-to-stores.js';
import { startTogether } from '../helpers/servers/start-together.js';

type Event = PackagingEvent | UploadEvent;

const format = Formats.h264({ videoOptions: { preset: 'ultrafast' } });
const ladder = [new Representation(new Size(640, 360), new Bitrate(800_000)), new Representation(new Size(320, 180), new Bitrate(300_000))];
let runId = 0;
const prefixOf = (label: string): string => `${label}-${Date.now().toString(36)}-${++runId}`;

describe('uploadTo() to S3, Azure, GCS and HTTP PUT at once, with real ffmpeg', function () {
  this.timeout(120_000);
  let stores: Stores;
  let source: string;
  let out: string;

  before(requireFfmpeg);
  before(async function () {
    this.timeout(180_000);
    [stores, source] = await startTogether(() => startStores(this), () => makeTestVideo({ width: 640, height: 360, fps: 25, durationSeconds: 12 }));
  });
  after(async () => {
    await stores?.stop();
  });
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'upload-it-'));
  });
  afterEach(async () => {
    await rm(out, { recursive: true, force: true });
  });

  /** Runs a packaging job through watchOutput() + uploadTo() and checks every store against the local package. */
  async function publishAndCheck(kind: 'hls' | 'dash', targets: readonly StoreUnderTest[], options: Parameters<typeof uploadTo>[1] = {}): Promise<Event[]> {
    const packaging =
      kind === 'hls'
        ? packageHls({ output: join(out, 'master.m3u8'), format, representations: ladder, segmentDurationSeconds: 2 })
        : packageDash({ output: join(out, 'manifest.mpd'), format, representations: ladder, segmentDurationSeconds: 2, generateHlsPlaylist: true });
    const events = await lastValueFrom(
      fromFile(source).pipe(
        packaging,
        watchOutput(),
        uploadTo(
          targets.map((t) => t.sink),
          options,
        ),
        toArray(),
      ),
    );
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error(`the last event is ${done?.type}, not done`);
    const local = await localPackage(done.result);
    expect(local.size).to.be.greaterThan(10);
    for (const target of targets) {
      expectSamePackage(`${target.label} (${target.sink.name})`, await target.list(), local);
      const eventOrder = events.flatMap((e) => (e.type === 'uploaded' && e.sink === target.sink.name ? [e.key] : []));
      expect(new Set(eventOrder).size, `${target.label}: one upload per file`).to.equal(local.size);
      expectSafeOrder(`${target.label} (uploaded events)`, eventOrder, local);
      const serverOrder = await target.serverOrder();
      if (serverOrder !== null) expectSafeOrder(`${target.label} (server-side arrival)`, serverOrder, local);
    }
    // Uploads run while ffmpeg encodes: the first file is stored before ffmpeg's last progress report.
    const firstUpload = events.findIndex((e) => e.type === 'uploaded');
    const finalProgress = events.findIndex((e) => e.type === 'progress' && e.progress.isFinal);
    expect(firstUpload, 'first upload before the final progress event').to.be.within(0, finalProgress);
    expect(events.findIndex((e) => e.type === 'done'), 'done after every upload').to.be.greaterThan(events.findLastIndex((e) => e.type === 'uploaded'));
    return events;
  }

  const allFour = (label: string): StoreUnderTest[] => {
    const prefix = prefixOf(label);
    return [stores.s3(prefix), stores.azure(prefix), stores.gcsStore(prefix), stores.http(prefix)];
  };

  it('HLS (MPEG-TS, 2 rungs + audio): every store holds exactly the package, byte for byte, in a safe order', async () => {
    const targets = allFour('hls');
    try {
      await publishAndCheck('hls', targets);
    } finally {
      await Promise.all(targets.map((t) => t.sink.close?.()));
    }
  });

  it('DASH with HLS playlists: every store holds exactly the package, the MPD last', async () => {
    const targets = allFour('dash');
    try {
      const events = await publishAndCheck('dash', targets);
      for (const target of targets) {
        const keys = events.flatMap((e) => (e.type === 'uploaded' && e.sink === target.sink.name ? [e.key] : []));
        expect(keys.at(-1), target.label).to.equal('manifest.mpd');
      }
    } finally {
      await Promise.all(targets.map((t) => t.sink.close?.()));
    }
  });

  describe('with ~30% of requests failing (500, reset, slow) in front of nginx, Swift, Azurite and the fake GCS', () => {
    let nginxProxy: FaultProxy;
    let swiftProxy: FaultProxy;
    let azureProxy: FaultProxy;
    let gcsProxy: FaultProxy;
    let flakyS3: S3Client;
    let flakyContainer: ContainerClient;
    let flakyStorage: Storage;
    before(async () => {
      [nginxProxy, swiftProxy, azureProxy, gcsProxy] = await Promise.all([
        faultProxy({ target: stores.nginx.url, failRate: 0.3, seed: 11, slowMs: 400 }),
        faultProxy({ target: stores.swift.endpoint, failRate: 0.3, seed: 5, slowMs: 400 }),
        faultProxy({ target: new URL(stores.azurite.url).origin, failRate: 0.3, seed: 23, slowMs: 400 }),
        faultProxy({ target: stores.gcs.apiEndpoint, failRate: 0.3, seed: 17, slowMs: 400 }),
      ]);
      // No SDK retries anywhere: every failure reaches uploadTo()'s own retry policy.
      flakyS3 = new S3Client({ ...stores.swift.clientConfig, endpoint: swiftProxy.url, maxAttempts: 1 });
      const azureThroughProxy = stores.azurite.connectionString.replace(new URL(stores.azurite.url).origin, azureProxy.url);
      flakyContainer = BlobServiceClient.fromConnectionString(azureThroughProxy, { retryOptions: { maxTries: 1 } }).getContainerClient(BUCKET);
      flakyStorage = new Storage({ apiEndpoint: gcsProxy.url, projectId: stores.gcs.projectId, retryOptions: { autoRetry: false, maxRetries: 0 } });
    });
    after(async () => {
      flakyS3?.destroy();
      await Promise.all([nginxProxy?.stop(), swiftProxy?.stop(), azureProxy?.stop(), gcsProxy?.stop()]);
    });

    it('loses, corrupts and reorders nothing at any store: retries until every store holds the package', async () => {
      const prefix = prefixOf('faults');
      const targets = [
        stores.http(prefix, { baseUrl: `${nginxProxy.url}/${prefix}/` }),
        stores.s3(prefix, { client: flakyS3 }),
        stores.azure(prefix, { containerClient: flakyContainer }),
        stores.gcsStore(prefix, { storage: flakyStorage }),
      ];
      const proxies = { http: nginxProxy, s3: swiftProxy, azure: azureProxy, gcs: gcsProxy } as const;
      try {
        const events = await publishAndCheck('hls', targets, { retry: { maxAttempts: 12, initialDelayMs: 20, maxDelayMs: 200 } });
        const retries = events.filter((e) => e.type === 'retry');
        for (const target of targets) {
          const proxy = proxies[target.label];
          expect(retries.filter((e) => e.sink === target.sink.name).length, `retries at ${target.label}`).to.be.greaterThan(0);
          expect(proxy.stats['500'] + proxy.stats.reset, `500s and resets injected at ${target.label}`).to.be.greaterThan(0);
          expect(proxy.stats.slow, `slow replies injected at ${target.label}`).to.be.greaterThan(0);
        }
        for (const e of events) if (e.type === 'uploaded') expect(e.attempt).to.be.at.least(1);
      } finally {
        await Promise.all(targets.map((t) => t.sink.close?.()));
      }
    });
  });

  describe('cancel half-way', () => {
    let stall: FaultProxy;
    let stallingS3: S3Client;
    before(async () => {
      // Every multipart part waits 5 s in this proxy: a multipart upload is surely in flight when we cancel.
      stall = await faultProxy({ target: stores.swift.endpoint, failRate: 1, modes: ['slow'], slowMs: 5000, shouldFault: (method, url) => method === 'PUT' && /[?&]partNumber=/u.test(url) });
      stallingS3 = new S3Client({ ...stores.swift.clientConfig, endpoint: stall.url, maxAttempts: 1 });
    });
    after(async () => {
      stallingS3?.destroy();
      await stall?.stop();
    });

    it('unsubscribing stops ffmpeg, aborts uploads in flight and the S3 multipart upload; nothing is reported stored that is not', async () => {
      const bigSource = await makeTestVideo({ width: 1280, height: 720, fps: 30, durationSeconds: 30 });
      const prefix = prefixOf('cancel');
      const s3 = stores.s3(prefix, { client: stallingS3, partSizeBytes: 5 * MiB });
      const http = stores.http(prefix);
      const events: Event[] = [];
      let pid: number | undefined;
      const listUploads = async () => (await stores.s3Client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: `${prefix}/` }))).Uploads ?? [];
      const events$ = fromFile(bigSource).pipe(
        // 40 Mb/s in 4 s segments: each segment is ~20 MB, several 5 MiB parts.
        packageHls({ output: join(out, 'master.m3u8'), format, representations: [new Representation(new Size(1280, 720), new Bitrate(40_000_000))], segmentDurationSeconds: 4 }),
        watchOutput(),
        uploadTo([s3.sink, http.sink]),
        tap((e) => {
          events.push(e);
          if (e.type === 'start') pid = e.pid;
        }),
        share(),
      );
      const subscription = events$.subscribe({ error: () => undefined });
      try {
        const deadline = Date.now() + 60_000;
        // Cancel only once a multipart upload exists and one of its parts is held in flight by the stalling proxy.
        while ((await listUploads()).length === 0 || stall.stats.slow === 0) {
          if (Date.now() > deadline) throw new Error('no multipart upload with a part in flight');
          await new Promise((r) => setTimeout(r, 25));
        }
        expect(pid, 'ffmpeg started').to.be.a('number');
        const ffmpegWasRunning = existsSync(`/proc/${pid}`);
        subscription.unsubscribe();
        expect(await waitUntilGone(pid ?? 0, 10_000), 'ffmpeg is gone').to.equal(true);
        // The sink finishes aborting the multipart upload in the background; close() waits for it.
        await s3.sink.close?.();
        expect(await listUploads(), 'no multipart upload left behind').to.deep.equal([]);
        expect(events.some((e) => e.type === 'done')).to.equal(false);
        // Every file reported stored is really stored, at the sink that reported it.
        const [s3Objects, httpObjects] = await Promise.all([s3.list(), http.list()]);
        for (const e of events) {
          if (e.type !== 'uploaded') continue;
          const stored = e.sink === s3.sink.name ? s3Objects : httpObjects;
          expect(stored.get(e.key)?.bytes, `${e.sink}${e.key}`).to.equal(e.bytes);
        }
        // The converse cannot be promised: a small PutObject the server committed in the instant of the abort is
        // stored but never reported. At most the puts then in flight (the sink's concurrency, 4) can be such.
        const reportedAtS3 = events.filter((e) => e.type === 'uploaded' && e.sink === s3.sink.name).length;
        expect(s3Objects.size - reportedAtS3, 'stored but unreported: only puts in flight at the abort').to.be.within(0, 4);
        expect(stall.stats.slow, 'a part was in flight').to.be.at.least(1);
        expect(ffmpegWasRunning, 'cancelled while ffmpeg was still encoding').to.equal(true);
      } finally {
        subscription.unsubscribe();
        await http.sink.close?.();
      }
    });

    it('a sink that keeps failing ends the job with a SinkError naming sink, key and cause; ffmpeg is stopped', async () => {
      const prefix = prefixOf('fail');
      const broken = await faultProxy({ target: stores.nginx.url, failRate: 1, modes: ['500'] });
      try {
        const http = stores.http(prefix, { baseUrl: `${broken.url}/${prefix}/` });
        let pid: number | undefined;
        const error = await lastValueFrom(
          fromFile(source).pipe(
            packageHls({ output: join(out, 'master.m3u8'), format, representations: ladder, segmentDurationSeconds: 2 }),
            watchOutput(),
            tap((e) => {
              if (e.type === 'start') pid = e.pid;
            }),
            uploadTo(http.sink, { retry: { maxAttempts: 2, initialDelayMs: 10 } }),
          ),
        ).catch((e: unknown) => e);
        expect(isPackagerError(error) && error.code, String(error)).to.equal('SINK_WRITE_FAILED');
        expect((error as Error).message).to.match(new RegExp(`^${broken.url}/${prefix}/ could not store "master_\\S+": HTTP 500: Internal Server Error: faultProxy: injected 500 Gave up after 2 attempts`, 'u'));
        expect(await waitUntilGone(pid ?? 0, 10_000)).to.equal(true);
        await http.sink.close?.();
      } finally {
        await broken.stop();
      }
    });
  });
});
