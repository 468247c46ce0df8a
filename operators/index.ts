/** Operators: turn {@link MediaInput}s into packaging events. Each is cold: one subscription, one ffmpeg per input. */
export { packageHls } from './package-hls.js';
export { packageDash } from './package-dash.js';
export { convertToMp4 } from './convert-to-mp4.js';
export { watchOutput, type WatchOutputOptions } from './watch-output.js';
export { uploadTo, type UploadToOptions, type RetryOptions } from './upload-to.js';
export type { HlsPackageOptions, DashPackageOptions, PackageOptions } from '../lib/options/package-options.js';
export type { ConvertOptions } from '../lib/job/run-convert-job.js';
export type { PackagingEvent, PackageResult } from '../lib/contracts/packaging-event.js';
