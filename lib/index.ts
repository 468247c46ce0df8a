/**
 * ffmpeg-streaming: package video into HLS and DASH ladders with FFmpeg, as typed RxJS pipelines.
 *
 * Three ways in, from highest to lowest level:
 * - the seed-style facade: `input(path).hls(Formats.h264()).autoGenerateRepresentations().output('out/master.m3u8')`;
 * - operators on sources: `fromFile(path).pipe(packageHls({ output }))` (also exported from `ffmpeg-streaming/operators`);
 * - the pure parts: `probe`, `autoGenerateRepresentations`, `writeHlsMaster`, `finalizeMpd`...
 *
 * Importing this module loads no cloud SDK.
 */
export { input, Media, type InputOptions } from './facade/input.js';
export { HlsJob } from './facade/hls-job.js';
export { DashJob } from './facade/dash-job.js';
export { Stream2FileJob } from './facade/stream2file-job.js';
export type { OutputOptions } from './facade/output-options.js';
export type { StreamingJobOptions } from './facade/streaming-job.js';

export { packageHls } from '../operators/package-hls.js';
export { packageDash } from '../operators/package-dash.js';
export { convertToMp4 } from '../operators/convert-to-mp4.js';
export { watchOutput, type WatchOutputOptions } from '../operators/watch-output.js';
export { uploadTo, type UploadToOptions, type RetryOptions } from '../operators/upload-to.js';
export { CloudManager, type Clouds } from './facade/cloud-manager.js';
export type { StreamingOutputOptions, StreamingOutputResult } from './facade/output-options.js';
export type { SinkUploadSummary } from './upload/upload-tally.js';
export { isTransientFailure } from './upload/retry-policy.js';
export type { UploadEvent } from './contracts/upload-event.js';
export type { OutputFileEvent } from './contracts/output-file-event.js';
export type { OutputLayout } from './contracts/output-layout.js';
export type { Sink, SinkPutRequest, SinkPutResult } from './contracts/sink.js';
export { SinkError, isSinkError } from './contracts/sink-error.js';
export { fromFile, fileInput, type FromFileOptions } from '../sources/from-file.js';
export { fromUrl, urlInput, type FromUrlOptions } from '../sources/from-url.js';
export { fromCapture, captureInput, type FromCaptureOptions } from '../sources/from-capture.js';
export { describeCaptureDevices, listCaptureDevices, type CaptureDeviceList } from '../sources/list-capture-devices.js';

export { Formats } from './format/formats.js';
export { formatFromName } from './format/format-from-name.js';
export type { VideoFormat, VideoCodec, AudioCodec, FormatOptions } from './format/video-format.js';
export { Size } from './format/size.js';
export { Bitrate } from './format/bitrate.js';
export { Representation, type RepresentationOptions } from './format/representation.js';
export { parseRepresentationSpec } from './format/parse-representation-spec.js';
export { autoGenerateRepresentations, type AutoLadderOptions } from './ladder/auto-representations.js';

export { probe, type ProbeOptions } from './probe/probe.js';
export { FFProbe, ffprobe } from './probe/ffprobe.js';
export type { MediaInfo, StreamInfo, VideoStreamInfo, AudioStreamInfo, OtherStreamInfo } from './probe/media-info.js';

export type { HlsPackageOptions, DashPackageOptions, PackageOptions } from './options/package-options.js';
export type { LiveOptions } from './options/package-options.js';
export type { ConvertOptions } from './job/run-convert-job.js';
export type { PackagingEvent, PackageResult } from './contracts/packaging-event.js';
export { isDoneEvent, isProgressEvent } from './contracts/packaging-event.js';
export type { Progress } from './contracts/progress.js';
export type { Presentation, Rendition, VideoRendition, AudioRendition, SegmentRef } from './contracts/presentation.js';
export type { OutputFile, OutputFileKind } from './contracts/output-file.js';
export type { MediaInput } from './contracts/media-input.js';

export { writeHlsMaster, type HlsMasterOptions } from './manifest/write-hls-master.js';
export { finalizeMpd } from './manifest/finalize-mpd.js';
export { buildPresentation } from './manifest/build-presentation.js';
export { codecsOf } from './manifest/codecs-of.js';

export { localKeyStore, KEY_FILE_MODE, type LocalKeyStoreOptions } from './encrypt/local-key-store.js';
export { sinkKeyStore, type SinkKeyStoreOptions } from './encrypt/sink-key-store.js';
export { callbackKeyStore, type CallbackKeyStoreOptions, type StoreKeyCallback } from './encrypt/callback-key-store.js';
export type { KeyStore, KeyToStore } from './encrypt/key-store.js';
export type { HlsEncryptionOptions } from './encrypt/hls-encryption-options.js';
export { encryptAes128Cbc, decryptAes128Cbc } from './encrypt/aes-128-cbc.js';
export { addKeysToMediaPlaylist, type PlaylistKey } from './encrypt/add-keys-to-media-playlist.js';

export { verify } from './verify/verify.js';
export type { VerifyReport, VerifyOptions, RuleResult, RuleId, RuleStatus } from './verify/verify-report.js';

export {
  PackagerError,
  isPackagerError,
  InvalidOptionError,
  InputError,
  FfmpegSetupError,
  FfmpegExitError,
  AbortedError,
  OutputError,
  type PackagerErrorCode,
} from './errors.js';
export { ffmpegCapabilities, MIN_FFMPEG_VERSION, type BinaryOptions, type FfmpegCapabilities } from './ffmpeg/locate-ffmpeg.js';
