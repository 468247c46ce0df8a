import * as HLS from 'hls-parser';

/**
 * Parses a playlist with hls-parser in strict mode and returns its complaint, or undefined when it has
 * none. Strict mode enforces RFC 8216's syntax and, among others, the EXT-X-VERSION a feature needs
 * (fMP4 EXT-X-MAP needs 6) and the target-duration rule. Pure; hls-parser's global options are restored.
 *
 * @example
 * strictHlsSyntaxError('#EXTM3U\n#EXTINF:4,\na.ts\n'); // 'Invalid Playlist : The EXT-X-TARGETDURATION tag is REQUIRED'
 */
export function strictHlsSyntaxError(text: string): string | undefined {
  const previous = HLS.getOptions() as { strictMode?: boolean; silent?: boolean };
  // A namespace import: hls-parser is CommonJS with __esModule set, so a default import is undefined under some loaders.
  // hls-parser keeps its options globally; parse() is synchronous, so nothing can interleave here.
  HLS.setOptions({ strictMode: true, silent: true });
  try {
    HLS.parse(text);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    HLS.setOptions({ strictMode: previous.strictMode ?? false, silent: previous.silent ?? false });
  }
}
