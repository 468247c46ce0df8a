import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';
import { withTimeout } from './with-timeout.js';

/** Debian's Chromium (156 here): plays H.264/AAC, VP9, AV1, Opus and HLS natively. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags from docs/test-infrastructure.md §3. Without the `--disable-*` ones Chromium keeps trying
 * to reach Google services through the closed network (component updates, sync, safe browsing).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--mute-audio',
  '--autoplay-policy=no-user-gesture-required',
  // Background-tab throttling would slow playback of pages we never focus.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/** A running headless Chromium; see {@link launchBrowser}. */
export interface PlaybackBrowser {
  /** The persistent context: open one page per case with `context.newPage()`. */
  readonly context: BrowserContext;
  /** The fresh `--user-data-dir`, deleted by `close()`. */
  readonly userDataDir: string;
  /**
   * Close the browser and delete the profile. If Chromium does not exit within `timeoutMs`, its
   * process group is killed by PID. Idempotent, never rejects.
   */
  close(timeoutMs?: number): Promise<void>;
}

/** Thrown when Chromium is not installed; the message says how to install it. */
export class ChromiumMissingError extends Error {
  override readonly name = 'ChromiumMissingError';
  readonly code = 'CHROMIUM_MISSING';
  constructor(path: string) {
    super(`Chromium not found at ${path}. Playback tests need Debian's chromium: apt-get install -y chromium`);
  }
}

/** Why playback tests cannot run here, or `undefined` if Chromium is installed. */
export function chromiumMissingReason(path: string = CHROMIUM_PATH): string | undefined {
  return existsSync(path) ? undefined : new ChromiumMissingError(path).message;
}

export interface LaunchBrowserOptions {
  /** @default CHROMIUM_PATH */
  readonly executablePath?: string;
  /** Extra Chromium flags, appended to {@link CHROMIUM_ARGS}. @default [] */
  readonly extraArgs?: readonly string[];
  /** Upper bound for the launch itself. @default 30_000 */
  readonly timeoutMs?: number;
}

/**
 * Launches headless Chromium with a fresh temporary profile (playwright-core `launchPersistentContext`).
 *
 * Use one per test file: launch in `before()`, `close()` in `after()`, one page per case.
 * Throws {@link ChromiumMissingError} if the executable is missing.
 *
 * @example
 * const browser = await launchBrowser();
 * const result = await playInBrowser(browser, { player: 'hls', url: `${server.url}/master.m3u8` });
 * await browser.close();
 */
export async function launchBrowser(options: LaunchBrowserOptions = {}): Promise<PlaybackBrowser> {
  const executablePath = options.executablePath ?? CHROMIUM_PATH;
  if (!existsSync(executablePath)) throw new ChromiumMissingError(executablePath);
  await sweepStaleProfiles();
  const userDataDir = await mkdtemp(join(tmpdir(), PROFILE_PREFIX));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
      timeout: options.timeoutMs ?? 30_000,
      viewport: { width: 1000, height: 600 },
      // handleSIGINT/SIGTERM/SIGHUP stay on (the default): on Ctrl-C playwright kills the browser.
    });
  } catch (error) {
    await killByProfile(userDataDir);
    await rm(userDataDir, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }

  let closing: Promise<void> | undefined;
  const close = (timeoutMs = 10_000): Promise<void> => {
    closing ??= (async () => {
      const closed = await withTimeout(context.close().then(() => true), timeoutMs).catch(() => false);
      if (closed !== true) await killByProfile(userDataDir);
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
    })();
    return closing;
  };
  return { context, userDataDir, close };
}

const PROFILE_PREFIX = 'ffs-chromium-';
/** A profile untouched this long, and used by no running process, was left by a killed test run. */
const STALE_PROFILE_MS = 30 * 60_000;

/** Command lines of all processes (Linux `/proc`; empty elsewhere), split into arguments. */
async function processCommandLines(): Promise<Map<number, string[]>> {
  const result = new Map<number, string[]>();
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return result;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline !== '') result.set(Number(entry), cmdline.split('\0'));
  }
  return result;
}

/**
 * Deletes temp profiles of earlier runs that were killed before `close()` (SIGKILL, a CI job
 * timeout): old, and no running process has them as `--user-data-dir`. Never throws.
 */
async function sweepStaleProfiles(): Promise<void> {
  try {
    const names = (await readdir(tmpdir())).filter((name) => name.startsWith(PROFILE_PREFIX));
    if (names.length === 0) return;
    const inUse = new Set([...(await processCommandLines()).values()].flat());
    for (const name of names) {
      const dir = join(tmpdir(), name);
      const { mtimeMs } = await stat(dir);
      if (Date.now() - mtimeMs < STALE_PROFILE_MS || inUse.has(`--user-data-dir=${dir}`)) continue;
      await rm(dir, { recursive: true, force: true });
    }
  } catch {
    // best effort: a sweep must never fail a launch
  }
}

/**
 * Kills the Chromium started with this profile: finds the process whose command line carries
 * `--user-data-dir=<ours>` (a unique temp dir, so never someone else's browser) and SIGKILLs its
 * process group; playwright spawns Chromium detached, so the group is exactly that browser.
 */
async function killByProfile(userDataDir: string): Promise<void> {
  const needle = `--user-data-dir=${userDataDir}`;
  for (const [pid, args] of await processCommandLines()) {
    if (!args.includes(needle)) continue;
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // already gone, or not a group leader
      }
    }
  }
}
