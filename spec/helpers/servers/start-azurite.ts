import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './free-port.js';
import { spawnManaged, stopProcesses, trackDir, untrackDir, type ManagedProcess } from './managed-process.js';
import { ServerUnavailableError } from './server-unavailable-error.js';
import { httpGet, waitUntil } from './wait-until.js';

/** Azurite's well-known development account (public, documented by Microsoft). */
const ACCOUNT_NAME = 'devstoreaccount1';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Options of {@link startAzurite}. */
export interface AzuriteOptions {
  /** @default a free port */
  readonly port?: number;
  /** Containers to create before resolving. @default [] */
  readonly containers?: readonly string[];
  /** @default 20000 */
  readonly startupTimeoutMs?: number;
}

/** A running Azurite blob service (in-memory). */
export interface AzuriteServer {
  /** The account URL, e.g. `http://127.0.0.1:40123/devstoreaccount1`. */
  readonly url: string;
  readonly accountName: string;
  readonly accountKey: string;
  /** `DefaultEndpointsProtocol=http;AccountName=…;AccountKey=…;BlobEndpoint=…`. */
  readonly connectionString: string;
  readonly pids: readonly number[];
  readonly dir: string;
  readonly startupMs: number;
  /** Stops the process by PID, waits for it to exit and removes `dir`. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts `azurite-blob` from node_modules on 127.0.0.1 with `--inMemoryPersistence --disableTelemetry
 * --skipApiVersionCheck` (the SDK is newer than Azurite; without telemetry off it tries to reach Azure).
 * Resolves once it answers HTTP (about 1–2 s). Rejects with {@link ServerUnavailableError} if azurite is not installed.
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<AzuriteServer> {
  const started = Date.now();
  const main = azuriteBlobMain();
  const port = options.port ?? (await freePort());
  const dir = await mkdtemp(join(tmpdir(), 'ffs-azurite-'));
  trackDir(dir);
  const processes: ManagedProcess[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await stopProcesses(processes);
      await rm(dir, { recursive: true, force: true });
      untrackDir(dir);
    })());

  try {
    const args = [main, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck'];
    processes.push(await spawnManaged('azurite-blob', process.execPath, args, { logPath: join(dir, 'azurite.log'), cwd: dir }));
    const url = `http://127.0.0.1:${port}/${ACCOUNT_NAME}`;
    // Any HTTP answer (an unauthenticated request gets 4xx) means the service is up.
    await waitUntil('azurite-blob to answer HTTP', async () => (await httpGet(`${url}?comp=list`)) !== null, {
      timeoutMs: options.startupTimeoutMs ?? 20_000,
      watch: processes,
    });
    const connectionString = `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT_NAME};AccountKey=${ACCOUNT_KEY};BlobEndpoint=${url};`;
    if (options.containers && options.containers.length > 0) await createContainers(connectionString, options.containers);
    return {
      url,
      accountName: ACCOUNT_NAME,
      accountKey: ACCOUNT_KEY,
      connectionString,
      pids: processes.map((p) => p.pid),
      dir,
      startupMs: Date.now() - started,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function azuriteBlobMain(): string {
  try {
    const packageJson = createRequire(import.meta.url).resolve('azurite/package.json');
    const bin = (JSON.parse(readFileSync(packageJson, 'utf8')) as { bin?: Record<string, string> }).bin?.['azurite-blob'];
    if (bin === undefined) throw new Error('azurite/package.json has no azurite-blob bin');
    return join(dirname(packageJson), bin);
  } catch (error) {
    throw new ServerUnavailableError('the npm package azurite', 'npm install --save-dev azurite', { cause: error });
  }
}

async function createContainers(connectionString: string, containers: readonly string[]): Promise<void> {
  let sdk: typeof import('@azure/storage-blob');
  try {
    sdk = await import('@azure/storage-blob');
  } catch (error) {
    throw new ServerUnavailableError('the npm package @azure/storage-blob', 'npm install --save-dev @azure/storage-blob', { cause: error });
  }
  const service = sdk.BlobServiceClient.fromConnectionString(connectionString);
  for (const container of containers) await service.getContainerClient(container).createIfNotExists();
}
