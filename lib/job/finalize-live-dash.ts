import { readFile, readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { PackageResult } from '../contracts/packaging-event.js';
import { OutputError } from '../errors.js';
import { buildPresentation } from '../manifest/build-presentation.js';
import { finalizeMpd } from '../manifest/finalize-mpd.js';
import { trimStaticMpd, type SegmentsOnDisk } from '../manifest/trim-static-mpd.js';
import { writeFileAtomic } from '../manifest/write-file-atomic.js';
import { dashFileNames } from '../plan/dash-args.js';
import type { EncodingPlan } from '../plan/encoding-plan.js';
import { ownFileMatcher } from './own-file-matcher.js';
import { packageFiles } from './package-files.js';
import { removeUnlistedFiles } from './remove-unlisted-files.js';
import type { PreparedJob } from './run-package-job.js';

/**
 * After a live DASH job stopped: ffmpeg's trailer turned its MPD static (`mediaPresentationDuration` set); for a
 * sliding window it is trimmed to the segments still on disk (`trimStaticMpd`), then made true of them
 * (`finalizeMpd`: bandwidth, codecs, maxSegmentDuration) and published under the user's name, replacing the dynamic
 * one: players that refresh it see a static MPD and play to its end.
 */
export async function finalizeLiveDash(job: PreparedJob, argv: readonly string[]): Promise<PackageResult> {
  const { plan, options } = job;
  const partialMpd = join(plan.outDir, dashFileNames(plan).partialMpd);
  let xml: string;
  try {
    xml = await readFile(partialMpd, 'utf8');
  } catch (cause) {
    throw new OutputError('OUTPUT_INCOMPLETE', partialMpd, 'ffmpeg wrote no MPD: the live job stopped before its first segment. Let it run at least one segment duration.', { cause });
  }
  if (/type="dynamic"/u.test(xml)) {
    throw new OutputError('OUTPUT_INCOMPLETE', partialMpd, 'ffmpeg did not write its final MPD (it was killed, not stopped): the live package has no final form.');
  }
  xml = trimStaticMpd(xml, await segmentsOnDisk(plan, plan.live?.playlistType === 'sliding'));
  // The trimmed MPD is measured from where it will be published, under a hidden name first.
  await writeFileAtomic(partialMpd, xml);
  const presentation = await buildPresentation({ format: 'dash', mpdPath: partialMpd }, options.binaries);
  const final = finalizeMpd(xml, {
    maxSegmentDurationSeconds: presentation.maxSegmentDurationSeconds,
    renditions: presentation.renditions.map((r) => ({ id: r.id, peakBps: r.peakBps, codecs: r.codecs })),
  });
  await writeFileAtomic(options.output, final);
  await rm(partialMpd, { force: true });
  const files = await packageFiles(plan.outDir, { ...presentation, kind: 'live' }, [{ key: basename(options.output), kind: 'manifest' }]);
  await removeUnlistedFiles(plan.outDir, files, ownFileMatcher(plan, 'dash'));
  return {
    format: 'dash',
    outDir: plan.outDir,
    manifestPath: options.output,
    manifests: [options.output],
    files,
    presentation: { ...presentation, kind: 'live' },
    hlsMasterPath: null,
    argv,
    elapsedMs: Math.round(performance.now() - job.startedAt),
  };
}

/**
 * The segment numbers every Representation has on disk: from the first one each still has (the window slid past the
 * ones before; 1 for an event stream, which deletes nothing) to the last one each has.
 */
async function segmentsOnDisk(plan: EncodingPlan, isSliding: boolean): Promise<SegmentsOnDisk> {
  const firsts = new Map<string, number>();
  const lasts = new Map<string, number>();
  for (const name of await readdir(plan.outDir)) {
    const match = /^(.*)_chunk_(\d+)_(\d+)\.(?:m4s|mp4|webm)$/u.exec(name);
    if (!match || match[1] !== plan.slug) continue;
    const id = match[2] ?? '';
    const number = Number(match[3]);
    firsts.set(id, Math.min(firsts.get(id) ?? Number.POSITIVE_INFINITY, number));
    lasts.set(id, Math.max(lasts.get(id) ?? 0, number));
  }
  if (firsts.size === 0) return { firstNumber: 1 };
  return { firstNumber: isSliding ? Math.max(...firsts.values()) : 1, lastNumber: Math.min(...lasts.values()) };
}
