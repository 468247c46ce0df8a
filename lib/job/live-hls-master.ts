import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AudioRendition, Presentation, Rendition, VideoRendition } from '../contracts/presentation.js';
import type { BinaryOptions } from '../ffmpeg/locate-ffmpeg.js';
import { codecsOfInitBytes } from '../manifest/codecs-of-init.js';
import { codecsOfTsBytes } from '../manifest/codecs-of-ts-segment.js';
import { encodeUriPath } from '../manifest/encode-uri-path.js';
import { parseMediaPlaylist } from '../manifest/parse-media-playlist.js';
import { probeSegmentBytes } from '../manifest/probe-segment.js';
import { segmentFactsOfBytes } from '../manifest/segment-facts-of-bytes.js';
import { writeFileAtomic } from '../manifest/write-file-atomic.js';
import { writeHlsMaster } from '../manifest/write-hls-master.js';
import type { EncodingPlan } from '../plan/encoding-plan.js';
import { hlsFileNames } from '../plan/hls-args.js';
import { LivePoller } from './live-poller.js';
import { pathExists } from '../fs/path-exists.js';

/**
 * Container overhead over the encoder's bitrate (MPEG-TS packet headers, PES, PAT/PMT; fMP4 boxes), used for the
 * live master's nominal BANDWIDTH before enough segments exist to measure it.
 */
export const LIVE_CONTAINER_OVERHEAD = 1.1;

/** What {@link LiveHlsMasterWriter} needs. */
export interface LiveHlsMasterOptions {
  readonly plan: EncodingPlan;
  readonly segmentType: 'mpegts' | 'fmp4';
  /** Where ffmpeg writes the clear playlists and segments (the output directory, or an encryption stage's staging). */
  readonly clearDir: string;
  /** The master to write (the user's `output`). */
  readonly masterPath: string;
  readonly streamInfo: Readonly<Record<string, readonly string[]>>;
  readonly binaries: BinaryOptions;
  /** Poll interval. @default 500 */
  readonly pollIntervalMs?: number;
}

/**
 * Writes a live job's master playlist as soon as every rendition has its first segment and its public media
 * playlist exists, so players can start while the job runs: CODECS from the bitstream of each rendition's latest
 * segment, RESOLUTION and FRAME-RATE from ffprobe, BANDWIDTH from the VBV peak (`maxrate`) plus audio, with
 * {@link LIVE_CONTAINER_OVERHEAD}, or the measured segment bitrate when that is higher. Written once; the job
 * rewrites it from the final segments when it ends. Failures are retried at the next poll, never thrown.
 */
export class LiveHlsMasterWriter {
  private readonly poller: LivePoller;
  private readonly measured = new Map<string, Rendition>();
  private isWritten = false;

  constructor(private readonly options: LiveHlsMasterOptions) {
    this.poller = new LivePoller(() => this.poll(), options.pollIntervalMs ?? 500);
  }

  /** Starts polling. */
  start(): void {
    this.poller.start();
  }

  /** Stops polling and waits for a write in progress, so nothing is written after it resolves. */
  stop(): Promise<void> {
    return this.poller.stop();
  }

  /** True once the master was written. */
  get written(): boolean {
    return this.isWritten;
  }

  private async poll(): Promise<boolean> {
    const { plan, segmentType, clearDir } = this.options;
    const names = hlsFileNames(plan, { segmentType });
    const renditions = [...plan.rungs.map((r) => ({ id: r.name, rung: r })), ...(plan.audio ? [{ id: 'audio', rung: null }] : [])];
    for (const { id, rung } of renditions) {
      if (this.measured.has(id)) continue;
      const rendition = await this.measure(id, rung, join(clearDir, names.mediaPlaylist(id))).catch(() => null);
      if (rendition === null) return false;
      this.measured.set(id, rendition);
    }
    // The master must not name a playlist that does not exist yet (encrypted jobs publish theirs after the first key).
    for (const { id } of renditions) if (!(await pathExists(join(plan.outDir, names.mediaPlaylist(id))))) return false;
    const presentation: Presentation = {
      kind: 'live',
      segmentFormat: segmentType,
      renditions: renditions.map(({ id }) => this.measured.get(id) as Rendition),
      maxSegmentDurationSeconds: plan.segmentDurationSeconds,
      durationSeconds: 0,
    };
    await writeFileAtomic(this.options.masterPath, writeHlsMaster(presentation, { extraStreamInfAttributes: this.options.streamInfo }));
    this.isWritten = true;
    return true;
  }

  /** Null while the rendition has no segment yet. */
  private async measure(id: string, rung: EncodingPlan['rungs'][number] | null, playlistPath: string): Promise<Rendition | null> {
    const { plan, segmentType, binaries } = this.options;
    const playlist = parseMediaPlaylist(await readFile(playlistPath, 'utf8'));
    const segment = playlist.segments.at(-1);
    if (!segment) return null;
    const segmentBytes = await readFile(join(this.options.clearDir, decodeURIComponent(segment.uri)));
    const initBytes = segment.map ? await readFile(join(this.options.clearDir, decodeURIComponent(segment.map.uri))) : null;
    const codecs = initBytes ? codecsOfInitBytes(initBytes) : codecsOfTsBytes(segmentBytes);
    const probeInput = initBytes ? Buffer.concat([initBytes, segmentBytes]) : segmentBytes;
    // In-process when the bytes tell (H.264/HEVC/VP9/AV1, AAC/Opus), as for VOD; ffprobe otherwise.
    const facts = segmentFactsOfBytes(probeInput, initBytes ? 'fmp4' : 'mpegts') ?? (await probeSegmentBytes(probeInput, `the first segment of "${playlistPath}"`, binaries));
    const measuredBps = segment.durationSeconds > 0 ? (segmentBytes.length * 8) / segment.durationSeconds : 0;
    const base = {
      id,
      playlistUri: encodeUriPath(hlsFileNames(plan, { segmentType }).mediaPlaylist(id)),
      initUri: segment.map ? encodeUriPath(segment.map.uri) : undefined,
      segments: [],
    };
    if (rung) {
      if (codecs.video === undefined || !facts.video) return null;
      const video: VideoRendition = {
        ...base,
        type: 'video',
        codecs: codecs.video,
        width: facts.video.width,
        height: facts.video.height,
        frameRate: facts.video.frameRate,
        peakBps: Math.max(rung.maxrateBps * LIVE_CONTAINER_OVERHEAD, measuredBps),
        averageBps: rung.videoBitrateBps * LIVE_CONTAINER_OVERHEAD,
      };
      return video;
    }
    if (codecs.audio === undefined || !facts.audio || !plan.audio) return null;
    const audio: AudioRendition = {
      ...base,
      type: 'audio',
      codecs: codecs.audio,
      channels: facts.audio.channels,
      sampleRateHz: facts.audio.sampleRateHz,
      language: facts.audio.language,
      peakBps: Math.max(plan.audio.bitrateBps * LIVE_CONTAINER_OVERHEAD, measuredBps),
      averageBps: plan.audio.bitrateBps * LIVE_CONTAINER_OVERHEAD,
    };
    return audio;
  }
}

