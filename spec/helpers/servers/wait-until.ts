import { request } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { ManagedProcess } from './managed-process.js';

/**
 * Polls `check` until it returns true. Fails after `timeoutMs`, or at once when one of `watch` exits, with an
 * error that names `what` and shows the last lines the processes printed.
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  options: { readonly timeoutMs: number; readonly watch?: readonly ManagedProcess[]; readonly intervalMs?: number },
): Promise<void> {
  const started = Date.now();
  for (;;) {
    const dead = options.watch?.find((p) => p.hasExited());
    if (dead) throw new Error(`${dead.name} exited while waiting for ${what}. Its output:\n${dead.logTail()}`);
    if (await check().catch(() => false)) return;
    if (Date.now() - started > options.timeoutMs) {
      const logs = (options.watch ?? []).map((p) => `--- ${p.name} (${p.logPath}):\n${p.logTail(10)}`).join('\n');
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${what}.${logs ? `\n${logs}` : ''}`);
    }
    await delay(options.intervalMs ?? 50);
  }
}

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
export function isPortOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** GETs `url` and returns its status and body (up to 64 KiB), or null if nothing answered. */
export function httpGet(url: string): Promise<{ status: number; body: string } | null> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: 2000, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).subarray(0, 65536).toString('utf8') }));
      res.on('error', () => resolve(null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}
