import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable } from './find-executable.js';
import { spawnManaged, stopProcesses, trackDir, untrackDir, type ManagedProcess } from './managed-process.js';
import { ServerUnavailableError } from './server-unavailable-error.js';
import { waitUntil } from './wait-until.js';
import { paintX11Screen, type X11Painter } from './x11-painter.js';

/** Options of {@link startXvfb}. */
export interface XvfbOptions {
  /** Screen size, `WxH`; the depth is always 24 bits (what x11grab and browsers expect). @default '1280x720' */
  readonly size?: string;
  /**
   * Keep the screen moving (see `paintX11Screen`): a repaint every `animateIntervalMs`, so that a capture changes
   * from frame to frame. `0` leaves the screen black and still. @default 100
   */
  readonly animateIntervalMs?: number;
  /** @default 15000 */
  readonly startupTimeoutMs?: number;
}

/** A running Xvfb; see {@link startXvfb}. */
export interface XvfbServer {
  /** The display to capture, e.g. `:3` (`fromCapture(display, { kind: 'screen' })`, `DISPLAY=:3`). */
  readonly display: string;
  /** The display number alone, e.g. `3`. */
  readonly displayNumber: number;
  /** `WxH` as asked. */
  readonly size: string;
  readonly pid: number;
  /** Xvfb's own output (warnings about missing fonts or keymaps are normal). */
  readonly logPath: string;
  /** Repaints done so far by the animation (0 when `animateIntervalMs` is 0). */
  readonly framesPainted: number;
  readonly startupMs: number;
  /** Stops the animation, then Xvfb by PID (SIGTERM, then SIGKILL), and removes its log directory. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts Debian's Xvfb (a real X server with a virtual screen) on a free display and, by default, animates its root
 * window so a screen capture sees motion.
 *
 * The display number is chosen by Xvfb itself (`-displayfd`): it binds the first free one and reports it once it
 * accepts clients, so two test files (or a desktop session on `:0`) never collide and there is no polling for a
 * socket. Listens on its Unix socket only (`-nolisten tcp`). Rejects with {@link ServerUnavailableError} naming the
 * Debian package `xvfb` when it is missing.
 *
 * @example
 * const xvfb = await startXvfb({ size: '1280x720' });
 * fromCapture(xvfb.display, { kind: 'screen', size: '1280x720', frameRate: 30 }).pipe(packageHls({ output }));
 * await xvfb.stop();
 */
export async function startXvfb(options: XvfbOptions = {}): Promise<XvfbServer> {
  const started = Date.now();
  const size = options.size ?? '1280x720';
  if (!/^\d+x\d+$/u.test(size)) throw new TypeError(`startXvfb: size must be WxH (e.g. '1280x720'), got '${size}'`);
  const xvfb = findExecutable('Xvfb');
  if (xvfb === null) throw new ServerUnavailableError('Xvfb (Debian package xvfb)', 'apt-get install -y xvfb');

  const dir = await mkdtemp(join(tmpdir(), 'ffs-xvfb-'));
  trackDir(dir);
  const logPath = join(dir, 'xvfb.log');
  const processes: ManagedProcess[] = [];
  let painter: X11Painter | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await painter?.stop();
      await stopProcesses(processes);
      await rm(dir, { recursive: true, force: true });
      untrackDir(dir);
    })());

  try {
    // `-displayfd 1`: Xvfb writes the display number it bound, alone on a line, to stdout once it is ready.
    // stdout and stderr share the log file; no diagnostic Xvfb prints is a bare number.
    processes.push(
      await spawnManaged('Xvfb', xvfb, ['-displayfd', '1', '-screen', '0', `${size}x24`, '-nolisten', 'tcp', '-noreset'], { logPath, cwd: dir }),
    );
    let displayNumber: number | undefined;
    await waitUntil(
      'Xvfb to report its display number',
      async () => {
        const line = (await readFile(logPath, 'utf8')).split('\n').find((l) => /^\d+$/u.test(l.trim()));
        displayNumber = line === undefined ? undefined : Number(line.trim());
        return displayNumber !== undefined;
      },
      { timeoutMs: options.startupTimeoutMs ?? 15_000, watch: processes },
    );
    const display = `:${displayNumber ?? -1}`;
    const animateIntervalMs = options.animateIntervalMs ?? 100;
    if (animateIntervalMs > 0) painter = await paintX11Screen(display, { intervalMs: animateIntervalMs });
    const pid = processes[0]?.pid ?? -1;
    return {
      display,
      displayNumber: displayNumber ?? -1,
      size,
      pid,
      logPath,
      get framesPainted() {
        return painter?.framesPainted ?? 0;
      },
      startupMs: Date.now() - started,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
