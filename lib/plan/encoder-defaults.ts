/**
 * Per-encoder defaults and key-frame arguments. The user's `videoOptions` are merged over these.
 *
 * Why these values: a packager must put a key frame at every `keyFrameIntervalSeconds` in every rung, and
 * nowhere that would make rungs cut differently. `-force_key_frames` does that for every encoder; scene-cut
 * detection and open GOPs are switched off so each segment starts with an IDR / closed key frame.
 * Presets favour speed on small machines; raise quality with `Formats.h264({ videoOptions: { preset: 'slow' } })`.
 */
export function encoderDefaults(encoder: string): Record<string, string> {
  switch (encoder) {
    case 'libx264':
      return { preset: 'veryfast', sc_threshold: '0', flags: '+cgop' };
    case 'libx265':
      return { preset: 'veryfast', tag: 'hvc1' };
    case 'libvpx-vp9':
      return { deadline: 'good', 'cpu-used': '4', 'row-mt': '1' };
    case 'libaom-av1':
      return { 'cpu-used': '6', 'row-mt': '1' };
    case 'libsvtav1':
      return { preset: '8' };
    default:
      // Hardware encoders: HEVC must be tagged hvc1 for Apple players; nothing else is assumed.
      return /hevc|h265/u.test(encoder) ? { tag: 'hvc1' } : {};
  }
}

/**
 * Options that force a key frame every `intervalSeconds` and keep GOPs closed and aligned.
 * `gopFrames` is the interval in frames when the frame rate is known.
 */
export function keyFrameOptions(encoder: string, intervalSeconds: number, gopFrames: number | null): Record<string, string> {
  const options: Record<string, string> = { force_key_frames: `expr:gte(t,n_forced*${intervalSeconds})` };
  if (gopFrames !== null) options['g'] = String(gopFrames);
  if (encoder === 'libx265') {
    const keyint = gopFrames ?? 250;
    options['x265-params'] = `keyint=${keyint}:min-keyint=${keyint}:scenecut=0:open-gop=0:repeat-headers=0`;
  }
  if ((encoder === 'libvpx-vp9' || encoder === 'libaom-av1') && gopFrames !== null) options['keyint_min'] = String(gopFrames);
  if (/_nvenc$/u.test(encoder)) options['forced-idr'] = '1';
  return options;
}
