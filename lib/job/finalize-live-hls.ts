import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { PackageResult } from '../contracts/packaging-event.js';
import { buildPresentation, type HlsRenditionSource } from '../manifest/build-presentation.js';
import { endLiveMediaPlaylist } from '../manifest/end-live-media-playlist.js';
import { writeFileAtomic } from '../manifest/write-file-atomic.js';
import { writeHlsMaster } from '../manifest/write-hls-master.js';
import { hlsFileNames } from '../plan/hls-args.js';
import { ownFileMatcher } from './own-file-matcher.js';
import { packageFiles } from './package-files.js';
import { removeUnlistedFiles } from './remove-unlisted-files.js';
import type { PreparedJob } from './run-package-job.js';

/**
 * After a live HLS job stopped (stop signal, `durationMs`, or the source ended): every media playlist ends with
 * `#EXT-X-ENDLIST` (ffmpeg's trailer wrote it; added after a hard stop), keeps its type and PROGRAM-DATE-TIMEs, and
 * the master is rewritten from the segments still listed (the last window for a sliding playlist, all of them for an
 * event playlist): BANDWIDTH, AVERAGE-BANDWIDTH and CODECS measured, as for VOD.
 */
export async function finalizeLiveHls(job: PreparedJob, argv: readonly string[]): Promise<PackageResult> {
  const { plan, options } = job;
  const names = hlsFileNames(plan, { segmentType: options.segmentType });
  const sources: HlsRenditionSource[] = plan.rungs.map((r) => ({ type: 'video', id: r.name, playlistPath: join(plan.outDir, names.mediaPlaylist(r.name)) }));
  if (plan.audio) sources.push({ type: 'audio', id: 'audio', playlistPath: join(plan.outDir, names.mediaPlaylist('audio')) });
  await endLiveMediaPlaylists(sources.map((s) => s.playlistPath));
  const presentation = await buildPresentation({ format: 'hls', renditions: sources, masterDir: plan.outDir }, options.binaries);
  await writeFileAtomic(options.output, writeHlsMaster(presentation, { extraStreamInfAttributes: options.streamInfo }));
  const files = await packageFiles(plan.outDir, presentation, [{ key: basename(options.output), kind: 'manifest' }]);
  await removeUnlistedFiles(plan.outDir, files, ownFileMatcher(plan, 'hls'));
  return {
    format: 'hls',
    outDir: plan.outDir,
    manifestPath: options.output,
    manifests: [options.output, ...sources.map((s) => s.playlistPath)],
    files,
    presentation,
    hlsMasterPath: null,
    argv,
    elapsedMs: Math.round(performance.now() - job.startedAt),
  };
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
