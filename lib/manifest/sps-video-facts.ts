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
