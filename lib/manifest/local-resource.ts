import { open, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { OutputError, PackagerError } from '../errors.js';
import type { ByteRange } from './parse-media-playlist.js';

/**
 * The local file a manifest URI names: resolved against the manifest's directory, taken as written first
 * and percent-decoded when no file has the written name (ffmpeg writes names raw; our writers encode them).
 * Rejects with `UNSUPPORTED` for absolute URLs (only local packages are measured) and
 * `OUTPUT_INCOMPLETE` when no such file exists.
 *
 * @example
 * await localPathOf('/out/clip.m3u8', 'clip%20a_00000.ts'); // '/out/clip a_00000.ts'
 */
export async function localPathOf(manifestPath: string, uri: string): Promise<string> {
  if (/^[a-z][a-z0-9+.-]*:/iu.test(uri)) {
    throw new PackagerError('UNSUPPORTED', `The manifest "${manifestPath}" names "${uri}", an absolute URL; only packages on the local disk can be measured.`);
  }
  const asWritten = join(dirname(manifestPath), uri);
  if (await exists(asWritten)) return asWritten;
  let decoded: string | undefined;
  try {
    decoded = join(dirname(manifestPath), decodeURIComponent(uri));
  } catch {
    decoded = undefined;
  }
  if (decoded !== undefined && decoded !== asWritten && (await exists(decoded))) return decoded;
  throw new OutputError('OUTPUT_INCOMPLETE', asWritten, `"${uri}", listed in "${manifestPath}", does not exist. The package is incomplete: re-run the job, or remove the entry.`);
}

/** Size in bytes of a resource: the byte range's length when there is one, else the file size. */
export async function resourceBytes(path: string, byteRange: ByteRange | undefined): Promise<number> {
  if (byteRange) return byteRange.lengthBytes;
  return (await stat(path)).size;
}

/** Reads a whole file, or only `byteRange` of it. */
export async function readResource(path: string, byteRange: ByteRange | undefined): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const length = byteRange ? byteRange.lengthBytes : (await handle.stat()).size;
    const out = new Uint8Array(length);
    const { bytesRead } = await handle.read(out, 0, length, byteRange?.offsetBytes ?? 0);
    return out.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
