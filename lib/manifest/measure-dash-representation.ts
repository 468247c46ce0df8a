import { OutputError } from '../errors.js';
import type { BinaryOptions } from '../ffmpeg/locate-ffmpeg.js';
import type { MeasuredStream } from './measured-stream.js';
import { measureSegments } from './measure-segments.js';
import type { MpdRepresentation } from './mpd.js';

/**
 * Measures one DASH Representation (as listed by `readMpd`) from its init and media segments: bytes,
 * peak and average bitrate, exact codec strings and probed stream facts.
 *
 * @param mpdPath the MPD the Representation came from; segment URIs resolve against its directory.
 * @param options.isLive true for a `type="dynamic"` MPD. @default false
 * @example
 * const mpd = readMpd(await readFile('out/clip.mpd', 'utf8'));
 * const video = await measureDashRepresentation('out/clip.mpd', mpd.periods[0]!.adaptationSets[0]!.representations[0]!);
 * video.codecs.video; // 'avc1.64001e'
 */
export async function measureDashRepresentation(
  mpdPath: string,
  representation: MpdRepresentation,
  options: BinaryOptions & { readonly isLive?: boolean } = {},
): Promise<MeasuredStream> {
  if (representation.segments.length === 0) {
    throw new OutputError('OUTPUT_INCOMPLETE', mpdPath, `Representation "${representation.id}" of "${mpdPath}" lists no segments; the encode produced no media.`);
  }
  if (representation.initUri === undefined) {
    throw new OutputError('OUTPUT_INCOMPLETE', mpdPath, `Representation "${representation.id}" of "${mpdPath}" has no initialization segment; package with \`-dash_segment_type mp4\`.`);
  }
  return measureSegments(
    {
      manifestPath: mpdPath,
      kind: options.isLive ? 'live' : 'vod',
      init: { uri: representation.initUri, byteRange: undefined },
      segments: representation.segments.map((s) => ({ uri: s.uri, startSeconds: s.startSeconds, durationSeconds: s.durationSeconds, byteRange: s.byteRange })),
      hasFixedDuration: representation.hasFixedDuration === true,
    },
    options,
  );
}
