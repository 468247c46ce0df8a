import { XMLParser } from 'fast-xml-parser';
import { PackagerError } from '../errors.js';
import { parseIsoDurationSeconds } from './iso8601-duration.js';
import type { Mpd, MpdAdaptationSet, MpdPeriod, MpdRepresentation } from './mpd.js';
import { mpdSegments } from './mpd-segments.js';
import type { SegmentAddressing, TimelineEntry } from './mpd-segments.js';

type XmlNode = Readonly<Record<string, unknown>>;

const ARRAY_TAGS = new Set(['Period', 'AdaptationSet', 'Representation', 'S', 'SegmentURL', 'BaseURL', 'AudioChannelConfiguration']);

/**
 * Reads an MPD into plain data and lists every segment of every Representation, expanding
 * SegmentTemplate (SegmentTimeline or `@duration`) and SegmentList addressing. Pure; tolerant of
 * anything it does not need.
 *
 * Use it to measure what ffmpeg's dash muxer wrote. Rejects with `UNSUPPORTED` for SegmentBase
 * (single-file, sidx-indexed) Representations and open-ended live timelines.
 *
 * @example
 * const mpd = readMpd(xml);
 * mpd.periods[0]?.adaptationSets[0]?.representations[0]?.segments[0]?.uri; // 'clip_chunk_0_00001.m4s'
 */
export function readMpd(xml: string): Mpd {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name) => ARRAY_TAGS.has(name),
  });
  let root: XmlNode;
  try {
    root = parser.parse(xml) as XmlNode;
  } catch (cause) {
    throw new PackagerError('VERIFY_INPUT_INVALID', 'The MPD is not well-formed XML; check the file was fully written.', { cause });
  }
  const mpd = node(root['MPD']);
  if (!mpd) throw new PackagerError('VERIFY_INPUT_INVALID', 'The document has no <MPD> root element, so it is not a DASH manifest.');
  const type = attr(mpd, 'type') === 'dynamic' ? 'dynamic' : 'static';
  const mediaPresentationDurationSeconds = duration(attr(mpd, 'mediaPresentationDuration'));
  const periodNodes = children(mpd, 'Period');
  const periods: MpdPeriod[] = [];
  let previousEndSeconds = 0;
  periodNodes.forEach((periodNode, index) => {
    const startSeconds = duration(attr(periodNode, 'start')) ?? previousEndSeconds;
    const nextStart = duration(attr(periodNodes[index + 1] ?? {}, 'start'));
    const durationSeconds =
      duration(attr(periodNode, 'duration')) ??
      (nextStart !== undefined ? nextStart - startSeconds : mediaPresentationDurationSeconds !== undefined && index === periodNodes.length - 1 ? mediaPresentationDurationSeconds - startSeconds : undefined);
    previousEndSeconds = startSeconds + (durationSeconds ?? 0);
    const baseUrl = joinBase(baseOf(mpd), baseOf(periodNode));
    const adaptationSets = children(periodNode, 'AdaptationSet').map((set) => readAdaptationSet(set, [periodNode], { baseUrl, startSeconds, durationSeconds }));
    periods.push({ id: attr(periodNode, 'id'), startSeconds, durationSeconds, adaptationSets });
  });
  return {
    type,
    mediaPresentationDurationSeconds,
    maxSegmentDurationSeconds: duration(attr(mpd, 'maxSegmentDuration')),
    minBufferTimeSeconds: duration(attr(mpd, 'minBufferTime')),
    periods,
  };
}

interface PeriodContext {
  readonly baseUrl: string;
  readonly startSeconds: number;
  readonly durationSeconds: number | undefined;
}

function readAdaptationSet(set: XmlNode, ancestors: readonly XmlNode[], period: PeriodContext): MpdAdaptationSet {
  const mimeType = attr(set, 'mimeType');
  const baseUrl = joinBase(period.baseUrl, baseOf(set));
  const representations = children(set, 'Representation').map((rep) => readRepresentation(rep, [...ancestors, set], { ...period, baseUrl }));
  const firstMime = mimeType ?? representations[0]?.mimeType;
  return {
    id: attr(set, 'id'),
    contentType: attr(set, 'contentType') ?? firstMime?.split('/')[0],
    mimeType,
    language: attr(set, 'lang'),
    representations,
  };
}

function readRepresentation(rep: XmlNode, ancestors: readonly XmlNode[], period: PeriodContext): MpdRepresentation {
  const set = ancestors.at(-1) ?? {};
  const inherited = (name: string): string | undefined => attr(rep, name) ?? attr(set, name);
  const id = attr(rep, 'id');
  if (id === undefined) throw new PackagerError('VERIFY_INPUT_INVALID', 'The MPD has a Representation without an @id; every Representation needs one.');
  const bandwidthBps = Number(attr(rep, 'bandwidth') ?? 0);
  const channelConfig = children(rep, 'AudioChannelConfiguration')[0] ?? children(set, 'AudioChannelConfiguration')[0];
  const channelValue = channelConfig ? attr(channelConfig, 'value') : undefined;
  const addressing = addressingOf([...ancestors, rep], id);
  const { initUri, segments } = mpdSegments(addressing, {
    representationId: id,
    bandwidthBps,
    baseUrl: joinBase(period.baseUrl, baseOf(rep)),
    periodStartSeconds: period.startSeconds,
    periodDurationSeconds: period.durationSeconds,
  });
  return {
    id,
    bandwidthBps,
    codecs: inherited('codecs'),
    mimeType: inherited('mimeType'),
    width: numberOf(inherited('width')),
    height: numberOf(inherited('height')),
    frameRate: frameRateOf(inherited('frameRate')),
    audioSamplingRateHz: numberOf(inherited('audioSamplingRate')),
    channels: channelValue !== undefined && /^\d+$/u.test(channelValue) ? Number(channelValue) : undefined,
    initUri,
    segments,
    hasFixedDuration: addressing.timeline === undefined,
  };
}

/** Merges SegmentTemplate/SegmentList from the outermost to the innermost element (inner attributes win). */
function addressingOf(chain: readonly XmlNode[], id: string): SegmentAddressing {
  if (chain.some((n) => n['SegmentBase'] !== undefined) && !chain.some((n) => n['SegmentTemplate'] !== undefined || n['SegmentList'] !== undefined)) {
    throw new PackagerError('UNSUPPORTED', `Representation "${id}" uses SegmentBase (one file indexed by a sidx box); the library measures SegmentTemplate and SegmentList packages only. Package without ffmpeg's \`-single_file 1\`.`);
  }
  const kind = chain.some((n) => n['SegmentList'] !== undefined) ? 'list' : 'template';
  const element = kind === 'list' ? 'SegmentList' : 'SegmentTemplate';
  const attributes: Record<string, string> = {};
  let timeline: TimelineEntry[] | undefined;
  let initialization: string | undefined;
  let segmentUrls: { media: string; mediaRange: string | undefined }[] = [];
  for (const holder of chain) {
    const info = node(holder[element]);
    if (!info) continue;
    for (const [key, value] of Object.entries(info)) if (key.startsWith('@_') && typeof value === 'string') attributes[key.slice(2)] = value;
    const timelineNode = node(info['SegmentTimeline']);
    if (timelineNode) timeline = children(timelineNode, 'S').map((s) => ({ t: numberOf(attr(s, 't')), d: Number(attr(s, 'd') ?? 0), r: Number(attr(s, 'r') ?? 0) }));
    const init = node(info['Initialization']);
    if (init) initialization = attr(init, 'sourceURL');
    const urls = children(info, 'SegmentURL');
    if (urls.length > 0) segmentUrls = urls.map((u) => ({ media: attr(u, 'media') ?? '', mediaRange: attr(u, 'mediaRange') }));
  }
  if (kind === 'list') return { kind, attributes, timeline, initialization, segmentUrls };
  if (Object.keys(attributes).length === 0) {
    throw new PackagerError('VERIFY_INPUT_INVALID', `Representation "${id}" has no SegmentTemplate or SegmentList, so its segments cannot be listed.`);
  }
  return { kind, attributes, timeline };
}

function node(value: unknown): XmlNode | undefined {
  if (Array.isArray(value)) return node(value[0]);
  if (typeof value === 'string') return { '#text': value };
  return typeof value === 'object' && value !== null ? (value as XmlNode) : undefined;
}

function children(parent: XmlNode, name: string): XmlNode[] {
  const value = parent[name];
  const list: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((v) => node(v) ?? {});
}

function attr(element: XmlNode, name: string): string | undefined {
  const value = element[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

function baseOf(element: XmlNode): string {
  const first = children(element, 'BaseURL')[0];
  const text = first?.['#text'];
  return typeof text === 'string' ? text.trim() : '';
}

/** Resolves a BaseURL against its parent's: absolute ones replace, relative ones append to the parent's directory. */
function joinBase(parent: string, child: string): string {
  if (child === '') return parent;
  if (/^[a-z][a-z0-9+.-]*:/iu.test(child) || child.startsWith('/')) return child;
  return parent.slice(0, parent.lastIndexOf('/') + 1) + child;
}

function duration(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseIsoDurationSeconds(text);
}

function numberOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function frameRateOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const [num, den] = text.split('/').map(Number);
  if (num === undefined || !Number.isFinite(num)) return undefined;
  return den === undefined ? num : den > 0 ? num / den : undefined;
}
