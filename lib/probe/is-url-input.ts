/**
 * True when `input` names a URL or an ffmpeg protocol (`https://…`, `rtmp://…`, `pipe:0`, `concat:a|b`)
 * rather than a local path.
 *
 * Use it to decide whether filesystem checks make sense before handing `input` to ffmpeg. A Windows drive
 * letter (`C:\video.mp4`, `d:/clips/a.mp4`) is a local path, not a one-letter scheme.
 *
 * @example
 * isUrlInput('https://cdn.example.com/a.mp4'); // true
 * isUrlInput('C:\\videos\\a.mp4');              // false
 * isUrlInput('./a.mp4');                        // false
 */
export function isUrlInput(input: string): boolean {
  // No real protocol has a one-letter name, so `X:` is always a drive letter.
  return /^[a-z][a-z0-9+.-]*:/iu.test(input) && !/^[a-z]:/iu.test(input);
}
