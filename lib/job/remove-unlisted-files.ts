import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutputFile } from '../contracts/output-file.js';

/**
 * After a live job stopped: removes the job's own files that its final package does not list. ffmpeg keeps one
 * segment past a sliding window on disk (for players still fetching it), and a DASH window trimmed to the segments
 * every Representation still has leaves older ones of the others; uploaded with `deleteRemoved`, those are deleted at
 * the sinks, so without this the local directory and the stores would disagree. Other files are never touched.
 */
export async function removeUnlistedFiles(outDir: string, files: readonly OutputFile[], isOwn: (name: string) => boolean): Promise<void> {
  const listed = new Set(files.map((f) => f.key));
  const names = await readdir(outDir);
  await Promise.all(names.filter((name) => isOwn(name) && !listed.has(name)).map((name) => rm(join(outDir, name), { force: true })));
}
