import { readFile, readdir, rename, rm } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { PackageResult } from '../contracts/packaging-event.js';
import { buildPresentation } from '../manifest/build-presentation.js';
import { finalizeMpd } from '../manifest/finalize-mpd.js';
import { writeFileAtomic } from '../manifest/write-file-atomic.js';
import { writeHlsMaster } from '../manifest/write-hls-master.js';
import { dashFileNames } from '../plan/dash-args.js';
import { normalizeMediaPlaylists } from './finalize-hls.js';
import { packageFiles } from './package-files.js';
import type { PreparedJob } from './run-package-job.js';

/**
 * After ffmpeg succeeded: makes the MPD true of the real segments (maxSegmentDuration, minBufferTime, bandwidth,
 * codecs) and publishes it under the requested name. With `generateHlsPlaylist`, ffmpeg's media playlists are
 * normalised for VOD and renamed after the job (ffmpeg calls them `media_N.m3u8`, which would collide between
 * jobs), and a master measured from the same segments replaces ffmpeg's.
 */
export async function finalizeDash(job: PreparedJob, argv: readonly string[]): Promise<PackageResult> {
  const { plan, options } = job;
  const names = dashFileNames(plan);
  const partialMpd = join(plan.outDir, names.partialMpd);
  const hlsPlaylistUris: Record<string, string> = {};
  if (options.generateHlsPlaylist) {
    // ffmpeg names these media_N.m3u8, which would collide between jobs sharing a directory: rename them after the job.
    for (const name of (await readdir(plan.outDir)).filter((n) => /^media_\d+\.m3u8$/u.test(n))) {
      const id = /^media_(\d+)\.m3u8$/u.exec(name)?.[1] ?? name;
      const ours = `${plan.slug}_media_${id}.m3u8`;
      await rename(join(plan.outDir, name), join(plan.outDir, ours));
      hlsPlaylistUris[id] = ours;
    }
    await normalizeMediaPlaylists(Object.values(hlsPlaylistUris).map((u) => join(plan.outDir, u)));
    await rm(join(plan.outDir, names.ffmpegHlsMaster), { force: true });
  }
  const presentation = await buildPresentation({ format: 'dash', mpdPath: partialMpd, hlsPlaylistUris }, options.binaries);
  const xml = finalizeMpd(await readFile(partialMpd, 'utf8'), {
    maxSegmentDurationSeconds: presentation.maxSegmentDurationSeconds,
    renditions: presentation.renditions.map((r) => ({ id: r.id, peakBps: r.peakBps, codecs: r.codecs })),
  });
  await writeFileAtomic(options.output, xml);
  await rm(partialMpd, { force: true });
  const manifests = [{ key: basename(options.output), kind: 'manifest' as const }];
  let hlsMasterPath: string | null = null;
  if (options.generateHlsPlaylist) {
    hlsMasterPath = join(plan.outDir, `${basename(options.output, extname(options.output))}.m3u8`);
    await writeFileAtomic(hlsMasterPath, writeHlsMaster(presentation));
    manifests.push({ key: basename(hlsMasterPath), kind: 'manifest' });
  }
  return {
    format: 'dash',
    outDir: plan.outDir,
    manifestPath: options.output,
    manifests: [options.output, ...(hlsMasterPath ? [hlsMasterPath] : []), ...Object.values(hlsPlaylistUris).map((u) => join(plan.outDir, u))],
    files: await packageFiles(plan.outDir, presentation, manifests),
    presentation,
    hlsMasterPath,
    argv,
    elapsedMs: Math.round(performance.now() - job.startedAt),
  };
}
