import { BitReader } from './bit-reader.js';
import { HeaderUnreadable, readBits, readSe, readUe, unlessUnreadable } from './exp-golomb.js';
import { chromaSubsampling, skipVuiToChromaLocation, type SpsVideoFacts } from './sps-video-facts.js';

/**
 * Picture size and nominal frame rate of an HEVC stream from its sequence parameter set (2-byte NAL header
 * included, emulation-prevention bytes removed): width and height after the conformance window, frame rate
 * `vui_time_scale / vui_num_units_in_tick` from the VUI (H.265 7.3.2.2, E.2.1). Pure.
 *
 * The VUI's default display window is ignored, as ffmpeg's decoder ignores it by default. Undefined when the SPS
 * is truncated, or codes fields as pictures (`field_seq_flag`), so callers fall back to ffprobe.
 *
 * @example
 * hevcSpsFacts(sps); // { width: 1920, height: 1080, frameRate: { num: 25, den: 1 } }
 */
export function hevcSpsFacts(sps: Uint8Array): SpsVideoFacts | undefined {
  if ((((sps[0] ?? 0) >> 1) & 0x3f) !== 33) return undefined;
  return unlessUnreadable(() => readSps(new BitReader(sps.subarray(2))));
}

function readSps(r: BitReader): SpsVideoFacts | undefined {
  r.skip(4); // sps_video_parameter_set_id
  const maxSubLayersMinus1 = readBits(r, 3);
  r.skip(1); // sps_temporal_id_nesting_flag
  skipProfileTierLevel(r, maxSubLayersMinus1);
  readUe(r); // sps_seq_parameter_set_id
  const chromaFormatIdc = readUe(r);
  const separateColourPlane = chromaFormatIdc === 3 ? readBits(r, 1) : 0;
  const lumaWidth = readUe(r);
  const lumaHeight = readUe(r);
  const window = readBits(r, 1) ? { left: readUe(r), right: readUe(r), top: readUe(r), bottom: readUe(r) } : { left: 0, right: 0, top: 0, bottom: 0 };
  const { subWidthC, subHeightC } = chromaSubsampling(chromaFormatIdc, separateColourPlane);
  const width = lumaWidth - subWidthC * (window.left + window.right);
  const height = lumaHeight - subHeightC * (window.top + window.bottom);
  if (width <= 0 || height <= 0) return undefined;

  readUe(r); // bit_depth_luma_minus8
  readUe(r); // bit_depth_chroma_minus8
  const log2MaxPocLsb = readUe(r) + 4;
  const subLayerOrderingInfo = readBits(r, 1);
  for (let i = subLayerOrderingInfo ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
    readUe(r); // sps_max_dec_pic_buffering_minus1
    readUe(r); // sps_max_num_reorder_pics
    readUe(r); // sps_max_latency_increase_plus1
  }
  for (let i = 0; i < 6; i++) readUe(r); // coding block, transform block sizes and hierarchy depths
  if (readBits(r, 1) && readBits(r, 1)) skipScalingListData(r); // scaling_list_enabled, sps_scaling_list_data_present
  r.skip(2); // amp_enabled_flag, sample_adaptive_offset_enabled_flag
  if (readBits(r, 1)) {
    r.skip(8); // pcm sample bit depths
    readUe(r); // log2_min_pcm_luma_coding_block_size_minus3
    readUe(r); // log2_diff_max_min_pcm_luma_coding_block_size
    r.skip(1); // pcm_loop_filter_disabled_flag
  }
  skipShortTermRefPicSets(r, readUe(r));
  if (readBits(r, 1)) {
    const count = readUe(r); // num_long_term_ref_pics_sps
    for (let i = 0; i < count; i++) r.skip(log2MaxPocLsb + 1); // lt_ref_pic_poc_lsb_sps, used_by_curr_pic_lt_sps_flag
  }
  r.skip(2); // sps_temporal_mvp_enabled_flag, strong_intra_smoothing_enabled_flag
  const frameRate = readBits(r, 1) ? vuiFrameRate(r) : undefined;
  if (frameRate === null) return undefined;
  return { width, height, frameRate };
}

/** profile_tier_level(1, maxSubLayersMinus1) (7.3.3): the general part, then each sub-layer's optional parts. */
function skipProfileTierLevel(r: BitReader, maxSubLayersMinus1: number): void {
  r.skip(88 + 8); // general profile, tier, flags; general_level_idc
  const present: { profile: number; level: number }[] = [];
  for (let i = 0; i < maxSubLayersMinus1; i++) present.push({ profile: readBits(r, 1), level: readBits(r, 1) });
  if (maxSubLayersMinus1 > 0) r.skip(2 * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
  for (const layer of present) r.skip((layer.profile ? 88 : 0) + (layer.level ? 8 : 0));
}

/** scaling_list_data() (7.3.4). */
function skipScalingListData(r: BitReader): void {
  for (let sizeId = 0; sizeId < 4; sizeId++) {
    for (let matrixId = 0; matrixId < 6; matrixId += sizeId === 3 ? 3 : 1) {
      if (!readBits(r, 1)) {
        readUe(r); // scaling_list_pred_matrix_id_delta
        continue;
      }
      const coefficients = Math.min(64, 1 << (4 + (sizeId << 1)));
      if (sizeId > 1) readSe(r); // scaling_list_dc_coef_minus8
      for (let i = 0; i < coefficients; i++) readSe(r);
    }
  }
}

/** The st_ref_pic_set(i) structures of an SPS (7.3.7); inter-set prediction needs each set's delta POC count. */
function skipShortTermRefPicSets(r: BitReader, count: number): void {
  if (count > 64) throw new HeaderUnreadable('num_short_term_ref_pic_sets above 64');
  const deltaPocCounts: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i !== 0 && readBits(r, 1)) {
      // inter_ref_pic_set_prediction_flag: in an SPS the reference is always the previous set.
      r.skip(1); // delta_rps_sign
      readUe(r); // abs_delta_rps_minus1
      let used = 0;
      for (let j = 0; j <= (deltaPocCounts[i - 1] ?? 0); j++) {
        if (readBits(r, 1) || readBits(r, 1)) used++; // used_by_curr_pic_flag, else use_delta_flag
      }
      deltaPocCounts.push(used);
    } else {
      const negative = readUe(r);
      const positive = readUe(r);
      if (negative > 16 || positive > 16) throw new HeaderUnreadable('too many delta POCs');
      for (let j = 0; j < negative + positive; j++) {
        readUe(r); // delta_poc_s0/s1_minus1
        r.skip(1); // used_by_curr_pic_s0/s1_flag
      }
      deltaPocCounts.push(negative + positive);
    }
  }
}

/** Reads the VUI up to its timing info (E.2.1); null when fields are coded as pictures. */
function vuiFrameRate(r: BitReader): SpsVideoFacts['frameRate'] | null {
  skipVuiToChromaLocation(r);
  r.skip(1); // neutral_chroma_indication_flag
  if (readBits(r, 1)) return null; // field_seq_flag
  r.skip(1); // frame_field_info_present_flag
  if (readBits(r, 1)) for (let i = 0; i < 4; i++) readUe(r); // default display window (not applied by ffmpeg)
  if (!readBits(r, 1)) return undefined; // vui_timing_info_present_flag
  const numUnitsInTick = readBits(r, 32);
  const timeScale = readBits(r, 32);
  return numUnitsInTick === 0 || timeScale === 0 ? undefined : { num: timeScale, den: numUnitsInTick };
}
