import { basename, dirname, extname, join } from 'node:path';
import type { MediaInput } from '../contracts/media-input.js';
import { InvalidOptionError } from '../errors.js';

/** Pure: where `output()` with no path writes: beside a local input, named after it (`/v/talk.mp4` → `/v/talk.m3u8`). */
export function defaultOutputPath(input: MediaInput, extension: string): string {
  if (input.kind !== 'file') {
    throw new InvalidOptionError('output', `a path ending in ${extension} (the input is not a local file, so there is no directory to write beside it)`, undefined);
  }
  const stem = basename(input.uri, extname(input.uri));
  const candidate = join(dirname(input.uri), `${stem}${extension}`);
  // Compared case-insensitively: on macOS and Windows `clip.MP4` and `clip.mp4` are one file, and the job would
  // replace the input with its own output.
  return candidate.toLowerCase() === join(input.uri).toLowerCase() ? join(dirname(input.uri), `${stem}-converted${extension}`) : candidate;
}
