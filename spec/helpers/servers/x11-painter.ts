import { connect, type Socket } from 'node:net';

/** Options of {@link paintX11Screen}. */
export interface X11PainterOptions {
  /** Time between two repaints. @default 100 */
  readonly intervalMs?: number;
  /** Give up connecting after this long. @default 5000 */
  readonly connectTimeoutMs?: number;
}

/** A running painter; see {@link paintX11Screen}. */
export interface X11Painter {
  /** Repaints so far (each one changes the whole screen). */
  readonly framesPainted: number;
  /** Stops painting and closes the connection. Idempotent, never rejects. */
  stop(): Promise<void>;
}

/** The parts of the X server's connection setup reply the painter needs. */
interface X11Setup {
  readonly resourceIdBase: number;
  readonly rootWindow: number;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly rootDepth: number;
}

const X11_OPCODE_CREATE_GC = 55;
const X11_OPCODE_CHANGE_GC = 56;
const X11_OPCODE_POLY_FILL_RECTANGLE = 70;
const X11_GC_FOREGROUND = 0x4;
/** Digits of the frame counter drawn as squares, so every painted frame differs from every other one. */
const COUNTER_BITS = 16;

/**
 * Animates the root window of X display `display` (`:N`, a local server such as Xvfb) from inside Node: a
 * background whose colour cycles, a bar sweeping across, and the frame number as a row of black and white squares.
 *
 * Use it to give a screen capture moving content, so that consecutive segments differ and an encoder has work to
 * do, without an X client package (xsetroot, xterm...) installed. It speaks the X11 core protocol over the
 * display's Unix socket (no authentication: a server started without `-auth` accepts local clients), and draws
 * on a 24-bit TrueColor root window, which is what `Xvfb -screen 0 WxHx24` provides.
 *
 * @example
 * const painter = await paintX11Screen(':3', { intervalMs: 100 });
 * // ... capture :3 with x11grab ...
 * await painter.stop();
 */
export async function paintX11Screen(display: string, options: X11PainterOptions = {}): Promise<X11Painter> {
  const match = /^:(\d+)(?:\.\d+)?$/u.exec(display);
  if (match === null) throw new TypeError(`paintX11Screen: display must look like ":N" (a local X server), got "${display}"`);
  const intervalMs = options.intervalMs ?? 100;
  const socket = await connectSocket(`/tmp/.X11-unix/X${match[1]}`, options.connectTimeoutMs ?? 5_000);
  let setup: X11Setup;
  try {
    setup = await handshake(socket, options.connectTimeoutMs ?? 5_000);
  } catch (error) {
    socket.destroy();
    throw error;
  }
  if (setup.rootDepth !== 24) {
    socket.destroy();
    throw new Error(`paintX11Screen: the root window of ${display} has depth ${setup.rootDepth}; start the server with a WxHx24 screen`);
  }
  // Replies, events and errors are not needed: read and drop them so the server never blocks on a full socket.
  socket.on('data', () => undefined);
  socket.on('error', () => undefined);

  const gc = setup.resourceIdBase + 1;
  socket.write(request(X11_OPCODE_CREATE_GC, 0, [gc, setup.rootWindow, X11_GC_FOREGROUND, 0]));

  let framesPainted = 0;
  const paint = (): void => {
    if (socket.destroyed) return;
    const frame = framesPainted;
    const { widthPx, heightPx } = setup;
    const fill = (color: number, rects: readonly (readonly [number, number, number, number])[]): void => {
      socket.write(request(X11_OPCODE_CHANGE_GC, 0, [gc, X11_GC_FOREGROUND, color]));
      const body: number[] = [setup.rootWindow, gc];
      for (const [x, y, w, h] of rects) body.push(((y & 0xffff) << 16) | (x & 0xffff), ((h & 0xffff) << 16) | (w & 0xffff));
      socket.write(request(X11_OPCODE_POLY_FILL_RECTANGLE, 0, body));
    };
    fill(hueToRgb((frame * 3) % 360), [[0, 0, widthPx, heightPx]]);
    const barWidthPx = Math.max(8, Math.round(widthPx / 16));
    fill(0xffffff, [[(frame * 16) % (widthPx + barWidthPx) - barWidthPx, 0, barWidthPx, heightPx]]);
    const squarePx = Math.max(8, Math.floor(widthPx / (COUNTER_BITS * 2)));
    const squares = (bit: 0 | 1): [number, number, number, number][] =>
      Array.from({ length: COUNTER_BITS }, (_, i) => i)
        .filter((i) => ((frame >> i) & 1) === bit)
        .map((i) => [Math.round(squarePx + i * squarePx * 1.5), heightPx - squarePx * 2, squarePx, squarePx] as [number, number, number, number]);
    fill(0x000000, squares(0));
    fill(0xffffff, squares(1));
    framesPainted += 1;
  };
  paint();
  const timer = setInterval(paint, intervalMs);

  let stopping: Promise<void> | undefined;
  return {
    get framesPainted() {
      return framesPainted;
    },
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        clearInterval(timer);
        if (socket.destroyed) return resolve();
        socket.once('close', () => resolve());
        socket.end();
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 1_000).unref();
      })),
  };
}

/** One X11 request: opcode, a data byte, the length in 4-byte units, then 32-bit little-endian words. */
function request(opcode: number, data: number, words: readonly number[]): Buffer {
  const buffer = Buffer.alloc(4 + words.length * 4);
  buffer.writeUInt8(opcode, 0);
  buffer.writeUInt8(data, 1);
  buffer.writeUInt16LE(1 + words.length, 2);
  words.forEach((word, i) => buffer.writeUInt32LE(word >>> 0, 4 + i * 4));
  return buffer;
}

/** 0xRRGGBB for a fully saturated colour at `hueDegrees`. */
function hueToRgb(hueDegrees: number): number {
  const sector = Math.floor(hueDegrees / 60) % 6;
  const rising = Math.round(((hueDegrees % 60) / 60) * 255);
  const falling = 255 - rising;
  const [r, g, b] = [
    [255, rising, 0],
    [falling, 255, 0],
    [0, 255, rising],
    [0, falling, 255],
    [rising, 0, 255],
    [255, 0, falling],
  ][sector] as [number, number, number];
  return (r << 16) | (g << 8) | b;
}

function connectSocket(path: string, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ path });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`paintX11Screen: no X server answered on ${path} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`paintX11Screen: cannot connect to ${path}: ${error.message}. Is the X server running?`, { cause: error }));
    });
  });
}

/** Connection setup without authentication (X11 protocol, "Connection Setup"), little-endian. */
function handshake(socket: Socket, timeoutMs: number): Promise<X11Setup> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => finish(new Error(`paintX11Screen: the X server did not answer the connection setup within ${timeoutMs} ms`)), timeoutMs);
    const finish = (outcome: Error | X11Setup): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 8) return;
      const totalBytes = 8 + received.readUInt16LE(6) * 4;
      if (received.length < totalBytes) return;
      const status = received.readUInt8(0);
      if (status !== 1) {
        const reason = received.subarray(8, 8 + received.readUInt8(1)).toString('latin1');
        return finish(new Error(`paintX11Screen: the X server refused the connection: ${reason || `status ${status}`}`));
      }
      const vendorBytes = received.readUInt16LE(24);
      const formatCount = received.readUInt8(29);
      const screenOffset = 40 + Math.ceil(vendorBytes / 4) * 4 + formatCount * 8;
      finish({
        resourceIdBase: received.readUInt32LE(12),
        rootWindow: received.readUInt32LE(screenOffset),
        widthPx: received.readUInt16LE(screenOffset + 20),
        heightPx: received.readUInt16LE(screenOffset + 22),
        rootDepth: received.readUInt8(screenOffset + 38),
      });
    };
    socket.on('data', onData);
    const hello = Buffer.alloc(12);
    hello.write('l', 0, 'latin1');
    hello.writeUInt16LE(11, 2);
    hello.writeUInt16LE(0, 4);
    socket.write(hello);
  });
}
