/** README: the same upload as an RxJS pipeline, to S3 (any S3-compatible store with S3_ENDPOINT). Reads `talk.mp4`. */
// README:begin
import { fromFile, packageHls, uploadTo, watchOutput } from '../lib/index.js';
import { s3Sink } from '../sinks/s3-sink.js';

const s3 = s3Sink({ bucket: 'media', prefix: 'vod/talk/', ...(process.env['S3_ENDPOINT'] ? { endpoint: process.env['S3_ENDPOINT'], forcePathStyle: true } : {}) });
fromFile('talk.mp4')
  .pipe(packageHls({ output: 'out/talk/master.m3u8' }), watchOutput(), uploadTo([s3]))
  .subscribe({
    next: (e) => e.type === 'uploaded' && console.log(`stored ${e.key} (${e.bytes} bytes, attempt ${e.attempt})`),
    error: (e: unknown) => console.error(e),
  });
// README:end
