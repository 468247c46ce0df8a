import { BitReader } from './bit-reader.js';
import { readBits, readSe, readUe, unlessUnreadable } from './exp-golomb.js';
import { chromaSubsampling, skipVuiToChromaLocation, type SpsVideoFacts } from './sps-video-facts.js';

/** profile_idc values whose SPS carries chroma_format_idc, bit depths and scaling matrices (H.264 7.3.2.1.1). */
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/**
 * Picture size and nominal frame rate of an H.264 stream from its sequence parameter set (NAL header byte
 * included, emulation-prevention bytes removed): width and height after frame cropping (chroma format and
 * frame_mbs_only honoured), frame rate `time_scale / (2 × num_units_in_tick)` from the VUI. Pure.
 *
 * Undefined when the SPS is truncated or unusual in a way a decoder would not show as-is: left or top cropping
 * (ffmpeg's decoder realigns a left crop), so callers fall back to ffprobe.
 *
 * @example
 * avcSpsFacts(sps); // { width: 854, height: 480, frameRate: { num: 30000, den: 1001 } }
 */
export function avcSpsFacts(sps: Uint8Array): SpsVideoFacts | undefined {
  if (((sps[0] ?? 0) & 0x1f) !== 7) return undefined;
  return unlessUnreadable(() => readSps(new BitReader(sps.subarray(1))));
}

function readSps(r: BitReader): SpsVideoFacts | undefined {
  const profileIdc = readBits(r, 8);
  r.skip(16); // constraint flags, level_idc
  readUe(r); // seq_parameter_set_id
  let chromaFormatIdc = 1;
  let separateColourPlane = 0;
  if (HIGH_PROFILES.has(profileIdc)) {
    chromaFormatIdc = readUe(r);
    if (chromaFormatIdc === 3) separateColourPlane = readBits(r, 1);
    readUe(r); // bit_depth_luma_minus8
    readUe(r); // bit_depth_chroma_minus8
    r.skip(1); // qpprime_y_zero_transform_bypass_flag
    if (readBits(r, 1)) {
      for (let i = 0; i < (chromaFormatIdc === 3 ? 12 : 8); i++) {
        if (readBits(r, 1)) skipScalingList(r, i < 6 ? 16 : 64);
      }
    }
  }
  readUe(r); // log2_max_frame_num_minus4
  const picOrderCntType = readUe(r);
  if (picOrderCntType === 0) {
    readUe(r); // log2_max_pic_order_cnt_lsb_minus4
  } else if (picOrderCntType === 1) {
    r.skip(1); // delta_pic_order_always_zero_flag
    readSe(r); // offset_for_non_ref_pic
    readSe(r); // offset_for_top_to_bottom_field
    const cycle = readUe(r);
    for (let i = 0; i < cycle; i++) readSe(r);
  }
  readUe(r); // max_num_ref_frames
  r.skip(1); // gaps_in_frame_num_value_allowed_flag
  const widthInMbs = readUe(r) + 1;
  const heightInMapUnits = readUe(r) + 1;
  const frameMbsOnly = readBits(r, 1);
  if (!frameMbsOnly) r.skip(1); // mb_adaptive_frame_field_flag
  r.skip(1); // direct_8x8_inference_flag
  const crop = readBits(r, 1) ? { left: readUe(r), right: readUe(r), top: readUe(r), bottom: readUe(r) } : { left: 0, right: 0, top: 0, bottom: 0 };
  if (crop.left !== 0 || crop.top !== 0) return undefined;
  const { subWidthC: cropUnitX, subHeightC } = chromaSubsampling(chromaFormatIdc, separateColourPlane);
  const cropUnitY = subHeightC * (2 - frameMbsOnly);
  const width = widthInMbs * 16 - cropUnitX * crop.right;
  const height = (2 - frameMbsOnly) * heightInMapUnits * 16 - cropUnitY * crop.bottom;
  if (width <= 0 || height <= 0) return undefined;
  const frameRate = readBits(r, 1) ? vuiFrameRate(r) : undefined;
  return { width, height, frameRate };
}

/** Reads the VUI up to its timing info (E.1.1). */
function vuiFrameRate(r: BitReader): SpsVideoFacts['frameRate'] {
  skipVuiToChromaLocation(r);
  if (!readBits(r, 1)) return undefined; // timing_info_present_flag
  const numUnitsInTick = readBits(r, 32);
  const timeScale = readBits(r, 32);
  // fixed_frame_rate_flag is not required: libx264 under ffmpeg writes 0 for constant-rate output.
  if (numUnitsInTick === 0 || timeScale === 0) return undefined;
  return { num: timeScale, den: 2 * numUnitsInTick };
}

function skipScalingList(r: BitReader, size: number): void {
  let lastScale = 8;
  let nextScale = 8;
  for (let j = 0; j < size; j++) {
    if (nextScale !== 0) nextScale = (lastScale + readSe(r) + 256) % 256;
    lastScale = nextScale === 0 ? lastScale : nextScale;
  }
}
