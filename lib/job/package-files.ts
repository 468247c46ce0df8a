import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { contentTypeFor } from '../contracts/content-type.js';
import type { OutputFile, OutputFileKind } from '../contracts/output-file.js';
import type { Presentation } from '../contracts/presentation.js';

/**
 * Lists every file of a finished package from its presentation: each rendition's init and segments, its media
 * playlist, and the given manifests. Keys are POSIX paths relative to `outDir`.
 */
export async function packageFiles(outDir: string, presentation: Presentation, manifests: readonly { key: string; kind: OutputFileKind }[]): Promise<OutputFile[]> {
  const entries = new Map<string, OutputFileKind>();
  for (const r of presentation.renditions) {
    if (r.initUri) entries.set(r.initUri, 'init');
    for (const s of r.segments) entries.set(s.uri, 'segment');
    if (r.playlistUri) entries.set(r.playlistUri, 'playlist');
  }
  for (const m of manifests) entries.set(m.key, m.kind);
  return Promise.all(
    [...entries].map(async ([key, kind]) => {
      const localPath = join(outDir, decodeURIComponent(key));
      return { key: decodeURIComponent(key), localPath, kind, contentType: contentTypeFor(key), bytes: (await stat(localPath)).size };
    }),
  );
}
