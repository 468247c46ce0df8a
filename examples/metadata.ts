/** README: metadata with `probe()` and the Python library's `FFProbe`. Reads `talk.mp4` in the current directory. */
// README:begin
import { FFProbe, probe } from '../lib/index.js';

const info = await probe('talk.mp4'); // typed: duration, streams, size after rotation, frame rate, bitrates (null when unknown)
console.log(info.video?.width, info.video?.height, info.video?.frameRate, info.audio?.channels);

const ffprobe = await FFProbe.probe('talk.mp4'); // the Python library's FFProbe
console.log(String(ffprobe.videoSize), ffprobe.bitrate.overallBps);
await ffprobe.saveAsJson('out/talk.json');
// README:end
