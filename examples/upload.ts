/**
 * README "Uploading while encoding": the facade with two destinations at once. Reads `talk.mp4`; ORIGIN is an
 * HTTP origin that accepts PUT (e.g. nginx with DAV), MIRROR a local directory standing in for a second store.
 */
const ORIGIN = process.env['ORIGIN'] ?? 'http://127.0.0.1:8080/vod/talk/';
const MIRROR = process.env['MIRROR'] ?? 'mirror';
// README:begin
import { CloudManager, Formats, input } from '../lib/index.js';
import { fileSink, httpPutSink } from '../sinks/index.js';

const clouds = new CloudManager()
  .add(httpPutSink({ baseUrl: ORIGIN, headers: { authorization: `Bearer ${process.env['ORIGIN_TOKEN'] ?? ''}` } }))
  .add(fileSink({ dir: MIRROR }));
const result = await input('talk.mp4').hls(Formats.h264()).output(undefined, { clouds, onUpload: (e) => console.log(e.type, e.sink, e.key) });
console.log(result.uploads); // per destination: files, bytes, retries
// README:end
