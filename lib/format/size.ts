import { InvalidOptionError } from '../errors.js';

/**
 * A frame size in pixels, as in the Python library's `Size(width, height)`.
 *
 * Use it to build a `Representation`, or read it from `FFProbe.videoSize`. Both sides must be positive whole
 * pixel counts; odd sizes are allowed here (a source may be 853x481) but a `Representation` needs even ones.
 *
 * @example
 * const size = new Size(1280, 720);
 * String(size);    // → '1280x720'
 * size.ratio;      // → 1.7777…
 * size.shortSide;  // → 720
 */
export class Size {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;

  constructor(width: number, height: number) {
    checkPixels('width', width);
    checkPixels('height', height);
    this.width = width;
    this.height = height;
    Object.freeze(this);
  }

  /** Width divided by height (1.777… for 16:9, 0.5625 for 9:16). */
  get ratio(): number {
    return this.width / this.height;
  }

  /** The smaller side in pixels: the ladder names rungs after it (`720p` for both 1280x720 and 720x1280). */
  get shortSide(): number {
    return Math.min(this.width, this.height);
  }

  /** True when taller than wide. */
  get isPortrait(): boolean {
    return this.height > this.width;
  }

  /** `WIDTHxHEIGHT`, e.g. `1280x720`, as ffmpeg's `-s` and HLS `RESOLUTION` write it. */
  toString(): string {
    return `${this.width}x${this.height}`;
  }

  toJSON(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }
}

function checkPixels(name: 'width' | 'height', value: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new InvalidOptionError(name, 'a positive whole number of pixels', value, 'Sizes must be positive whole pixels, e.g. new Size(1280, 720).');
  }
}
