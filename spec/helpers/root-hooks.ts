/**
 * Mocha root hooks (loaded by `.mocharc.json`'s `require`). After the last suite:
 * - any test server still running — a suite that lost track of one — is killed by PID and reported as a failed hook;
 * - a watchdog (an unref'd timer, so it never keeps the process alive itself) ends the process with a failure and
 *   the list of what still holds it open if mocha has not exited 60 s later (an in-process server or socket nobody
 *   closed): a leak fails the run with names instead of keeping CI busy until its time limit.
 */
import { stopLeftoverProcesses } from './servers/managed-process.js';

const WATCHDOG_MS = 60_000;

export const mochaHooks = {
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(30_000);
    startExitWatchdog();
    const leftovers = await stopLeftoverProcesses();
    if (leftovers.length > 0) {
      throw new Error(`test servers were still running after the last suite (now killed): ${leftovers.join(', ')}. Stop every server a suite starts in its after() hook.`);
    }
  },
};

function startExitWatchdog(): void {
  setTimeout(() => {
    const holders = process.getActiveResourcesInfo().filter((r) => r !== 'Timeout');
    process.stderr.write(`\nmocha was still running ${WATCHDOG_MS / 1000} s after the last test, held open by: ${holders.join(', ') || '(unknown)'}. Failing the run.\n`);
    // Registered after mocha's own exit listener (which sets the exit code from the failure count), so it wins.
    process.on('exit', () => {
      process.exitCode = 1;
    });
    process.exit(1);
  }, WATCHDOG_MS).unref();
}
