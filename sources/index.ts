/**
 * Sources: creation functions that emit a {@link MediaInput} for the packaging operators.
 *
 * Cloud objects need optional peer dependencies and live in their own modules, so importing this one never loads a
 * cloud SDK: `sources/from-s3-object.js` (`@aws-sdk/client-s3`, optionally `@aws-sdk/s3-request-presigner`),
 * `sources/from-gcs-object.js` (`@google-cloud/storage`) and `sources/from-azure-blob.js` (`@azure/storage-blob`).
 */
export { fromFile, fileInput, type FromFileOptions } from './from-file.js';
export { fromUrl, urlInput, type FromUrlOptions } from './from-url.js';
export { fromCapture, captureInput, type FromCaptureOptions } from './from-capture.js';
export { supportedCaptureKinds, type CaptureKind } from './capture-args.js';
export { describeCaptureDevices, listCaptureDevices, type CaptureDeviceList, type ListCaptureDevicesOptions } from './list-capture-devices.js';
export type { CaptureDevice } from './parse-device-list.js';
export type { MediaInput, MediaInputPart, OpenedMediaInput } from '../lib/contracts/media-input.js';
