import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePorts } from './free-port.js';
import { findExecutable } from './find-executable.js';
import { spawnManaged, stopProcesses, trackDir, untrackDir, type ManagedProcess } from './managed-process.js';
import { renderTemplate } from './render-template.js';
import { ServerUnavailableError } from './server-unavailable-error.js';
import { httpGet, waitUntil } from './wait-until.js';

const run = promisify(execFile);
const TEMPLATE = fileURLToPath(new URL('./nginx/nginx-put.conf', import.meta.url));
const DAV_EXT_MODULE = '/usr/lib/nginx/modules/ngx_http_dav_ext_module.so';

/** Options of {@link startNginxDav}. */
export interface NginxDavOptions {
  /** @default a free port */
  readonly port?: number;
  /** Bearer token `/private/` requires. @default random */
  readonly authToken?: string;
  /** @default 15000 */
  readonly startupTimeoutMs?: number;
}

/** A running nginx that stores PUTs under `root` and serves them back. */
export interface NginxDavServer {
  /** e.g. `http://127.0.0.1:40123` */
  readonly url: string;
  /** Document root on disk: a PUT of `/a/b.ts` lands in `root/a/b.ts`. */
  readonly root: string;
  /** Everything under `/private/` answers 401 unless `Authorization: Bearer <authToken>` is sent. */
  readonly authToken: string;
  /** One line per request: `addr METHOD uri status length ct=… cc=… te=… t=…`. */
  readonly accessLogPath: string;
  readonly errorLogPath: string;
  /** The nginx master (workers are its children and are stopped with it). */
  readonly pids: readonly number[];
  readonly dir: string;
  readonly startupMs: number;
  /** Stops nginx by PID (master and workers), waits for exit and removes `dir`. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts nginx with the DAV module as an HTTP PUT/DELETE origin on 127.0.0.1, from `./nginx/nginx-put.conf`:
 * workers run as `www-data` (when root) over chowned directories, DELETE goes through a body-less proxy hop
 * (ffmpeg's chunked DELETE), `/time` answers the server time, `/private/` needs a bearer token.
 * Resolves once `/time` answers (well under a second).
 * Rejects with {@link ServerUnavailableError} naming `nginx-light` if nginx is missing.
 */
export async function startNginxDav(options: NginxDavOptions = {}): Promise<NginxDavServer> {
  const started = Date.now();
  const nginx = findExecutable('nginx');
  if (nginx === null) {
    throw new ServerUnavailableError('nginx (Debian package nginx-light)', 'apt-get install -y nginx-light libnginx-mod-http-dav-ext');
  }
  const isRoot = process.getuid?.() === 0;
  const dir = await mkdtemp(join(tmpdir(), 'ffs-nginx-'));
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
    // Workers (www-data) must traverse dir to reach www/ and tmp/.
    await chmod(dir, 0o755);
    await Promise.all(['www', 'tmp', 'logs'].map((d) => mkdir(join(dir, d))));
    if (isRoot) await run('chown', ['-R', 'www-data:www-data', join(dir, 'www'), join(dir, 'tmp')]);

    const [freeMainPort, deletePort] = (await freePorts(2)) as [number, number];
    const port = options.port ?? freeMainPort;
    const authToken = options.authToken ?? randomBytes(12).toString('hex');
    const hasDavExt = existsSync(DAV_EXT_MODULE);
    const config = join(dir, 'nginx.conf');
    await renderTemplate(TEMPLATE, config, {
      DIR: dir,
      PORT: port,
      DELETE_PORT: deletePort,
      AUTH_TOKEN: authToken,
      // Without root, nginx cannot switch users; workers then run as we do and own what they write.
      USER_DIRECTIVE: isRoot ? 'user www-data;' : '',
      DAV_EXT_LOAD: hasDavExt ? `load_module ${DAV_EXT_MODULE};` : '',
      DAV_EXT_METHODS: hasDavExt ? 'dav_ext_methods PROPFIND OPTIONS;' : '',
    });
    const errorLogPath = join(dir, 'logs', 'error.log');
    processes.push(
      await spawnManaged('nginx', nginx, ['-p', dir, '-c', config, '-e', errorLogPath], { logPath: join(dir, 'logs', 'stderr.log'), cwd: dir }),
    );
    const url = `http://127.0.0.1:${port}`;
    await waitUntil('nginx to answer /time', async () => (await httpGet(`${url}/time`))?.status === 200, {
      timeoutMs: options.startupTimeoutMs ?? 15_000,
      watch: processes,
    });
    return {
      url,
      root: join(dir, 'www'),
      authToken,
      accessLogPath: join(dir, 'logs', 'access.log'),
      errorLogPath,
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
