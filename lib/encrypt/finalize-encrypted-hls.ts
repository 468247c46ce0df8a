import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { PackageResult } from '../contracts/packaging-event.js';
import { OutputError } from '../errors.js';
import { normalizeMediaPlaylists } from '../job/finalize-hls.js';
import { endLiveMediaPlaylists } from '../job/finalize-live-hls.js';
import { packageFiles } from '../job/package-files.js';
import type { PreparedJob } from '../job/run-package-job.js';
import { writeFileAtomic } from '../manifest/write-file-atomic.js';
import { writeHlsMaster } from '../manifest/write-hls-master.js';
import { hlsFileNames } from '../plan/hls-args.js';
import { addKeysToMediaPlaylist } from './add-keys-to-media-playlist.js';
import type { HlsEncryptionStage } from './hls-encryption-stage.js';
import { measureEncryptedPresentation, type EncryptedRenditionSource } from './measure-encrypted-presentation.js';

/**
 * After ffmpeg succeeded (or a live job stopped) and every segment is encrypted and published: normalises the clear
 * media playlists (live: ends them with ENDLIST),
 * writes their public versions (an `EXT-X-KEY` with URI and IV before the first segment of each key period), measures
 * the package (codecs from the clear media, bitrates from the encrypted sizes), writes the master, and removes the
 * staging directory. Keys were stored before their first segment was published, so before any playlist exists.
 */
export async function finalizeEncryptedHls(job: PreparedJob, argv: readonly string[], stage: HlsEncryptionStage): Promise<PackageResult> {
  const { plan, options } = job;
  const names = hlsFileNames(plan, { segmentType: options.segmentType });
  const renditions = [...plan.rungs.map((r) => ({ type: 'video' as const, id: r.name })), ...(plan.audio ? [{ type: 'audio' as const, id: 'audio' }] : [])];
  const sources: EncryptedRenditionSource[] = renditions.map((r) => {
    const clearSegmentName = stage.clearSegmentOf(r.id);
    if (clearSegmentName === undefined) throw new OutputError('OUTPUT_INCOMPLETE', plan.outDir, `ffmpeg wrote no segment for rendition "${r.id}"; the encode produced no media.`);
    return { ...r, publicPlaylistPath: join(plan.outDir, names.mediaPlaylist(r.id)), clearPlaylistPath: join(stage.stagingDir, names.mediaPlaylist(r.id)), clearSegmentName };
  });
  // Live: the playlists keep their type and PROGRAM-DATE-TIMEs and end with ENDLIST; VOD: normalised.
  if (plan.live) await endLiveMediaPlaylists(sources.map((s) => s.clearPlaylistPath));
  else await normalizeMediaPlaylists(sources.map((s) => s.clearPlaylistPath));
  for (const source of sources) {
    const keyed = addKeysToMediaPlaylist(await readFile(source.clearPlaylistPath, 'utf8'), (uri) => stage.keyOfSegment(uri));
    if (!keyed.isComplete) {
      throw new OutputError('OUTPUT_INCOMPLETE', source.clearPlaylistPath, `"${basename(source.clearPlaylistPath)}" lists a segment that was never encrypted; the package is incomplete. Re-run the job.`);
    }
    await writeFileAtomic(source.publicPlaylistPath, keyed.text);
  }
  const presentation = await measureEncryptedPresentation(sources, stage.stagingDir, options.binaries);
  await stage.finish();
  // The entry point last: no master exists unless everything it leads to is in place.
  await writeFileAtomic(options.output, writeHlsMaster(presentation, { extraStreamInfAttributes: options.streamInfo }));
  const files = await packageFiles(plan.outDir, presentation, [{ key: basename(options.output), kind: 'manifest' }]);
  return {
    format: 'hls',
    outDir: plan.outDir,
    manifestPath: options.output,
    manifests: [options.output, ...sources.map((s) => s.publicPlaylistPath)],
    files,
    presentation,
    hlsMasterPath: null,
    argv,
    elapsedMs: Math.round(performance.now() - job.startedAt),
  };
}
