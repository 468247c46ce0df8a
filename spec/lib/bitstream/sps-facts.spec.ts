import { expect } from 'chai';
import { removeEmulationPrevention } from '../../../lib/bitstream/annex-b.js';
import { avcSpsFacts } from '../../../lib/bitstream/avc-sps-facts.js';
import { hevcSpsFacts } from '../../../lib/bitstream/hevc-sps-facts.js';

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replaceAll(' ', ''), 'hex'));

describe('avcSpsFacts()', () => {
  it('reads a Baseline SPS of libx264 854x480 at 30000/1001 (checked by hand)', () => {
    // 67 | 42 c0 1f: Baseline, level 3.1 | da = sps_id 0, log2_max_frame_num 0, poc_type 2, max_ref_frames 1 |
    // 03 60 = gaps 0, pic_width_in_mbs_minus1 53 (54 MBs = 864) | pic_height_in_map_units_minus1 29 (480),
    // frame_mbs_only 1, direct_8x8 1, frame_cropping 1 | crop left 0, right 5 (2 × 5 = 10 → 854), top 0, bottom 0 |
    // VUI: aspect_ratio_idc 1, timing_info_present 1, num_units_in_tick 1001, time_scale 60000.
    expect(avcSpsFacts(hex('6742c01fda0360f79bc04400000fa40003a9803c60ca80'))).to.deep.equal({ width: 854, height: 480, frameRate: { num: 60_000, den: 2002 } });
  });

  it('reads a High SPS with chroma_format_idc and cropping in chroma rows: 1920x1088 cropped to 1080 at 25', () => {
    const nal = hex('67640028acd940780227e5c044000003000400000300c83c60c658'); // as it travels, emulation prevention in place
    expect(avcSpsFacts(removeEmulationPrevention(nal))).to.deep.equal({ width: 1920, height: 1080, frameRate: { num: 50, den: 2 } });
  });

  it('doubles the map-unit height when frame_mbs_only is 0 (interlaced 1920x1080 at 25)', () => {
    const nal = hex('67640028acd94078044fde0220000003002000000643e2c5b2c0');
    expect(avcSpsFacts(removeEmulationPrevention(nal))).to.deep.equal({ width: 1920, height: 1080, frameRate: { num: 50, den: 2 } });
  });

  it('gives undefined for a truncated SPS or another NAL type, never a guess', () => {
    expect(avcSpsFacts(hex('6742c01fda03'))).to.equal(undefined);
    expect(avcSpsFacts(hex('6842c01fda0360f79bc04400000fa40003a9803c60ca80'))).to.equal(undefined);
  });

  it('gives a size without a frame rate when the VUI has no timing info', () => {
    // The hand-checked SPS above, cut after chroma_loc / before timing_info_present_flag, with that flag 0.
    // c0 44 → VUI present, aspect_ratio_idc 1, overscan 0, video_signal 0, chroma_loc 0, timing 0 (then stop bits).
    expect(avcSpsFacts(hex('6742c01fda0360f79bc04080'))).to.deep.equal({ width: 854, height: 480, frameRate: undefined });
  });
});

describe('hevcSpsFacts()', () => {
  it('reads a libx265 SPS of 854x480 (conformance window) at 30000/1001 (size checked by hand)', () => {
    // 42 01 | 01: vps 0, max_sub_layers_minus1 0 | 12-byte profile_tier_level (Main, level 90) | a0 06 c2 01 e1 …:
    // sps_id 0, chroma_format_idc 1, pic_width 864, pic_height 480, conformance window left 0, right 5 (2 × 5 → 854),
    // top 0, bottom 0; VUI timing: num_units_in_tick 1001, time_scale 30000.
    const nal = hex('42010101600000030090000003000003005aa006c201e1cde595952930bc05a02000007d20000ea601');
    expect(hevcSpsFacts(removeEmulationPrevention(nal))).to.deep.equal({ width: 854, height: 480, frameRate: { num: 30_000, den: 1001 } });
  });

  it('skips sub-layer profile_tier_level entries (max_sub_layers_minus1 1, libx265 b-pyramid) to reach the VUI', () => {
    const nal = hex('42010201600000030090000003000003003f0000a00502016965958a2b1524995e02d01000003e900005dc0080');
    expect(hevcSpsFacts(removeEmulationPrevention(nal))).to.deep.equal({ width: 640, height: 360, frameRate: { num: 24_000, den: 1001 } });
  });

  it('gives undefined for a truncated SPS or another NAL type', () => {
    expect(hevcSpsFacts(hex('420101016000'))).to.equal(undefined);
    expect(hevcSpsFacts(hex('40010101600000009000000000005aa006c201e1cde595952930bc05a02000007d20000ea601'))).to.equal(undefined);
  });
});
