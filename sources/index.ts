/** Sources: creation functions that emit a {@link MediaInput} for the packaging operators. */
export { fromFile, fileInput, type FromFileOptions } from './from-file.js';
export { fromUrl, urlInput, type FromUrlOptions } from './from-url.js';
export type { MediaInput } from '../lib/contracts/media-input.js';
