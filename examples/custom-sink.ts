/**
 * A custom sink: PUT each file with fetch() to an origin (ORIGIN, e.g. `http://127.0.0.1:8080/live/`), in about
 * twenty lines. `output(…, { clouds })` adds the rest: upload while encoding, playlists after their segments,
 * the master last, retries of transient failures (those whose SinkError says `isTransient`). Reads `talk.mp4`.
 */
import { openAsBlob } from 'node:fs';
import { Formats, input } from '../lib/index.js';
import { SinkError, type Sink } from '../sinks/index.js';

const origin = process.env['ORIGIN'] ?? 'http://127.0.0.1:8080/live/';
const fetchSink: Sink = {
  name: origin,
  async put(request, signal) {
    const response = await fetch(new URL(encodeURI(request.key), origin), {
      method: 'PUT',
      body: await openAsBlob(request.localPath),
      headers: { 'content-type': request.contentType, 'cache-control': request.cacheControl },
      signal,
    });
    if (!response.ok) {
      throw new SinkError({ sinkName: origin, key: request.key, operation: 'put', isTransient: response.status >= 500, statusCode: response.status, reason: `HTTP ${response.status}` });
    }
    return { key: request.key, location: response.url, bytes: request.bytes };
  },
  async delete(key, signal) {
    await fetch(new URL(encodeURI(key), origin), { method: 'DELETE', signal });
  },
};

const result = await input('talk.mp4').hls(Formats.h264()).output(undefined, { clouds: fetchSink });
console.log(result.uploads); // → [{ sink: 'http://127.0.0.1:8080/live/', files: 13, bytes: 1234567, retries: 0, deleted: 0 }]
