import { join } from 'node:path';

/**
 * Pure: the hidden directory, inside the output directory, where ffmpeg writes the clear package of an encrypted
 * HLS job (`<outDir>/.<slug>.clear`). Dot-prefixed, so `watchOutput()` and uploaders never see clear media.
 *
 * @example
 * stagingDirFor('/srv/out', 'master'); // '/srv/out/.master.clear'
 */
export function stagingDirFor(outDir: string, slug: string): string {
  return join(outDir, `.${slug}.clear`);
}
