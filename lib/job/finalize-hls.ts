import { basename, join } from 'node:path';
import type { PackageResult } from '../contracts/packaging-event.js';
import { buildPresentation, type HlsRenditionSource } from '../manifest/build-presentation.js';
import { writeFileAtomic } from '../manifest/write-file-atomic.js';
import { writeHlsMaster } from '../manifest/write-hls-master.js';
import { hlsTargetDurationSeconds } from '../manifest/hls-target-duration.js';
import { normalizeVodMediaPlaylist } from '../manifest/normalize-vod-media-playlist.js';
import { parseMediaPlaylist } from '../manifest/parse-media-playlist.js';
import { readFile } from 'node:fs/promises';
import { hlsFileNames } from '../plan/hls-args.js';
import { packageFiles } from './package-files.js';
import type { PreparedJob } from './run-package-job.js';

/**
 * After ffmpeg succeeded: measures every rendition's real segments and writes the master playlist from them
 * (peak and average bandwidth with audio included, exact codecs, resolution, frame rate, the audio group).
 */
export async function finalizeHls(job: PreparedJob, argv: readonly string[]): Promise<PackageResult> {
  const sources = hlsRenditionSources(job);
  await normalizeMediaPlaylists(sources.map((s) => s.playlistPath));
  return writeMasterAndList(job, argv, sources);
}

/** The media playlists of an HLS job (rungs, then audio), as measurement sources. */
export function hlsRenditionSources(job: PreparedJob): HlsRenditionSource[] {
  const { plan, options } = job;
  const names = hlsFileNames(plan, { segmentType: options.segmentType });
  const sources: HlsRenditionSource[] = plan.rungs.map((r) => ({ type: 'video', id: r.name, playlistPath: join(plan.outDir, names.mediaPlaylist(r.name)) }));
  if (plan.audio) sources.push({ type: 'audio', id: 'audio', playlistPath: join(plan.outDir, names.mediaPlaylist('audio')) });
  return sources;
}

/**
 * Measures the renditions' listed segments, writes the master over them (atomically) and lists the package: the
 * common end of VOD and live HLS jobs, once their media playlists are final.
 */
export async function writeMasterAndList(job: PreparedJob, argv: readonly string[], sources: readonly HlsRenditionSource[]): Promise<PackageResult> {
  const { plan, options } = job;
  const presentation = await buildPresentation({ format: 'hls', renditions: sources, masterDir: plan.outDir }, options.binaries);
  await writeFileAtomic(options.output, writeHlsMaster(presentation, { extraStreamInfAttributes: options.streamInfo }));
  const files = await packageFiles(plan.outDir, presentation, [{ key: basename(options.output), kind: 'manifest' }]);
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

/**
 * Rewrites ffmpeg's media playlists in the form Apple requires: one target duration shared by every playlist of
 * the package (8.2), INDEPENDENT-SEGMENTS on the audio playlist too, and URIs percent-encoded.
 */
export async function normalizeMediaPlaylists(paths: readonly string[]): Promise<void> {
  const texts = await Promise.all(paths.map((p) => readFile(p, 'utf8')));
  const longest = Math.max(0, ...texts.flatMap((t) => parseMediaPlaylist(t).segments.map((s) => s.durationSeconds)));
  const targetDurationSeconds = hlsTargetDurationSeconds(longest);
  await Promise.all(paths.map((p, i) => writeFileAtomic(p, normalizeVodMediaPlaylist(texts[i] ?? '', { targetDurationSeconds }))));
}
