import { Observable, type Subscription } from 'rxjs';
import type { MediaInput, OpenedMediaInput } from '../contracts/media-input.js';
import { AbortedError, isPackagerError, InputError } from '../errors.js';
import { redactUrl } from '../probe/redact-url.js';

/**
 * Opens an input for one job: runs its `open()` (sign a URL, download a cloud object to a temporary file, check a
 * capture device) or, for inputs without one, hands back `uri` and `inputOptions` as they are.
 *
 * Use it in a job before probing, and call `release()` when the job ends, however it ends (or use
 * {@link withOpenedInput}, which does that). The returned `release` is idempotent and never rejects. Rejects with
 * the opener's `InputError`, or `ABORTED` when `signal` is aborted; nothing is left behind when it rejects.
 *
 * @example
 * const opened = await openMediaInput(input, signal);
 * try { await probe(opened.uri, { inputOptions: probeInputOptions(opened.inputOptions) }); } finally { await opened.release(); }
 */
export async function openMediaInput(input: MediaInput, signal?: AbortSignal): Promise<OpenedMediaInput> {
  if (isAborted(signal)) throw new AbortedError(`Opening "${redactUrl(input.uri)}" was aborted.`, { cause: signal?.reason });
  if (input.open === undefined) return { uri: input.uri, inputOptions: input.inputOptions, release: () => Promise.resolve() };
  let opened: OpenedMediaInput;
  try {
    opened = await input.open(signal ?? new AbortController().signal);
  } catch (error) {
    if (isAborted(signal)) throw new AbortedError(`Opening "${redactUrl(input.uri)}" was aborted.`, { cause: signal?.reason });
    if (isPackagerError(error)) throw error;
    // An opener must throw PackagerErrors; anything else is wrapped so callers can rely on `code`.
    const shown = redactUrl(input.uri);
    throw new InputError('INPUT_UNREADABLE', shown, `"${shown}" could not be opened: ${error instanceof Error ? error.message : String(error)}.`, { cause: error });
  }
  let releasing: Promise<void> | undefined;
  return {
    uri: opened.uri,
    inputOptions: opened.inputOptions,
    release: () => (releasing ??= Promise.resolve().then(() => opened.release()).catch(() => undefined)),
  };
}

/** A function, not an inline test: TypeScript would keep `aborted` narrowed to false across the await. */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/**
 * Runs `use` on the opened form of `input` (the same {@link MediaInput}, with the `uri` and `inputOptions` ffmpeg
 * must read, and no opener) and releases it when the job ends: before the completion or error is passed on, and
 * also when the subscriber unsubscribes (even while the input is still being opened).
 *
 * Use it around the body of a job, so a temporary download lives exactly as long as the job that reads it.
 * Cold: each subscription opens the input once.
 *
 * @example
 * withOpenedInput(input, options.signal, (readable) => defer(() => from(prepareJob(readable, options))).pipe(...))
 */
export function withOpenedInput<T>(input: MediaInput, signal: AbortSignal | undefined, use: (readable: MediaInput) => Observable<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal?.reason);
    if (signal?.aborted === true) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    let opened: OpenedMediaInput | undefined;
    let isClosed = false;
    let inner: Subscription | undefined;

    openMediaInput(input, controller.signal).then(
      (ready) => {
        if (isClosed) {
          void ready.release();
          return;
        }
        opened = ready;
        const { open: _open, ...rest } = input;
        const readable: MediaInput = { ...rest, uri: ready.uri, inputOptions: ready.inputOptions };
        let source: Observable<T>;
        try {
          source = use(readable);
        } catch (error) {
          void ready.release().then(() => subscriber.error(error));
          return;
        }
        inner = source.subscribe({
          next: (value) => subscriber.next(value),
          // Release first, so a caller that sees `done` or the error also sees the temporary file gone.
          error: (error: unknown) => void ready.release().then(() => subscriber.error(error)),
          complete: () => void ready.release().then(() => subscriber.complete()),
        });
      },
      (error: unknown) => subscriber.error(error),
    );

    return () => {
      isClosed = true;
      signal?.removeEventListener('abort', onAbort);
      controller.abort();
      inner?.unsubscribe();
      if (opened) void opened.release();
    };
  });
}

/** ffmpeg-only per-input options (fftools, not AVOptions) that take a value: ffprobe refuses them. */
const FFMPEG_ONLY_WITH_VALUE = new Set([
  'ss', 'sseof', 't', 'to', 'itsoffset', 'itsscale', 'isync', 'readrate', 'stream_loop', 'thread_queue_size', 'seek_timestamp', 'reinit_filter',
  'discard', 'dump_attachment', 'hwaccel', 'hwaccel_device', 'hwaccel_output_format', 'guess_layout_max', 'canvas_size',
  'c', 'codec', 'vcodec', 'acodec', 'scodec', 'dcodec',
]);
/** ffmpeg-only per-input flags (no value). */
const FFMPEG_ONLY_FLAGS = new Set(['re', 'accurate_seek', 'noaccurate_seek', 'autorotate', 'noautorotate', 'fix_sub_duration', 'nofix_sub_duration']);
/** ffmpeg's short input forms and the AVOptions ffprobe knows them by (raw video, devices). */
const PROBE_SPELLING: Readonly<Record<string, string>> = { s: '-video_size', pix_fmt: '-pixel_format', r: '-framerate' };

/**
 * Pure: the part of ffmpeg input options that ffprobe understands, for probing the same input ffmpeg will read.
 *
 * ffprobe accepts every AVOption (`-f`, `-rtsp_transport`, `-headers`, `-video_size`…) but none of ffmpeg's own
 * per-input options, and fails on them ("Option not found"): `-thread_queue_size`, `-ss`, `-t`, `-re`,
 * `-stream_loop`, `-c:v`… are dropped; `-s`, `-pix_fmt` and `-r` become `-video_size`, `-pixel_format`, `-framerate`.
 *
 * @example
 * probeInputOptions(['-thread_queue_size', '512', '-f', 'x11grab', '-s', '320x240', '-ss', '5']);
 * // → ['-f', 'x11grab', '-video_size', '320x240']
 */
export function probeInputOptions(inputOptions: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < inputOptions.length; i += 1) {
    const arg = inputOptions[i] ?? '';
    const name = arg.startsWith('-') ? (arg.slice(1).split(':')[0] ?? '') : '';
    if (FFMPEG_ONLY_FLAGS.has(name)) continue;
    if (FFMPEG_ONLY_WITH_VALUE.has(name)) {
      i += 1;
      continue;
    }
    const spelling = PROBE_SPELLING[name];
    out.push(spelling ?? arg);
  }
  return out;
}
