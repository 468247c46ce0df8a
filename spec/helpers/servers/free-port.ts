import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Ports for test servers come from below the kernel's ephemeral range (`ip_local_port_range`, 32768–60999 by
 * default), never from `listen(0)`: a port the OS handed out as ephemeral can be taken again, between "free a
 * moment ago" and the server's own bind, by any outgoing connection or by another server listening on port 0 (a CI
 * run once lost 30 s and then the suite when the Swift proxy could not bind such a port). Below that range only
 * explicit binds compete, and this process never hands the same port out twice.
 */
const handedOut = new Set<number>();
const LOWEST = 10_000;

/** The lowest port of the kernel's ephemeral range (read once; 32768 when it cannot be read). */
export const EPHEMERAL_LOW = ((): number => {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/u)[0]);
    return Number.isInteger(low) && low > LOWEST + 1000 ? low : 32_768;
  } catch {
    return 32_768;
  }
})();

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A TCP port on 127.0.0.1, below the ephemeral range, that binds now and that this process has not handed out before. */
export async function freePort(): Promise<number> {
  const high = EPHEMERAL_LOW - 1;
  const span = high - LOWEST + 1;
  // Start at a random place so that concurrent test processes rarely probe the same ports.
  const start = LOWEST + Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = LOWEST + ((start - LOWEST + i) % span);
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    if (await canBind(port)) return port;
  }
  throw new Error(`no free TCP port on 127.0.0.1 between ${LOWEST} and ${high}`);
}

/** `count` distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) ports.push(await freePort());
  return ports;
}
