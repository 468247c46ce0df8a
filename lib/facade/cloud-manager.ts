import type { Sink } from '../contracts/sink.js';
import { InvalidOptionError } from '../errors.js';

/** Where the facade's `output()` publishes a package: a {@link CloudManager}, one sink, or a list of sinks. */
export type Clouds = CloudManager | Sink | readonly Sink[];

/**
 * The seed's one-to-many uploader: collects sinks, and `output(path, { clouds })` publishes every file of the
 * package to each of them while ffmpeg encodes (segments as they are written, playlists after what they
 * reference, the master or MPD last). Chainable.
 *
 * @example
 * ```ts
 * const clouds = new CloudManager()
 *   .add(s3Sink({ bucket: 'media', prefix: 'vod/talk' }))
 *   .add(azureBlobSink({ connectionString, container: 'media', prefix: 'vod/talk' }));
 * const result = await input('talk.mp4').hls(Formats.h264()).output(undefined, { clouds });
 * result.uploads; // → [{ sink: 's3://media/vod/talk/', files: 23, bytes: 9_876_543, retries: 0, deleted: 0 }, …]
 * ```
 */
export class CloudManager {
  private readonly list: Sink[] = [];

  /** Adds a sink (S3, GCS, Azure Blob, HTTP PUT, a directory, or your own object implementing `Sink`). */
  add(sink: Sink): this {
    if (typeof sink !== 'object' || sink === null || typeof sink.put !== 'function' || typeof sink.delete !== 'function' || typeof sink.name !== 'string') {
      throw new InvalidOptionError('sink', 'a Sink: an object with `name`, `put` and `delete` (e.g. s3Sink(...), httpPutSink(...))', sink);
    }
    this.list.push(sink);
    return this;
  }

  /** The sinks added so far, in order. */
  get sinks(): readonly Sink[] {
    return [...this.list];
  }

  /** Closes every sink that has `close()` (sockets, clients); waits for all, never rejects. */
  async close(): Promise<void> {
    await Promise.allSettled(this.list.map(async (sink) => sink.close?.()));
  }
}

/** Pure: the sinks of a {@link Clouds} value (undefined → none). */
export function sinksOf(clouds: Clouds | undefined): readonly Sink[] {
  if (clouds === undefined) return [];
  if (clouds instanceof CloudManager) return clouds.sinks;
  return Array.isArray(clouds) ? [...(clouds as readonly Sink[])] : [clouds as Sink];
}
