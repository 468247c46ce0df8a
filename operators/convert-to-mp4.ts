import { concatMap, type OperatorFunction } from 'rxjs';
import type { MediaInput } from '../lib/contracts/media-input.js';
import type { PackagingEvent } from '../lib/contracts/packaging-event.js';
import { runConvertJob, type ConvertOptions } from '../lib/job/run-convert-job.js';

/**
 * Writes each input (a file, a URL, an HLS or DASH manifest) to an MP4: streams that fit are remuxed,
 * the rest transcoded. One ffmpeg per input, in order. The seed's `stream2file`.
 *
 * @example fromUrl('https://example.com/live/master.m3u8').pipe(convertToMp4({ output: 'copy.mp4' }))
 */
export function convertToMp4(options: ConvertOptions): OperatorFunction<MediaInput, PackagingEvent> {
  return concatMap((input) => runConvertJob(input, options));
}
