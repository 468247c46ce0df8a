/** README: any input ffmpeg reads (here the HLS package quick-start.ts wrote; a URL works the same) to one MP4. */
// README:begin
import { input } from '../lib/index.js';

const copy = await input('out/hls/master.m3u8').stream2file().output('copy.mp4');
console.log(copy.manifestPath);
// README:end
