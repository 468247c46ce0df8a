import { readFile } from 'node:fs/promises';
import type { PackageResult } from '../contracts/packaging-event.js';
import { endLiveMediaPlaylist } from '../manifest/end-live-media-playlist.js';
import { writeFileAtomic } from '../manifest/write-file-atomic.js';
import { hlsRenditionSources, writeMasterAndList } from './finalize-hls.js';
import { ownFileMatcher } from './own-file-matcher.js';
import { removeUnlistedFiles } from './remove-unlisted-files.js';
import type { PreparedJob } from './run-package-job.js';

/**
 * After a live HLS job stopped (stop signal, `durationMs`, or the source ended): every media playlist ends with
 * `#EXT-X-ENDLIST` (ffmpeg's trailer wrote it; added after a hard stop), keeps its type and PROGRAM-DATE-TIMEs, and
 * the master is rewritten from the segments still listed (the last window for a sliding playlist, all of them for an
 * event playlist): BANDWIDTH, AVERAGE-BANDWIDTH and CODECS measured, as for VOD.
 */
export async function finalizeLiveHls(job: PreparedJob, argv: readonly string[]): Promise<PackageResult> {
  const sources = hlsRenditionSources(job);
  await endLiveMediaPlaylists(sources.map((s) => s.playlistPath));
  const result = await writeMasterAndList(job, argv, sources);
  await removeUnlistedFiles(job.plan.outDir, result.files, ownFileMatcher(job.plan, 'hls'));
  return result;
}

/** Adds `#EXT-X-ENDLIST` to each live media playlist that lacks it (rewriting only those). */
export async function endLiveMediaPlaylists(paths: readonly string[]): Promise<void> {
  await Promise.all(
    paths.map(async (path) => {
      const text = await readFile(path, 'utf8');
      const ended = endLiveMediaPlaylist(text);
      if (ended !== text) await writeFileAtomic(path, ended);
    }),
  );
}
