import type { AudioRendition, Presentation, Rendition, VideoRendition } from '../../../lib/contracts/presentation.js';

/** A video rung for writer tests; segments are irrelevant to the master and left empty. */
export function videoRung(id: string, fields: Partial<Omit<VideoRendition, 'type' | 'id'>> = {}): VideoRendition {
  return {
    type: 'video',
    id,
    codecs: 'avc1.64001f',
    playlistUri: `clip_${id}.m3u8`,
    initUri: undefined,
    segments: [],
    peakBps: 1_000_000,
    averageBps: 900_000,
    width: 1280,
    height: 720,
    frameRate: 30,
    ...fields,
  };
}

/** An audio rendition for writer tests. */
export function audioRendition(id: string, fields: Partial<Omit<AudioRendition, 'type' | 'id'>> = {}): AudioRendition {
  return {
    type: 'audio',
    id,
    codecs: 'mp4a.40.2',
    playlistUri: `clip_${id}.m3u8`,
    initUri: undefined,
    segments: [],
    peakBps: 100_000,
    averageBps: 96_000,
    channels: 2,
    sampleRateHz: 48_000,
    language: 'en',
    ...fields,
  };
}

/** A VOD presentation around the given renditions. */
export function presentationOf(renditions: readonly Rendition[], fields: Partial<Omit<Presentation, 'renditions'>> = {}): Presentation {
  return { kind: 'vod', segmentFormat: 'mpegts', renditions, maxSegmentDurationSeconds: 4, durationSeconds: 13, ...fields };
}
