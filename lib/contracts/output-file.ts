/** The role a file plays in a package. Sinks branch on it for ordering, content type and caching. */
export type OutputFileKind = 'segment' | 'init' | 'key' | 'playlist' | 'manifest' | 'media';

/** One file of a package, as the library reports it. `key` is the POSIX path relative to the output directory. */
export interface OutputFile {
  /** POSIX path relative to the package root, e.g. `video_720p_00012.ts`. */
  readonly key: string;
  /** Absolute local path. */
  readonly localPath: string;
  readonly kind: OutputFileKind;
  /** MIME type for HTTP delivery, e.g. `video/mp2t`. */
  readonly contentType: string;
  /** Size in bytes when the file was reported. */
  readonly bytes: number;
}
