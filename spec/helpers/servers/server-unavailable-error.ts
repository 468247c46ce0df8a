/**
 * A test server cannot start because a component is not installed (a Debian package, an npm package).
 *
 * Tests turn it into a skip locally and into a failure under `CI=true` (see `startOrSkip`): CI installs
 * everything, so a missing component there is a broken setup, not a reason to go green.
 */
export class ServerUnavailableError extends Error {
  override name = 'ServerUnavailableError';
  /** What is missing, e.g. `swift-proxy-server`. */
  readonly component: string;
  /** The command that installs it, e.g. `apt-get install -y swift-proxy`. */
  readonly install: string;
  constructor(component: string, install: string, options?: ErrorOptions) {
    super(`${component} is not installed here. Install it with: ${install}`, options);
    this.component = component;
    this.install = install;
  }
}

/**
 * Starts a server for a mocha suite. When a component is missing it skips the suite locally (with the
 * reason on stderr) but rethrows under `CI=true`, so CI fails instead of skipping.
 *
 * @example
 * ```ts
 * before(async function () { swift = await startOrSkip(this, () => startSwiftS3({ buckets: ['media'] })); });
 * ```
 */
export async function startOrSkip<T>(context: Mocha.Context, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if (error instanceof ServerUnavailableError && !isCi()) {
      process.stderr.write(`      (skipped: ${error.message})\n`);
      context.skip();
    }
    throw error;
  }
}

/** True when running under CI (`CI=true` or `CI=1`). */
export function isCi(): boolean {
  const ci = (process.env['CI'] ?? '').toLowerCase();
  return ci !== '' && ci !== 'false' && ci !== '0';
}
