/**
 * README "Library quick start": the seed-style facade. Reads `talk.mp4` in the current directory
 * (`npm run demo` leaves a sample at demo-output/sample.mp4: `cd demo-output && ln -s sample.mp4 talk.mp4`),
 * run with `node --import tsx ../examples/quick-start.ts`. The part between the README markers is the README's code.
 */
// README:begin
import { Bitrate, Formats, Representation, Size, input } from '../lib/index.js';

// An automatic ladder, HLS with MPEG-TS segments, progress on the console.
const hls = await input('talk.mp4')
  .hls(Formats.h264())
  .autoGenerateRepresentations()
  .output('out/hls/master.m3u8', { monitor: (p) => console.log(`${p.percent ?? '?'}%`) });
console.log(hls.manifestPath, hls.presentation?.renditions.map((r) => `${r.id} ${r.codecs}`));

// Your own rungs, DASH plus HLS playlists over the same fMP4 segments.
const dash = await input('talk.mp4')
  .dash(Formats.h264())
  .representations(
    new Representation(new Size(1280, 720), new Bitrate(3_000_000, 128_000)),
    new Representation(new Size(640, 360), new Bitrate(800_000)),
  )
  .generateHlsPlaylist()
  .output('out/dash/manifest.mpd');
console.log(dash.manifestPath, dash.hlsMasterPath);
// README:end
