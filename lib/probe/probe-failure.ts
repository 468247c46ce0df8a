import { InputError } from '../errors.js';
import { redactUrl } from './redact-url.js';

/** What is known about a failed ffprobe run. */
export interface ProbeFailure {
  /** The input as the user gave it; it is redacted before it reaches the message. */
  readonly input: string;
  /** ffprobe's stderr. */
  readonly stderr: string;
  /** ffprobe's exit code, when it exited. */
  readonly exitCode: number | undefined;
  /** True when the local file starts like an ISO-BMFF/MP4 file (an `ftyp` box), so a missing moov means truncation. */
  readonly looksLikeMp4: boolean;
}

/** How many of ffprobe's last stderr lines go into a message. */
const STDERR_LINES = 4;

/**
 * Builds the {@link InputError} for a failed ffprobe run: ffprobe's own words plus the likely fix. Pure.
 *
 * - `moov atom not found` on a file that starts like an MP4 → the MP4 is truncated (its index, the moov box,
 *   was never written or was cut off): re-export or re-download it.
 * - `Invalid data found when processing input` (or a missing moov on something that is not an MP4) → not a
 *   media file ffmpeg can read.
 * - HTTP 401/403 → `INPUT_FORBIDDEN`.
 * - `No such file or directory` / HTTP 404 → `INPUT_NOT_FOUND`.
 * - anything else → `INPUT_UNREADABLE` with ffprobe's last lines.
 *
 * Credentials in a URL input are redacted, both where the message names the input and inside ffprobe's words.
 */
export function probeFailureError(failure: ProbeFailure): InputError {
  const shown = redactUrl(failure.input);
  const words = ffprobeWords(failure.stderr, failure.input, shown, failure.exitCode);
  const said = `ffprobe said: ${words}`;
  if (/moov atom not found/iu.test(failure.stderr) && failure.looksLikeMp4) {
    return new InputError(
      'INPUT_UNREADABLE',
      shown,
      `"${shown}" is an incomplete MP4: its index (the moov box) is missing, so the file was truncated or never finished ` +
        `(an interrupted download, copy or recording). ${said}. Re-export or re-download the file; if a recorder wrote it, ` +
        'stop the recording cleanly so the moov box gets written.',
    );
  }
  if (/Invalid data found when processing input|moov atom not found/iu.test(failure.stderr)) {
    return new InputError(
      'INPUT_UNREADABLE',
      shown,
      `"${shown}" is not a media file ffmpeg can read. ${said}. Check that it is a video or audio file ` +
        '(not a text file, an HTML error page or an unfinished download) and that its extension matches its content.',
    );
  }
  if (/401 Unauthorized|403 Forbidden/iu.test(failure.stderr)) {
    return new InputError(
      'INPUT_FORBIDDEN',
      shown,
      `"${shown}" refused access. ${said}. Check the credentials or token (e.g. \`fromUrl(url, { headers })\`), or that a signed URL has not expired.`,
    );
  }
  if (/No such file or directory|404 Not Found/iu.test(failure.stderr)) {
    return new InputError('INPUT_NOT_FOUND', shown, `"${shown}" was not found. ${said}. Check the path or URL.`);
  }
  return new InputError(
    'INPUT_UNREADABLE',
    shown,
    `ffprobe could not read "${shown}". ${said}. Check that the input exists, is readable by this process ` +
      '(permissions, network access, credentials) and is in a format and protocol your ffmpeg build supports.',
  );
}

/** ffprobe's last meaningful stderr lines, one line, with the raw input replaced by its redacted form. */
function ffprobeWords(stderr: string, input: string, shown: string, exitCode: number | undefined): string {
  const lines = stderr
    .split(/\r?\n/u)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    // ffprobe prefixes demuxer lines with `[mov,mp4,… @ 0x55…]`; the address is noise.
    .map((line) => line.replace(/^\[([^\]@]+?) @ 0x[0-9a-f]+\]\s*/iu, '[$1] '))
    .map((line) => (input === shown ? line : line.split(input).join(shown)))
    .map(redactEmbeddedUrls);
  const tail = lines.slice(-STDERR_LINES).join(' / ');
  return tail !== '' ? tail : `nothing (exit code ${String(exitCode)})`;
}

/** ffprobe may print URLs it derived from the input (redirects, segments): redact those too. */
function redactEmbeddedUrls(line: string): string {
  return line.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/giu, (url) => redactUrl(url));
}
