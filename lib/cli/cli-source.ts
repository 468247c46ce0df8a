import { InvalidOptionError } from '../errors.js';
import { isUrlInput } from '../probe/is-url-input.js';

/**
 * The `<input>` of an `ffstream hls|dash|convert` command line, with the flags that say how to read it. Pure data;
 * `sourceFromCli` turns it into a `MediaInput`.
 */
export type CliSource =
  | { readonly kind: 'file'; readonly path: string; /** `--loop`: a live source playing the file forever. */ readonly loop: boolean }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly key: string; /** `--s3-endpoint`. */ readonly endpoint?: string }
  | { readonly kind: 'gcs'; readonly bucket: string; readonly name: string; /** `--gcs-endpoint`. */ readonly endpoint?: string }
  | { readonly kind: 'azure'; readonly container: string; readonly blob: string }
  | {
      readonly kind: 'capture';
      /** `--capture camera|screen`. */
      readonly captureKind: 'camera' | 'screen';
      /** The `<input>`: `/dev/video0`, `:0.0`, an avfoundation index, a dshow name… */
      readonly device: string;
      /** `--audio-device`. */
      readonly audioDevice?: string;
      /** `--size WxH`. */
      readonly size?: string;
      /** `--frame-rate N`. */
      readonly frameRate?: number;
    };

/** The raw flag values {@link sourceOf} reads. */
export interface SourceFlags {
  readonly capture?: string | undefined;
  readonly 'audio-device'?: string | undefined;
  readonly size?: string | undefined;
  readonly 'frame-rate'?: string | undefined;
  readonly loop?: boolean | undefined;
  readonly 's3-endpoint'?: string | undefined;
  readonly 'gcs-endpoint'?: string | undefined;
}

const CLOUD_SCHEMES: Readonly<Record<string, { readonly kind: 's3' | 'gcs' | 'azure'; readonly bucket: string; readonly object: string }>> = {
  s3: { kind: 's3', bucket: 'bucket', object: 'key' },
  gs: { kind: 'gcs', bucket: 'bucket', object: 'object name' },
  az: { kind: 'azure', bucket: 'container', object: 'blob name' },
};

/**
 * Pure: what `<input>` names, given the flags: a capture device with `--capture`, a cloud object for `s3://bucket/key`,
 * `gs://bucket/name` and `az://container/blob`, another URL, or a local path (`--loop` plays it forever).
 * Throws `INVALID_OPTION` naming the flag for a combination that cannot work.
 *
 * @example
 * sourceOf('s3://media/talks/42.mp4', {}); // { kind: 's3', bucket: 'media', key: 'talks/42.mp4' }
 * sourceOf(':0.0', { capture: 'screen', size: '1280x720' }); // { kind: 'capture', captureKind: 'screen', device: ':0.0', size: '1280x720' }
 */
export function sourceOf(input: string, flags: SourceFlags): CliSource {
  const capture = flags.capture;
  const captureOnly = (['audio-device', 'size', 'frame-rate'] as const).find((f) => flags[f] !== undefined);
  if (capture === undefined && captureOnly !== undefined) {
    throw new InvalidOptionError(`--${captureOnly}`, 'used with --capture camera|screen', flags[captureOnly]);
  }
  if (capture !== undefined) {
    if (capture !== 'camera' && capture !== 'screen') throw new InvalidOptionError('--capture', '"camera" or "screen"', capture, 'The <input> is then the device: see `ffstream devices`.');
    if (flags.loop) throw new InvalidOptionError('--loop', 'used with a local file, not with --capture', true);
    return {
      kind: 'capture',
      captureKind: capture,
      device: input,
      ...(flags['audio-device'] !== undefined ? { audioDevice: flags['audio-device'] } : {}),
      ...(flags.size !== undefined ? { size: sizeOf(flags.size) } : {}),
      ...(flags['frame-rate'] !== undefined ? { frameRate: frameRateOf(flags['frame-rate']) } : {}),
    };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//iu.exec(input)?.[1]?.toLowerCase();
  const cloud = scheme === undefined ? undefined : CLOUD_SCHEMES[scheme];
  if (flags.loop && (cloud !== undefined || isUrlInput(input))) {
    throw new InvalidOptionError('--loop', 'used with a local file', input.replace(/\?.*$/su, ''), 'Download the file first, or package the stream as it comes.');
  }
  if (cloud !== undefined) return cloudSource(input, scheme ?? '', cloud, flags);
  if (isUrlInput(input)) return { kind: 'url', url: input };
  return { kind: 'file', path: input, loop: flags.loop ?? false };
}

function cloudSource(input: string, scheme: string, cloud: (typeof CLOUD_SCHEMES)[string], flags: SourceFlags): CliSource {
  const rest = input.slice(scheme.length + 3);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const object = slash < 0 ? '' : rest.slice(slash + 1);
  if (bucket === '' || object === '' || /[\s@?#]/u.test(bucket)) {
    throw new InvalidOptionError('<input>', `${scheme}://${cloud.bucket}/${cloud.object.replace(/ /gu, '-')}, e.g. ${scheme}://media/talks/42.mp4`, input.replace(/\?.*$/su, ''));
  }
  switch (cloud.kind) {
    case 's3':
      return { kind: 's3', bucket, key: object, ...(flags['s3-endpoint'] !== undefined ? { endpoint: flags['s3-endpoint'] } : {}) };
    case 'gcs':
      return { kind: 'gcs', bucket, name: object, ...(flags['gcs-endpoint'] !== undefined ? { endpoint: flags['gcs-endpoint'] } : {}) };
    case 'azure':
      return { kind: 'azure', container: bucket, blob: object };
  }
}

function sizeOf(text: string): string {
  if (!/^[1-9]\d*x[1-9]\d*$/u.test(text)) throw new InvalidOptionError('--size', 'WIDTHxHEIGHT in pixels, e.g. 1280x720', text);
  return text;
}

function frameRateOf(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || value > 1000) throw new InvalidOptionError('--frame-rate', 'frames per second, e.g. 30 or 29.97', text);
  return value;
}
