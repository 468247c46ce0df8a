/** README: a file played in a loop as a live stream: a sliding window of 4 segments, ended after 6 s or on Ctrl-C. Reads `talk.mp4`. */
// README:begin
import { fromFile, packageHls, watchOutput } from '../lib/index.js';

const stop = new AbortController();
process.once('SIGINT', () => stop.abort()); // Ctrl-C: ffmpeg stops cleanly and every playlist gets #EXT-X-ENDLIST
fromFile('talk.mp4', { loop: true }) // or fromCapture(...), fromUrl('rtmp://...'): any live source
  .pipe(
    packageHls({ output: 'out/live/master.m3u8', segmentDurationSeconds: 2, live: { windowSegments: 4, stopSignal: stop.signal, durationMs: 6_000 } }),
    watchOutput(),
  )
  .subscribe({
    next: (e) => {
      if (e.type === 'segment') console.log(`segment ${e.file.key} (${(e.durationSeconds ?? 0).toFixed(1)} s)`);
      if (e.type === 'progress') console.log(`live: ${(e.progress.outTimeMs / 1000).toFixed(1)} s encoded, x${e.progress.speed ?? '?'}`);
      if (e.type === 'done') console.log(`stopped: ${e.result.files.length} files in the final window`);
    },
    error: (e: unknown) => console.error(e),
  });
// README:end
