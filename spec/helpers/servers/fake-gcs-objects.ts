import { createHash } from 'node:crypto';
import { crc32cBase64 } from './crc32c.js';

/** One stored object. */
export interface FakeGcsObject {
  readonly bucket: string;
  readonly name: string;
  readonly data: Buffer;
  readonly contentType: string;
  readonly cacheControl: string | undefined;
  /** base64 MD5, as GCS reports it. */
  readonly md5Hash: string;
  /** base64 big-endian CRC32C, as GCS reports it. */
  readonly crc32c: string;
  readonly generation: string;
  readonly updated: string;
}

/**
 * The in-memory object store of the fake GCS (see start-fake-gcs.ts), and the JSON object resource GCS answers
 * for an object.
 */
export class FakeGcsObjects {
  /** Stored objects by `bucket/name`. */
  readonly byKey = new Map<string, FakeGcsObject>();
  /** While true, resources report a wrong crc32c and md5Hash (the SDK must then reject the upload). */
  isCorrupting = false;
  private generation = Date.now() * 1000;

  /** Stores (or replaces) an object under a new generation, with its checksums. */
  put(bucket: string, name: string, data: Buffer, contentType: string, cacheControl: string | undefined): FakeGcsObject {
    const object: FakeGcsObject = {
      bucket,
      name,
      data,
      contentType,
      cacheControl,
      md5Hash: createHash('md5').update(data).digest('base64'),
      crc32c: crc32cBase64(data),
      generation: String(++this.generation),
      updated: new Date().toISOString(),
    };
    this.byKey.set(`${bucket}/${name}`, object);
    return object;
  }

  /** The object `bucket/name`, if stored. */
  get(bucket: string, name: string): FakeGcsObject | undefined {
    return this.byKey.get(`${bucket}/${name}`);
  }

  /** Removes an object; false when there was none. */
  delete(bucket: string, name: string): boolean {
    return this.byKey.delete(`${bucket}/${name}`);
  }

  /** The objects of `bucket` whose name starts with `prefix`, sorted by name. */
  list(bucket: string, prefix: string): FakeGcsObject[] {
    return [...this.byKey.values()].filter((o) => o.bucket === bucket && o.name.startsWith(prefix)).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** The `storage#object` resource of `o`, with links to the server on 127.0.0.1:`port`. */
  resource(o: FakeGcsObject, port: number): Record<string, unknown> {
    const path = `/storage/v1/b/${encodeURIComponent(o.bucket)}/o/${encodeURIComponent(o.name)}`;
    return {
      kind: 'storage#object',
      id: `${o.bucket}/${o.name}/${o.generation}`,
      selfLink: `http://127.0.0.1:${port}${path}`,
      mediaLink: `http://127.0.0.1:${port}/download${path}?generation=${o.generation}&alt=media`,
      name: o.name,
      bucket: o.bucket,
      generation: o.generation,
      metageneration: '1',
      contentType: o.contentType,
      ...(o.cacheControl === undefined ? {} : { cacheControl: o.cacheControl }),
      size: String(o.data.length),
      md5Hash: this.isCorrupting ? createHash('md5').update('corrupt').digest('base64') : o.md5Hash,
      crc32c: this.isCorrupting ? crc32cBase64(Buffer.from('corrupt')) : o.crc32c,
      etag: o.md5Hash,
      storageClass: 'STANDARD',
      timeCreated: o.updated,
      updated: o.updated,
    };
  }
}
