import type { ProbedSegment } from './stream-facts.js';

/** Where one segment lies in the bytes given to ffprobe. */
export interface ByteSpan {
  readonly offsetBytes: number;
  readonly lengthBytes: number;
}

interface PacketJson {
  readonly type?: string;
  readonly pts_time?: string;
  readonly duration_time?: string;
  readonly flags?: string;
  readonly pos?: string;
}

interface FrameJson {
  readonly type?: string;
  readonly key_frame?: number;
  readonly pict_type?: string;
  readonly pts_time?: string;
  readonly best_effort_timestamp_time?: string;
}

/** Two timestamps closer than this are the same frame (ffprobe prints 6 decimals). */
const SAME_TIME_SECONDS = 0.0005;

/**
 * Splits ffprobe's `-show_packets` (and, for video, `-show_frames` with `-skip_frame nokey`) JSON, printed for
 * segments given back to back, into per-segment facts: each packet belongs to the segment whose byte span holds
 * its `pos`. Pure.
 *
 * A video segment starts with a key frame when its first packet is flagged `K` *and* the decoder, which was
 * told to decode key frames only, returned a key frame with that packet's time.
 *
 * @returns one entry per span, undefined where no packet of the stream lies in it.
 * @example
 * segmentProbeFacts(stdout, [{ offsetBytes: 0, lengthBytes: 90_000 }, { offsetBytes: 90_000, lengthBytes: 88_000 }], 'video');
 * // [{ startSeconds: 1.4, durationSeconds: 2, frameDurationSeconds: 0.033333, startsWithKeyFrame: true, firstPictureType: 'I' }, …]
 */
export function segmentProbeFacts(json: string, spans: readonly ByteSpan[], mediaType: 'video' | 'audio'): (ProbedSegment | undefined)[] {
  const parsed = JSON.parse(json) as { packets?: PacketJson[]; frames?: FrameJson[]; packets_and_frames?: (PacketJson & FrameJson)[] };
  const mixed = parsed.packets_and_frames ?? [];
  const packets = [...(parsed.packets ?? []), ...mixed.filter((e) => e.type === 'packet')];
  const keyFrames = [...(parsed.frames ?? []), ...mixed.filter((e) => e.type === 'frame')].filter((f) => f.key_frame === 1);
  const bySpan: PacketJson[][] = spans.map(() => []);
  for (const packet of packets) {
    const pos = Number(packet.pos);
    if (!Number.isFinite(pos)) continue;
    const index = spans.findIndex((s) => pos >= s.offsetBytes && pos < s.offsetBytes + s.lengthBytes);
    if (index !== -1) bySpan[index]?.push(packet);
  }
  return bySpan.map((list) => {
    const timed = list.filter((p) => Number.isFinite(Number(p.pts_time)));
    if (timed.length === 0) return undefined;
    // Packets before time 0 are edit-list priming (AAC encoder delay): decoded, never presented.
    const startSeconds = Math.max(0, Math.min(...timed.map((p) => Number(p.pts_time))));
    const ends = timed.map((p) => Number(p.pts_time) + (Number(p.duration_time) || 0));
    const first = [...list].sort((a, b) => Number(a.pos) - Number(b.pos))[0];
    let startsWithKeyFrame: boolean | undefined;
    let firstPictureType: string | undefined;
    if (mediaType === 'video' && first) {
      const firstTime = Number(first.pts_time);
      const frame = keyFrames.find((f) => Math.abs(Number(f.pts_time ?? f.best_effort_timestamp_time) - firstTime) < SAME_TIME_SECONDS);
      firstPictureType = frame?.pict_type;
      startsWithKeyFrame = (first.flags ?? '').includes('K') && frame !== undefined;
    }
    return {
      startSeconds,
      durationSeconds: Math.max(...ends) - startSeconds,
      frameDurationSeconds: Math.max(0, ...timed.map((p) => Number(p.duration_time) || 0)),
      startsWithKeyFrame,
      firstPictureType,
    };
  });
}
