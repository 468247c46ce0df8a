/**
 * The four real stores of the upload integration tests, started once per spec file, and how to read back what
 * each one holds: Swift with s3api (S3), Azurite (Azure Blob), nginx with DAV (HTTP PUT), and the fake GCS JSON
 * API driven by the real @google-cloud/storage SDK (no GCS emulator exists offline).
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { Storage } from '@google-cloud/storage';
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { PackageResult } from '../../lib/contracts/packaging-event.js';
import type { Sink } from '../../lib/contracts/sink.js';
import { cacheControlFor, contentTypeFor } from '../../lib/contracts/content-type.js';
import { playlistReferences } from '../../lib/upload/playlist-references.js';
import { azureBlobSink } from '../../sinks/azure-blob-sink.js';
import { gcsSink } from '../../sinks/gcs-sink.js';
import { httpPutSink } from '../../sinks/http-put-sink.js';
import { s3Sink } from '../../sinks/s3-sink.js';
import { startOrSkip } from '../helpers/servers/server-unavailable-error.js';
import { startAzurite, type AzuriteServer } from '../helpers/servers/start-azurite.js';
import { startFakeGcs, type FakeGcsServer } from '../helpers/servers/start-fake-gcs.js';
import { startNginxDav, type NginxDavServer } from '../helpers/servers/start-nginx-dav.js';
import { startSwiftS3, type SwiftS3Server } from '../helpers/servers/start-swift-s3.js';
import { startTogether } from '../helpers/servers/start-together.js';

export const BUCKET = 'media';
export const MiB = 1024 * 1024;

/** What a store holds under a prefix, and the headers it keeps. */
export interface StoredObject {
  readonly sha256: string;
  readonly bytes: number;
  readonly contentType: string | undefined;
  readonly cacheControl: string | undefined;
}

/** One store under one prefix: its sink, and a server-side read-back. */
export interface StoreUnderTest {
  readonly label: 's3' | 'azure' | 'gcs' | 'http';
  readonly sink: Sink;
  /** Every object under the prefix, by key relative to it (download + sha256). */
  list(): Promise<Map<string, StoredObject>>;
  /** Keys in the order the server stored them, where the server can tell (nginx log, GCS generation); else null. */
  serverOrder(): Promise<string[] | null>;
}

/** The four servers. */
export interface Stores {
  readonly swift: SwiftS3Server;
  readonly azurite: AzuriteServer;
  readonly nginx: NginxDavServer;
  readonly gcs: FakeGcsServer;
  readonly s3Client: S3Client;
  readonly container: ContainerClient;
  readonly storage: Storage;
  s3(prefix: string, options?: { client?: S3Client; partSizeBytes?: number }): StoreUnderTest;
  /** `containerClient`: upload through another client (e.g. through a fault proxy); reads go to Azurite directly. */
  azure(prefix: string, options?: { containerClient?: ContainerClient }): StoreUnderTest;
  /** `storage`: upload through another client (e.g. through a fault proxy); reads go to the server directly. */
  gcsStore(prefix: string, options?: { storage?: Storage }): StoreUnderTest;
  http(prefix: string, options?: { baseUrl?: string }): StoreUnderTest;
  stop(): Promise<void>;
}

/** Starts the four servers in parallel (a missing component skips locally, fails under CI). */
export async function startStores(context: Mocha.Context): Promise<Stores> {
  const [swift, azurite, nginx, gcs] = await startTogether(
    () => startOrSkip(context, () => startSwiftS3({ buckets: [BUCKET] })),
    () => startOrSkip(context, () => startAzurite({ containers: [BUCKET] })),
    () => startOrSkip(context, () => startNginxDav()),
    () => startFakeGcs(),
  );
  const s3Client = new S3Client(swift.clientConfig);
  const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(BUCKET);
  const storage = new Storage({ apiEndpoint: gcs.apiEndpoint, projectId: gcs.projectId });
  return {
    swift,
    azurite,
    nginx,
    gcs,
    s3Client,
    container,
    storage,
    s3: (prefix, options = {}) => s3Store(s3Client, prefix, options),
    azure: (prefix, options = {}) => ({
      label: 'azure',
      sink: options.containerClient
        ? azureBlobSink({ containerClient: options.containerClient, prefix })
        : azureBlobSink({ connectionString: azurite.connectionString, container: BUCKET, prefix }),
      list: () => listAzure(container, prefix),
      serverOrder: async () => null,
    }),
    gcsStore: (prefix, options = {}) => ({
      label: 'gcs',
      sink: gcsSink({ storage: options.storage ?? storage, bucket: BUCKET, prefix }),
      list: () => listGcs(storage, prefix),
      // The fake server numbers generations in the order it stored objects.
      serverOrder: async () =>
        [...gcs.objects.values()]
          .filter((o) => o.name.startsWith(`${prefix}/`))
          .sort((a, b) => Number(BigInt(a.generation) - BigInt(b.generation)))
          .map((o) => o.name.slice(prefix.length + 1)),
    }),
    http: (prefix, options = {}) => httpStore(nginx, prefix, options),
    stop: async () => {
      s3Client.destroy();
      await Promise.allSettled([swift.stop(), azurite.stop(), nginx.stop(), gcs.stop()]);
    },
  };
}

/** Swift (S3) under a prefix; `client` reads back, `options.client` (e.g. through a fault proxy) uploads. */
export function s3Store(client: S3Client, prefix: string, options: { client?: S3Client; partSizeBytes?: number } = {}): StoreUnderTest {
  return {
    label: 's3',
    sink: s3Sink({ client: options.client ?? client, bucket: BUCKET, prefix, partSizeBytes: options.partSizeBytes ?? 5 * MiB }),
    list: () => listS3(client, prefix),
    serverOrder: async () => null,
  };
}

/** nginx DAV under a prefix; `options.baseUrl` (e.g. a fault proxy) uploads, reads go to nginx's root and log. */
export function httpStore(nginx: NginxDavServer, prefix: string, options: { baseUrl?: string } = {}): StoreUnderTest {
  return {
    label: 'http',
    sink: httpPutSink({ baseUrl: options.baseUrl ?? `${nginx.url}/${prefix}/` }),
    list: () => listNginx(nginx, prefix),
    serverOrder: async () => (await nginxPuts(nginx, prefix)).map((p) => p.key),
  };
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

async function listS3(client: S3Client, prefix: string): Promise<Map<string, StoredObject>> {
  const out = new Map<string, StoredObject>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${prefix}/`, ContinuationToken: token }));
    for (const item of page.Contents ?? []) {
      const key = item.Key ?? '';
      const [got, head] = await Promise.all([client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key })), client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))]);
      const body = await got.Body?.transformToByteArray();
      out.set(key.slice(prefix.length + 1), { sha256: sha256(body ?? new Uint8Array()), bytes: body?.length ?? 0, contentType: head.ContentType, cacheControl: head.CacheControl });
    }
    token = page.NextContinuationToken;
  } while (token);
  return out;
}

async function listAzure(container: ContainerClient, prefix: string): Promise<Map<string, StoredObject>> {
  const out = new Map<string, StoredObject>();
  for await (const blob of container.listBlobsFlat({ prefix: `${prefix}/` })) {
    const body = await container.getBlockBlobClient(blob.name).downloadToBuffer();
    out.set(blob.name.slice(prefix.length + 1), { sha256: sha256(body), bytes: body.length, contentType: blob.properties.contentType, cacheControl: blob.properties.cacheControl });
  }
  return out;
}

async function listGcs(storage: Storage, prefix: string): Promise<Map<string, StoredObject>> {
  const out = new Map<string, StoredObject>();
  const [files] = await storage.bucket(BUCKET).getFiles({ prefix: `${prefix}/` });
  for (const file of files) {
    const [body] = await file.download({ validation: 'crc32c' });
    out.set(file.name.slice(prefix.length + 1), { sha256: sha256(body), bytes: body.length, contentType: file.metadata.contentType, cacheControl: file.metadata.cacheControl });
  }
  return out;
}

/** nginx stores plain files: list its document root; the headers it received are in its access log. */
async function listNginx(nginx: NginxDavServer, prefix: string): Promise<Map<string, StoredObject>> {
  const out = new Map<string, StoredObject>();
  const root = join(nginx.root, prefix);
  const puts = new Map((await nginxPuts(nginx, prefix)).map((p) => [p.key, p]));
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else {
        const body = await readFile(path);
        const key = relative(root, path).split('\\').join('/');
        const last = puts.get(key);
        out.set(key, { sha256: sha256(body), bytes: body.length, contentType: last?.contentType, cacheControl: last?.cacheControl });
      }
    }
  };
  await walk(root);
  return out;
}

/** Successful PUTs under `/<prefix>/` in nginx's access log, in the order nginx completed them (last one per key wins in the map). */
export async function nginxPuts(nginx: NginxDavServer, prefix: string): Promise<{ key: string; status: number; contentType: string; cacheControl: string }[]> {
  const log = await readFile(nginx.accessLogPath, 'utf8').catch(() => '');
  const puts: { key: string; status: number; contentType: string; cacheControl: string }[] = [];
  for (const line of log.split('\n')) {
    // addr METHOD uri status length ct=… cc=… te=… t=…   (cc may contain spaces and commas)
    const m = /^\S+ PUT (\S+) (\d{3}) \d+ ct=(\S*) cc=(.*) te=\S* t=\S+$/u.exec(line);
    if (!m || !m[1]?.startsWith(`/${prefix}/`)) continue;
    const status = Number(m[2]);
    if (status < 200 || status > 299) continue;
    puts.push({ key: m[1].slice(prefix.length + 2), status, contentType: m[3] ?? '', cacheControl: m[4] ?? '' });
  }
  return puts;
}

/**
 * Checks a store against the local package: exactly the same key set, byte-identical, content type per kind
 * and (where the store keeps it) cache control.
 */
export function expectSamePackage(label: string, stored: ReadonlyMap<string, StoredObject>, local: ReadonlyMap<string, { sha256: string; kind: PackageResult['files'][number]['kind'] }>, isLive = false): void {
  expect([...stored.keys()].sort(), `${label}: the key set`).to.deep.equal([...local.keys()].sort());
  for (const [key, file] of local) {
    const object = stored.get(key);
    expect(object?.sha256, `${label}: ${key} byte-identical`).to.equal(file.sha256);
    expect(object?.contentType, `${label}: ${key} content type`).to.equal(contentTypeFor(key));
    expect(object?.cacheControl, `${label}: ${key} cache control`).to.equal(cacheControlFor(file.kind, isLive));
  }
}

/** The final local package: sha256 and kind of every file of a result. */
export async function localPackage(result: PackageResult): Promise<Map<string, { sha256: string; kind: PackageResult['files'][number]['kind']; text: string | null }>> {
  const out = new Map<string, { sha256: string; kind: PackageResult['files'][number]['kind']; text: string | null }>();
  for (const file of result.files) {
    const body = await readFile(file.localPath);
    out.set(file.key, { sha256: sha256(body), kind: file.kind, text: file.kind === 'playlist' || file.kind === 'manifest' ? body.toString('utf8') : null });
  }
  return out;
}

/**
 * Checks an arrival order (keys in the order a store received them) against the package: every playlist and
 * manifest after everything it references, and every manifest (master, MPD) after every other file.
 */
export function expectSafeOrder(label: string, order: readonly string[], local: ReadonlyMap<string, { kind: string; text: string | null }>): void {
  const position = new Map<string, number>();
  order.forEach((key, i) => {
    if (!position.has(key)) position.set(key, i);
  });
  for (const [key, file] of local) {
    const at = position.get(key);
    expect(at, `${label}: ${key} arrived`).to.be.a('number');
    if (file.text === null) continue;
    for (const ref of playlistReferences(key, file.text) ?? []) {
      expect(position.get(ref), `${label}: ${ref} (referenced by ${key}) arrived before it`).to.be.below(at ?? -1);
    }
    if (file.kind === 'manifest') {
      for (const [other, o] of local) if (o.kind !== 'manifest') expect(position.get(other), `${label}: ${other} before the manifest ${key}`).to.be.below(at ?? -1);
    }
  }
}
