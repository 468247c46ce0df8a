import type { Readable } from 'node:stream';
import type { MediaInput, OpenedMediaInput } from '../../lib/contracts/media-input.js';
import { InputError, type PackagerError } from '../../lib/errors.js';
import { urlInputOptions } from '../url-input-options.js';
import { downloadObject } from './download-object.js';

/** How a cloud source reaches one object; each store's module fills it in. */
export interface CloudObjectAccess {
  /** Safe to show: `s3://bucket/key`, `gs://bucket/name`, the blob URL without its query. */
  readonly display: string;
  /** The object's key or name (its basename names the temporary file). */
  readonly objectName: string;
  readonly inputOptions: readonly string[];
  readonly saveTo?: string;
  /** Where temporary copies go. @default os.tmpdir() */
  readonly tempDir?: string;
  readonly readVia: 'signed-url' | 'download';
  /** Checks that the object exists and may be read; resolves its size when known. Throws the store's error. */
  stat(signal: AbortSignal): Promise<{ readonly sizeBytes: number | null }>;
  /** A short-lived URL ffmpeg can read, or undefined when none can be made here (no signing credentials). */
  signedUrl(signal: AbortSignal): Promise<string | undefined>;
  /** The object's bytes. Throws the store's error. */
  openBody(signal: AbortSignal): Promise<Readable>;
  /** Maps a store error to an InputError (see `cloudInputError`). */
  toInputError(error: unknown, signal: AbortSignal): PackagerError;
}

/**
 * Pure: the {@link MediaInput} of a cloud object. Nothing is read until a job opens it; `open()` then:
 * 1. checks the object (missing → `INPUT_NOT_FOUND`, refused → `INPUT_FORBIDDEN`, empty → `INPUT_EMPTY`);
 * 2. unless `saveTo` is set or `readVia` is `download`, makes a signed URL and checks it with a one-byte range
 *    request: ffmpeg then reads the object in place with range requests (nothing downloaded; an MP4 whose index is
 *    at the end costs one extra request), with the http reconnect/timeout defaults of `fromUrl`;
 * 3. otherwise (or when no working URL can be made) streams the object to a temporary file in a directory of its
 *    own, removed by `release()`, or to `saveTo`, which is kept.
 * `uri` is the display form; the signed URL exists only inside the opened input.
 */
export function cloudMediaInput(access: CloudObjectAccess, label: string): MediaInput {
  return { kind: 'cloud', uri: access.display, inputOptions: access.inputOptions, isLive: false, label, open: (signal) => openCloudObject(access, signal) };
}

async function openCloudObject(access: CloudObjectAccess, signal: AbortSignal): Promise<OpenedMediaInput> {
  let sizeBytes: number | null;
  try {
    ({ sizeBytes } = await access.stat(signal));
  } catch (error) {
    throw access.toInputError(error, signal);
  }
  if (sizeBytes === 0) {
    throw new InputError('INPUT_EMPTY', access.display, `${access.display} is empty (0 bytes). An upload may have failed or still be running; upload it again.`);
  }
  if (access.readVia === 'signed-url' && access.saveTo === undefined) {
    const url = await access.signedUrl(signal).catch(() => undefined);
    if (url !== undefined && (await answersRanges(url, signal))) {
      const scheme = /^([a-z][a-z0-9+.-]*):/iu.exec(url)?.[1] ?? 'https';
      return { uri: url, inputOptions: urlInputOptions(scheme, { inputOptions: access.inputOptions }), release: () => Promise.resolve() };
    }
  }
  try {
    const copy = await downloadObject({
      objectName: access.objectName,
      signal,
      openBody: (s) => access.openBody(s),
      ...(access.saveTo === undefined ? {} : { saveTo: access.saveTo }),
      ...(access.tempDir === undefined ? {} : { tempDir: access.tempDir }),
    });
    return { uri: copy.path, inputOptions: access.inputOptions, release: copy.release };
  } catch (error) {
    throw access.toInputError(error, signal);
  }
}

/**
 * True when `url` serves the object's first byte to a range request: the store accepts the signature (some
 * S3-compatible stores do not support presigned URLs) and ffmpeg will be able to seek.
 */
async function answersRanges(url: string, signal: AbortSignal): Promise<boolean> {
  try {
    const response = await fetch(url, { headers: { Range: 'bytes=0-0' }, signal: AbortSignal.any([signal, AbortSignal.timeout(15_000)]) });
    await response.body?.cancel().catch(() => undefined);
    return response.status === 206;
  } catch {
    return false;
  }
}
