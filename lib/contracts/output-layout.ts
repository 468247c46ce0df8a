/**
 * How a job names its files, announced in its `start` event so that `watchOutput()` can classify what appears
 * in the output directory while ffmpeg writes it. Plain data.
 */
export interface OutputLayout {
  readonly format: 'hls' | 'dash' | 'mp4';
  /** Absolute output directory. */
  readonly outDir: string;
  /** The file-safe stem every file ffmpeg writes starts with. */
  readonly slug: string;
  /** Rendition names as they appear in file names: HLS rung names and `audio`; DASH Representation ids. */
  readonly renditions: readonly string[];
  /** Segment file extension (`ts`, `m4s`). */
  readonly segmentExtension: string;
  /** True for live jobs, whose playlists are published at every rewrite. */
  readonly isLive: boolean;
  /**
   * Names (in `outDir`) of the entry manifests the library writes: the HLS master or the MPD. A live job rewrites
   * them while it runs (the master once every rendition has a segment, the MPD at every update).
   * @default [] (not announced)
   */
  readonly manifests?: readonly string[];
}
