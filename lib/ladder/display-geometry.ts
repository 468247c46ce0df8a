import type { VideoStreamInfo } from '../probe/media-info.js';

/** The shape of a picture as a viewer sees it: after rotation and after stretching non-square pixels. */
export interface DisplayGeometry {
  /** The smaller displayed side, pixels (may be fractional when the sample aspect ratio is not 1:1). */
  readonly shortSide: number;
  /** The larger displayed side, pixels. */
  readonly longSide: number;
  /** longSide / shortSide, ≥ 1. */
  readonly aspectRatio: number;
  /** True when taller than wide. */
  readonly isPortrait: boolean;
}

/**
 * The displayed geometry of a video stream. Pure.
 *
 * `width`/`height` of {@link VideoStreamInfo} are already rotated; a sample aspect ratio other than 1:1
 * (anamorphic DVD/DV video, e.g. 720x576 at 16:15) stretches the coded horizontal axis, which is the displayed
 * vertical one after a 90°/270° rotation. Rungs are encoded with square pixels, so this is the shape to keep.
 *
 * @example
 * displayGeometry({ width: 720, height: 576, rotationDegrees: 0, sampleAspectRatio: '16:15' } as VideoStreamInfo);
 * // → { shortSide: 576, longSide: 768, aspectRatio: 1.333…, isPortrait: false }
 */
export function displayGeometry(video: Pick<VideoStreamInfo, 'width' | 'height' | 'rotationDegrees' | 'sampleAspectRatio'>): DisplayGeometry {
  const sar = parseSar(video.sampleAspectRatio);
  const isQuarterTurn = video.rotationDegrees === 90 || video.rotationDegrees === 270;
  const width = isQuarterTurn ? video.width : video.width * sar;
  const height = isQuarterTurn ? video.height * sar : video.height;
  const shortSide = Math.min(width, height);
  const longSide = Math.max(width, height);
  return { shortSide, longSide, aspectRatio: longSide / shortSide, isPortrait: height > width };
}

function parseSar(text: string | null): number {
  const m = text === null ? null : /^(\d+):(\d+)$/u.exec(text);
  const sar = m ? Number(m[1]) / Number(m[2]) : 1;
  // A SAR far from 1 is more likely a broken header than real anamorphic video; ignore it.
  return Number.isFinite(sar) && sar >= 0.25 && sar <= 4 ? sar : 1;
}
