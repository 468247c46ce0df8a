/**
 * Every error this library throws or emits is a {@link PackagerError} with a string `code`.
 *
 * Branch on `code`, not on the message: messages are for people and say what went wrong and what to do.
 * Never put a secret (key bytes, credentials, signed URLs) in a message: see `redact-argv.ts`.
 */
export type PackagerErrorCode =
  | 'FFMPEG_NOT_FOUND'
  | 'FFMPEG_TOO_OLD'
  | 'ENCODER_MISSING'
  | 'FFMPEG_FAILED'
  | 'FFMPEG_SPAWN_FAILED'
  | 'PROBE_FAILED'
  | 'INPUT_NOT_FOUND'
  | 'INPUT_EMPTY'
  | 'INPUT_UNREADABLE'
  | 'INPUT_FORBIDDEN'
  | 'NO_VIDEO_STREAM'
  | 'NO_MEDIA_STREAMS'
  | 'INVALID_OPTION'
  | 'UNKNOWN_CODEC'
  | 'INVALID_REPRESENTATION'
  | 'OUTPUT_NOT_WRITABLE'
  | 'OUTPUT_INCOMPLETE'
  | 'ABORTED'
  | 'VERIFY_INPUT_INVALID'
  | 'SINK_WRITE_FAILED'
  | 'UNSUPPORTED';

const BRAND = Symbol.for('ffmpeg-streaming.PackagerError');

/** Base class of every error of this library. `code` says what kind of failure it is. */
export class PackagerError extends Error {
  override name = 'PackagerError';
  readonly [BRAND] = true;
  /** Machine-readable kind of failure. */
  readonly code: PackagerErrorCode;
  constructor(code: PackagerErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** True for any error made by this library, even across duplicate installs of the package. */
export function isPackagerError(error: unknown): error is PackagerError {
  return typeof error === 'object' && error !== null && BRAND in error;
}

/** An option has a value the library cannot use. Thrown before ffmpeg starts. */
export class InvalidOptionError extends PackagerError {
  override name = 'InvalidOptionError';
  /** The option's name as the user wrote it, e.g. `segmentDurationSeconds` or `--rep`. */
  readonly option: string;
  constructor(option: string, expected: string, received: unknown, hint?: string) {
    super(
      'INVALID_OPTION',
      `Expected the \`${option}\` option to be ${expected}, got ${describeValue(received)}.${hint ? ` ${hint}` : ''}`,
    );
    this.option = option;
  }
}

/** The input cannot be used: missing, empty, not media, or lacking a stream the job needs. */
export class InputError extends PackagerError {
  override name = 'InputError';
  /** The input path or URL (credentials redacted). */
  readonly input: string;
  constructor(
    code: Extract<PackagerErrorCode, 'INPUT_NOT_FOUND' | 'INPUT_EMPTY' | 'INPUT_UNREADABLE' | 'INPUT_FORBIDDEN' | 'NO_VIDEO_STREAM' | 'NO_MEDIA_STREAMS' | 'PROBE_FAILED'>,
    input: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(code, message, options);
    this.input = input;
  }
}

/** ffmpeg or ffprobe could not be found, is too old, or lacks an encoder the job needs. */
export class FfmpegSetupError extends PackagerError {
  override name = 'FfmpegSetupError';
  constructor(code: Extract<PackagerErrorCode, 'FFMPEG_NOT_FOUND' | 'FFMPEG_TOO_OLD' | 'ENCODER_MISSING' | 'FFMPEG_SPAWN_FAILED'>, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}

/** ffmpeg ran and failed. Carries the exit code, the (redacted) argv and the last stderr lines. */
export class FfmpegExitError extends PackagerError {
  override name = 'FfmpegExitError';
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** The argv ffmpeg was started with, secrets redacted. */
  readonly argv: readonly string[];
  /** The last lines ffmpeg printed on stderr. */
  readonly stderrTail: readonly string[];
  constructor(fields: { exitCode: number | null; signal: string | null; argv: readonly string[]; stderrTail: readonly string[]; hint?: string }) {
    const how = fields.signal ? `was killed with ${fields.signal}` : `exited with code ${String(fields.exitCode)}`;
    const lines = [`ffmpeg ${how}.`];
    if (fields.hint) lines.push(fields.hint);
    if (fields.stderrTail.length > 0) lines.push('Last ffmpeg output:', ...fields.stderrTail.map((l) => `  ${l}`));
    lines.push(`Command: ${fields.argv.map(quoteForDisplay).join(' ')}`);
    super('FFMPEG_FAILED', lines.join('\n'));
    this.exitCode = fields.exitCode;
    this.signal = fields.signal;
    this.argv = fields.argv;
    this.stderrTail = fields.stderrTail;
  }
}

/** The job was stopped by its AbortSignal or by unsubscribing. */
export class AbortedError extends PackagerError {
  override name = 'AbortedError';
  constructor(message = 'The job was aborted; ffmpeg was stopped and no manifest was written.', options?: ErrorOptions) {
    super('ABORTED', message, options);
  }
}

/** The output location cannot be written. */
export class OutputError extends PackagerError {
  override name = 'OutputError';
  readonly path: string;
  constructor(code: Extract<PackagerErrorCode, 'OUTPUT_NOT_WRITABLE' | 'OUTPUT_INCOMPLETE'>, path: string, message: string, options?: ErrorOptions) {
    super(code, message, options);
    this.path = path;
  }
}

/** Shell-like quoting for showing an argv to a person. Never executed: ffmpeg always gets an argv array. */
export function quoteForDisplay(arg: string): string {
  return /^[\w@%+=:,./-]+$/u.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}
