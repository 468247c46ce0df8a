/** README "Encrypting HLS": AES-128 with a new key every 3 segments, the same in every rendition. Reads `talk.mp4`. */
// README:begin
import { Formats, input } from '../lib/index.js';

const result = await input('talk.mp4')
  .hls(Formats.h264())
  .encryption('out/secure/keys/key', 'https://keys.example.com/talk/key', 3)
  .output('out/secure/master.m3u8');
console.log(result.manifestPath); // keys in out/secure/keys/ (mode 0600), named in playlists as https://keys.example.com/talk/key-<keyId>
// README:end
