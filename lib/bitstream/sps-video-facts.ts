import type { BitReader } from './bit-reader.js';
import { readBits, readUe } from './exp-golomb.js';

/** What a video sequence parameter set (H.264 or HEVC) says about the pictures. */
export interface SpsVideoFacts {
  /** Displayed width after the SPS cropping / conformance window, pixels. */
  readonly width: number;
  /** Displayed height after cropping, pixels (both fields of an interlaced frame). */
  readonly height: number;
  /**
   * Nominal frames per second as a fraction, from the VUI timing info; undefined when the SPS carries none (then
   * only the timestamps tell the rate).
   */
  readonly frameRate: { readonly num: number; readonly den: number } | undefined;
}

/**
 * SubWidthC and SubHeightC (Table 6-1 of both H.264 and HEVC): the cropping unit in luma samples, 2 along each
 * subsampled chroma direction, 1 for monochrome, 4:4:4 and separately coded colour planes.
 *
 * @example
 * chromaSubsampling(1, 0); // { subWidthC: 2, subHeightC: 2 } (4:2:0)
 */
export function chromaSubsampling(chromaFormatIdc: number, separateColourPlane: number): { subWidthC: number; subHeightC: number } {
  const hasChromaArray = chromaFormatIdc !== 0 && separateColourPlane === 0;
  return { subWidthC: hasChromaArray && chromaFormatIdc !== 3 ? 2 : 1, subHeightC: hasChromaArray && chromaFormatIdc === 1 ? 2 : 1 };
}

/**
 * Skips the VUI fields both codecs share before their timing info: aspect ratio, overscan, video signal type and
 * chroma sample location (H.264 E.1.1, HEVC E.2.1).
 */
export function skipVuiToChromaLocation(r: BitReader): void {
  if (readBits(r, 1) && readBits(r, 8) === 255) r.skip(32); // aspect_ratio_idc, Extended_SAR: sar_width/height
  if (readBits(r, 1)) r.skip(1); // overscan_appropriate_flag
  if (readBits(r, 1)) {
    r.skip(4); // video_format, video_full_range_flag
    if (readBits(r, 1)) r.skip(24); // colour_primaries, transfer_characteristics, matrix_coefficients
  }
  if (readBits(r, 1)) {
    readUe(r); // chroma_sample_loc_type_top_field
    readUe(r); // chroma_sample_loc_type_bottom_field
  }
}
