/**
 * The raw JSON `ffprobe -print_format json -show_format -show_streams` prints, as far as this library reads it.
 *
 * Every field is optional because ffprobe omits what it does not know; anything not listed is still there
 * (index signature). ffprobe prints many numbers as strings (`"bit_rate": "612920"`): parse, don't trust.
 */
export interface FfprobeStreamJson {
  readonly index?: number;
  readonly codec_name?: string;
  readonly codec_type?: string;
  readonly profile?: string;
  readonly width?: number;
  readonly height?: number;
  readonly coded_width?: number;
  readonly coded_height?: number;
  readonly sample_aspect_ratio?: string;
  readonly display_aspect_ratio?: string;
  readonly pix_fmt?: string;
  readonly r_frame_rate?: string;
  readonly avg_frame_rate?: string;
  readonly bit_rate?: string;
  readonly bits_per_raw_sample?: string;
  readonly duration?: string;
  readonly channels?: number;
  readonly channel_layout?: string;
  readonly sample_rate?: string;
  readonly disposition?: Readonly<Record<string, number>>;
  readonly tags?: Readonly<Record<string, string>>;
  readonly side_data_list?: readonly Readonly<Record<string, unknown>>[];
  readonly [key: string]: unknown;
}

/** The `format` object of ffprobe's JSON. */
export interface FfprobeFormatJson {
  readonly filename?: string;
  readonly nb_streams?: number;
  readonly format_name?: string;
  readonly format_long_name?: string;
  readonly duration?: string;
  readonly size?: string;
  readonly bit_rate?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

/** The whole of ffprobe's JSON answer. */
export interface FfprobeJson {
  readonly streams?: readonly FfprobeStreamJson[];
  readonly format?: FfprobeFormatJson;
  readonly [key: string]: unknown;
}

/**
 * Checks that a parsed value has the shape of ffprobe's answer (an object whose `streams`, if present, is an
 * array of objects and whose `format`, if present, is an object). Field types are checked later, one by one.
 */
export function isFfprobeJson(value: unknown): value is FfprobeJson {
  if (!isObject(value)) return false;
  const { streams, format } = value as { streams?: unknown; format?: unknown };
  if (streams !== undefined && !(Array.isArray(streams) && streams.every(isObject))) return false;
  return format === undefined || isObject(format);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
