import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sink } from '../contracts/sink.js';
import { InvalidOptionError } from '../errors.js';
import type { KeyStore, KeyToStore } from './key-store.js';
import { checkKeyTemplate, expandKeyTemplate } from './key-template.js';
import { KEY_FILE_MODE } from './local-key-store.js';

/** Options of {@link sinkKeyStore}. */
export interface SinkKeyStoreOptions {
  /**
   * The key URI written in playlists, with `{keyId}` where the key id goes (required when keys rotate), e.g.
   * `https://keys.example.com/{keyId}.key`. It is where players fetch what the sink stored as `<keyId>.key`.
   */
  readonly urlTemplate: string;
}

/**
 * A key store that puts each key as the object `<keyId>.key` through any {@link Sink} (S3, GCS, Azure, HTTP PUT, a
 * directory), with `Cache-Control: private, no-store` and `application/octet-stream`.
 *
 * Use it to keep keys apart from the media: e.g. keys in a private bucket behind an authorising key server, media
 * in a public bucket or CDN. The key bytes go through a temporary file readable by the owner only (0600, in a 0700
 * directory), removed once the sink has them.
 *
 * @example
 * const keys = sinkKeyStore(s3Sink({ bucket: 'private-keys', prefix: 'talk-42/' }), { urlTemplate: 'https://keys.example.com/talk-42/{keyId}.key' });
 * keys.uriFor('master-key-3f9a1c2e-0', 'out'); // 'https://keys.example.com/talk-42/master-key-3f9a1c2e-0.key'
 */
export function sinkKeyStore(sink: Sink, options: SinkKeyStoreOptions): KeyStore {
  if (typeof sink !== 'object' || sink === null || typeof sink.put !== 'function') throw new InvalidOptionError('sink', 'a Sink (an object with name, put and delete)', sink);
  const urlTemplate = checkKeyTemplate('urlTemplate', options.urlTemplate, 'url');
  return {
    name: sink.name,
    uriFor: (keyId: string) => expandKeyTemplate(urlTemplate, keyId),
    async put(key: KeyToStore, signal: AbortSignal): Promise<void> {
      const dir = await mkdtemp(join(tmpdir(), 'ffmpeg-streaming-key-'));
      try {
        const localPath = join(dir, `${key.keyId}.key`);
        await writeFile(localPath, key.keyBytes, { mode: KEY_FILE_MODE, flag: 'wx' });
        // A SinkError names the sink and the object key, never the bytes.
        await sink.put(
          { key: `${key.keyId}.key`, localPath, contentType: 'application/octet-stream', cacheControl: 'private, no-store', bytes: key.keyBytes.length, kind: 'key' },
          signal,
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
