import { join } from 'node:path';
import type { OutputFile, OutputFileKind } from '../contracts/output-file.js';
import type { OutputLayout } from '../contracts/output-layout.js';
import { pathExists } from '../fs/path-exists.js';

/**
 * What an `UploadSession` knows about the current job (internal to `uploadTo()`): the keys reported so far,
 * where the package lies, whether it is live and final, and the rule that decides what a playlist or manifest put
 * waits for.
 */
export class UploadJob {
  outDir: string | null;
  readonly isLive: boolean;
  /** Every key reported in this job, with its kind. */
  readonly reported = new Map<string, OutputFileKind>();
  /** Live: keys whose local file the window removed before they could be uploaded (skipped, never waited for). */
  readonly gone = new Set<string>();
  /** True once `done` arrived: no more files will be reported. */
  isFinal = false;
  /** Live, once `done` arrived: the keys of the final package (`result.files`); anything else stored is removed. */
  finalKeys: ReadonlySet<string> | null = null;

  constructor(layout: OutputLayout | null) {
    this.outDir = layout?.outDir ?? null;
    this.isLive = layout?.isLive ?? false;
  }

  /** Without a `start` event, learns the package directory from the first file reported. */
  adoptOutDir(file: OutputFile): void {
    if (this.outDir !== null) return;
    const suffix = `/${file.key}`;
    this.outDir = file.localPath.endsWith(suffix) ? file.localPath.slice(0, -suffix.length) : join(file.localPath, '..');
  }

  /** The keys a new version of playlist or manifest `key` must wait for before it is stored at a sink. */
  async dependenciesOf(key: string, kind: 'playlist' | 'manifest', references: readonly string[] | null): Promise<ReadonlySet<string>> {
    const deps = new Set<string>();
    for (const [reported, reportedKind] of this.reported) {
      if (reported === key) continue;
      // A manifest (master, MPD) goes last: after every file reported before it, so the entry manifest, reported
      // last, lands last. Live manifests have versions, and two that waited for each other's newer version could
      // wait forever, so there a manifest does not wait for other manifests. Text that cannot be read waits for
      // every media file reported before it.
      const waits = kind === 'manifest' ? reportedKind !== 'manifest' || !this.isLive : references === null && isMedia(reportedKind);
      if (waits) deps.add(reported);
    }
    for (const ref of references ?? []) {
      if (deps.has(ref)) continue;
      if (this.reported.has(ref)) {
        deps.add(ref);
        continue;
      }
      // Not reported yet. A media file already on disk is on its way (ffmpeg renames a segment into place before
      // it rewrites the playlist): wait for it. A missing file (outside the package, deleted by a live window)
      // will never come. Playlists reported later are never waited for, so waits can never form a cycle.
      if (/\.(m3u8|mpd)$/iu.test(ref) || this.outDir === null) continue;
      if (await pathExists(join(this.outDir, ref))) deps.add(ref);
    }
    return deps;
  }
}

function isMedia(kind: OutputFileKind): boolean {
  return kind !== 'playlist' && kind !== 'manifest';
}
