/**
 * Mocha `before` hooks that need a real component. Under `CI=true` a missing component FAILS the suite
 * (CI must never go green by skipping); on a developer machine without it, the suite is skipped with the reason.
 */
import { execFileSync } from 'node:child_process';

function has(command: string, args: readonly string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Requires ffmpeg and ffprobe on PATH. */
export function requireFfmpeg(this: Mocha.Context): void {
  requireTool.call(this, 'ffmpeg and ffprobe (apt-get install ffmpeg)', has('ffmpeg', ['-version']) && has('ffprobe', ['-version']));
}

/** Fails under CI, skips otherwise, when `present` is false. */
export function requireTool(this: Mocha.Context, what: string, present: boolean): void {
  if (present) return;
  if (process.env['CI'] === 'true') throw new Error(`${what} is required under CI=true but is missing. Run \`bash .ci/setup\`.`);
  this.skip();
}
