import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable } from '../../helpers/servers/find-executable.js';
import { spawnManaged, stopProcesses, type ManagedProcess } from '../../helpers/servers/managed-process.js';
import { ServerUnavailableError } from '../../helpers/servers/server-unavailable-error.js';
import { waitUntil } from '../../helpers/servers/wait-until.js';

/** A running Xvfb: a real X server with a virtual screen. */
export interface XvfbServer {
  /** e.g. `:97` */
  readonly display: string;
  readonly pid: number;
  /** Stops it by PID. Idempotent. */
  stop(): Promise<void>;
}

/** True when something already owns X display `n` (a lock file or a socket). */
export function isDisplayTaken(n: number): boolean {
  return existsSync(`/tmp/.X${n}-lock`) || existsSync(`/tmp/.X11-unix/X${n}`);
}

/**
 * Starts `Xvfb :N -screen 0 WxHx24 -nolisten tcp` on the first free display from `first` up, and resolves once
 * its socket exists. Rejects with {@link ServerUnavailableError} when Xvfb is not installed (Debian: xvfb).
 */
export async function startXvfb(options: { readonly first?: number; readonly screen?: string } = {}): Promise<XvfbServer> {
  const xvfb = findExecutable('Xvfb');
  if (xvfb === null) throw new ServerUnavailableError('Xvfb (Debian package xvfb)', 'apt-get install -y xvfb');
  let n = options.first ?? 97;
  while (isDisplayTaken(n)) n += 1;
  const logDir = await mkdtemp(join(tmpdir(), 'ffs-xvfb-'));
  const processes: ManagedProcess[] = [await spawnManaged('Xvfb', xvfb, [`:${n}`, '-screen', '0', `${options.screen ?? '640x480'}x24`, '-nolisten', 'tcp'], { logPath: join(logDir, 'xvfb.log') })];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await stopProcesses(processes);
      await rm(logDir, { recursive: true, force: true });
    })());
  try {
    await waitUntil(`Xvfb to listen on :${n}`, async () => existsSync(`/tmp/.X11-unix/X${n}`), { timeoutMs: 15_000, watch: processes });
  } catch (error) {
    await stop();
    throw error;
  }
  return { display: `:${n}`, pid: processes[0]?.pid ?? -1, stop };
}
