import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePorts } from './free-port.js';
import { findExecutable } from './find-executable.js';
import { spawnManaged, stopProcesses, trackDir, untrackDir, type ManagedProcess } from './managed-process.js';
import { renderTemplate } from './render-template.js';
import { ServerUnavailableError } from './server-unavailable-error.js';
import { httpGet, isPortOpen, waitUntil } from './wait-until.js';

const run = promisify(execFile);
const TEMPLATES = fileURLToPath(new URL('./swift/', import.meta.url));
const APT_INSTALL = 'apt-get install -y swift swift-proxy swift-object swift-container swift-account memcached';

/** Options of {@link startSwiftS3}. */
export interface SwiftS3Options {
  /** Port of the S3 endpoint (the Swift proxy). @default a free port */
  readonly port?: number;
  /** Buckets to create before resolving. @default [] */
  readonly buckets?: readonly string[];
  /** Swift's four Python servers need ~5 CPU-seconds to start: 4 s on an idle 2-core machine, 30 s when busy. @default 60000 */
  readonly startupTimeoutMs?: number;
}

/** A running Swift with the s3api middleware: a real S3 implementation (multipart, abort, `-N` ETags). */
export interface SwiftS3Server {
  /** e.g. `http://127.0.0.1:40123` */
  readonly endpoint: string;
  readonly region: 'us-east-1';
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Ready to spread into `new S3Client({...})`. */
  readonly clientConfig: {
    readonly endpoint: string;
    readonly region: string;
    readonly forcePathStyle: true;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  };
  /** memcached, account, container, object and proxy servers. */
  readonly pids: readonly number[];
  /** Temporary directory with configs, rings, data and logs (removed by stop()). */
  readonly dir: string;
  /** Milliseconds from the call to healthy. */
  readonly startupMs: number;
  /** Stops every process by PID, waits for them to exit and removes `dir`. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts OpenStack Swift (Debian's 2.30) as an S3-compatible server on 127.0.0.1: rings built in a temporary
 * directory, memcached on its own port, account/container/object/proxy servers from the templates in `./swift/`.
 * Resolves once the proxy answers `/healthcheck` and the storage servers listen (about 4 s on an idle machine).
 *
 * Needs root or a user that may write the temporary directory; as root the servers drop to user `swift`.
 * Rejects with {@link ServerUnavailableError} naming the Debian packages when a component is missing.
 *
 * @example
 * ```ts
 * const swift = await startSwiftS3({ buckets: ['media'] });
 * const client = new S3Client(swift.clientConfig);
 * await swift.stop();
 * ```
 */
export async function startSwiftS3(options: SwiftS3Options = {}): Promise<SwiftS3Server> {
  const started = Date.now();
  const binaries = requireBinaries();
  const isRoot = process.getuid?.() === 0;
  const user = isRoot ? 'swift' : userInfo().username;
  if (isRoot) await requireUser('swift');

  const dir = await mkdtemp(join(tmpdir(), 'ffs-swift-'));
  trackDir(dir);
  const processes: ManagedProcess[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await stopProcesses([...processes].reverse());
      await rm(dir, { recursive: true, force: true });
      untrackDir(dir);
    })());

  try {
    // The servers drop to `user` and must reach their configs and devices through this directory.
    await chmod(dir, 0o755);
    const etc = join(dir, 'etc');
    const devices = join(dir, 'node');
    const logs = join(dir, 'logs');
    await Promise.all([mkdir(etc), mkdir(join(devices, 'd1'), { recursive: true }), mkdir(logs), mkdir(join(dir, 'recon'))]);

    const [accountPort, containerPort, objectPort, memcachedPort, freeProxyPort] = (await freePorts(5)) as [number, number, number, number, number];
    const proxyPort = options.port ?? freeProxyPort;
    const values = {
      DIR: dir,
      ETC: etc,
      DEVICES: devices,
      USER: user,
      ACCOUNT_PORT: accountPort,
      CONTAINER_PORT: containerPort,
      OBJECT_PORT: objectPort,
      PROXY_PORT: proxyPort,
      MEMCACHED_PORT: memcachedPort,
      HASH_SUFFIX: randomBytes(8).toString('hex'),
      HASH_PREFIX: randomBytes(8).toString('hex'),
    };
    for (const file of ['swift.conf', 'account-server.conf', 'container-server.conf', 'object-server.conf', 'proxy-server.conf']) {
      await renderTemplate(join(TEMPLATES, file), join(etc, file), values);
    }
    const devicesDir = join(devices, 'd1');
    await run(binaries.python, [join(TEMPLATES, 'build-rings.py'), etc, devicesDir, String(accountPort), String(containerPort), String(objectPort)], {
      timeout: 30_000,
    }).catch((error: unknown) => {
      throw new Error(`preparing Swift (xattr check, rings) failed: ${(error as { stderr?: string }).stderr?.trim() || String(error)}`);
    });
    // Swift needs user xattrs on the device file system (ext4/xfs/tmpfs have them) and ownership by `user`.
    if (isRoot) await run('chown', ['-R', 'swift:swift', dir]);

    const memcachedArgs = ['-l', '127.0.0.1', '-p', String(memcachedPort), '-U', '0', '-m', '64'];
    processes.push(
      await spawnManaged('memcached', binaries.memcached, isRoot ? ['-u', 'memcache', ...memcachedArgs] : memcachedArgs, {
        logPath: join(logs, 'memcached.log'),
      }),
    );
    for (const server of ['account', 'container', 'object', 'proxy'] as const) {
      processes.push(
        await spawnManaged(`swift-${server}-server`, binaries[server], [join(etc, `${server}-server.conf`), '-v'], {
          logPath: join(logs, `${server}-server.log`),
          cwd: dir,
        }),
      );
    }

    const timeoutMs = options.startupTimeoutMs ?? 60_000;
    const watch = processes;
    await waitUntil(
      'the Swift storage servers and memcached to listen',
      async () => (await Promise.all([memcachedPort, accountPort, containerPort, objectPort].map(isPortOpen))).every(Boolean),
      { timeoutMs, watch },
    );
    const endpoint = `http://127.0.0.1:${proxyPort}`;
    await waitUntil('the Swift proxy /healthcheck', async () => (await httpGet(`${endpoint}/healthcheck`))?.body === 'OK', { timeoutMs, watch });

    const credentials = { accessKeyId: 'test:tester', secretAccessKey: 'testing' };
    const clientConfig = { endpoint, region: 'us-east-1', forcePathStyle: true as const, credentials };
    if (options.buckets && options.buckets.length > 0) await createBuckets(clientConfig, options.buckets);

    return {
      endpoint,
      region: 'us-east-1',
      credentials,
      clientConfig,
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

function requireBinaries(): { python: string; memcached: string; account: string; container: string; object: string; proxy: string } {
  const need = (name: string, pkg: string): string => {
    const path = findExecutable(name);
    if (path === null) throw new ServerUnavailableError(`${name} (Debian package ${pkg})`, APT_INSTALL);
    return path;
  };
  return {
    // Swift is Debian's python3 package; a pyenv/venv python3 earlier on PATH would not find it.
    python: findExecutable('/usr/bin/python3') ?? '/usr/bin/python3',
    memcached: need('memcached', 'memcached'),
    account: need('swift-account-server', 'swift-account'),
    container: need('swift-container-server', 'swift-container'),
    object: need('swift-object-server', 'swift-object'),
    proxy: need('swift-proxy-server', 'swift-proxy'),
  };
}

async function requireUser(name: string): Promise<void> {
  try {
    await run('id', ['-u', name]);
  } catch (error) {
    throw new ServerUnavailableError(`the '${name}' user (created by the Debian package swift)`, APT_INSTALL, { cause: error });
  }
}

async function createBuckets(config: SwiftS3Server['clientConfig'], buckets: readonly string[]): Promise<void> {
  let sdk: typeof import('@aws-sdk/client-s3');
  try {
    sdk = await import('@aws-sdk/client-s3');
  } catch (error) {
    throw new ServerUnavailableError('the npm package @aws-sdk/client-s3', 'npm install --save-dev @aws-sdk/client-s3', { cause: error });
  }
  const client = new sdk.S3Client(config);
  try {
    for (const Bucket of buckets) await client.send(new sdk.CreateBucketCommand({ Bucket }));
  } finally {
    client.destroy();
  }
}
