import type { MediaPlaylist } from '../manifest/parse-media-playlist.js';
import { parseMediaPlaylist } from '../manifest/parse-media-playlist.js';
import { gatherStreamFacts } from './gather-stream-facts.js';
import { hlsSyntaxRule, independentSegmentsRule, playlistTypeRule, sharedTargetDurationRule, targetDurationRule } from './hls-playlist-rules.js';
import { hlsVariantRules } from './hls-variant-rules.js';
import { isHlsMasterPlaylist, readHlsMaster } from './read-hls-master.js';
import { ruleResult } from './rule-result.js';
import { keyframeStartRule, rungStarts, sameDurationRule, segmentDurationRule, segmentsAlignedRule, segmentsPresentRule } from './segment-rules.js';
import { listedDurationSeconds } from './stream-facts.js';
import type { ListedMediaSegment, StreamFacts } from './stream-facts.js';
import type { VerifyContext } from './verify-context.js';
import type { RuleResult } from './verify-report.js';

/** A media playlist of the package: read, parsed and its segments examined, or why it could not be. */
type LoadedPlaylist =
  | { readonly isLoaded: false; readonly subject: string; readonly reason: string }
  | { readonly isLoaded: true; readonly subject: string; readonly text: string; readonly playlist: MediaPlaylist; readonly facts: StreamFacts }
  | { readonly isLoaded: true; readonly subject: string; readonly text: string; readonly playlist: undefined; readonly reason: string };

/**
 * Verifies an HLS package from its entry playlist: a master with its variants and audio renditions, or a
 * single media playlist. Returns every rule checked, grouped by subject in playlist order.
 */
export async function verifyHls(entry: { readonly location: string; readonly text: string }, context: VerifyContext): Promise<RuleResult[]> {
  const name = context.store.displayName(entry.location, context.target);
  if (!isHlsMasterPlaylist(entry.text)) {
    const loaded = await examine(name, Promise.resolve({ isOk: true as const, value: { location: entry.location, path: entry.location, text: entry.text } }), context);
    return playlistRules(loaded).filter((r): r is RuleResult => r !== undefined);
  }
  const master = readHlsMaster(entry.text);
  const playlists = new Map<string, Promise<LoadedPlaylist>>();
  const load = (uri: string): { location: string; loaded: Promise<LoadedPlaylist> } => {
    const location = context.store.resolve(entry.location, uri);
    let loaded = playlists.get(location);
    if (!loaded) {
      loaded = examine(context.store.displayName(location, context.target), context.store.text(entry.location, uri), context);
      playlists.set(location, loaded);
    }
    return { location, loaded };
  };
  const audioGroups = new Map<string, { location: string; loaded: Promise<LoadedPlaylist> }[]>();
  for (const rendition of master.renditions) {
    const uri = rendition['URI'];
    if (rendition['TYPE'] !== 'AUDIO' || uri === undefined) continue;
    const group = rendition['GROUP-ID'] ?? '';
    audioGroups.set(group, [...(audioGroups.get(group) ?? []), load(uri)]);
  }
  const variants = master.variants.map((v) => ({ variant: v, ...load(v.uri) }));

  const bySubject = new Map<string, RuleResult[]>();
  const add = (results: readonly (RuleResult | undefined)[]): void => {
    for (const r of results) if (r) bySubject.set(r.subject, [...(bySubject.get(r.subject) ?? []), r]);
  };
  add([hlsSyntaxRule(name, entry.text), independentSegmentsRule(name, master.hasIndependentSegments)]);
  if (master.variants.length === 0) add([ruleResult('segments.present', 'fail', name, 'the master lists no variant (no EXT-X-STREAM-INF with a URI)')]);

  const settled = new Map<string, LoadedPlaylist>();
  await Promise.all([...playlists].map(async ([location, loaded]) => settled.set(location, await loaded)));
  const seen = new Set<string>();
  const variantSubjects = new Map<string, number>();
  for (const { variant, location } of variants) {
    const own = settled.get(location);
    if (!own) continue;
    const count = (variantSubjects.get(own.subject) ?? 0) + 1;
    variantSubjects.set(own.subject, count);
    const subject = count > 1 ? `${own.subject} #${count}` : own.subject;
    if (!seen.has(location)) add(playlistRules(own));
    seen.add(location);
    const groupId = variant.attributes['AUDIO'];
    const audio = (groupId === undefined ? [] : (audioGroups.get(groupId) ?? [])).map((a) => settled.get(a.location));
    const ownFacts = factsOf(own);
    // An audio playlist that cannot be used still counts: its codecs and bitrates are then unknown, not absent.
    const audioFacts = audio.flatMap((a) => (a ? [factsOf(a) ?? unusable(a)] : []));
    if (!ownFacts) {
      add([ruleResult('hls.codecs.match', 'skip', subject, `the variant's playlist cannot be used: ${reasonOf(own)}`)]);
      continue;
    }
    add(hlsVariantRules({ subject, attributes: variant.attributes, own: ownFacts, audio: audioFacts }));
    if (audioFacts.length > 0 && ownFacts.mediaType !== 'audio') {
      const usable = audioFacts.filter((a) => a.measurement.isMeasured || a.segments.length > 0);
      add([
        usable.length === 0
          ? ruleResult('media.same-duration', 'skip', subject, `no audio playlist of the group can be used (${audioFacts.map((a) => a.subject).join(', ')})`)
          : isLivePlaylist(own)
            ? ruleResult('media.same-duration', 'skip', subject, 'a live playlist (no PLAYLIST-TYPE:VOD) lists a window of the stream; audio and video windows need not cover the same time')
            : sameDurationRule(subject, listedDurationSeconds(ownFacts), usable.map((a) => ({ subject: a.subject, durationSeconds: listedDurationSeconds(a) }))),
      ]);
    }
  }
  for (const [location, loaded] of settled) if (!seen.has(location)) add(playlistRules(loaded));

  const loadedPlaylists = [...settled.values()].flatMap((l) => (l.isLoaded && l.playlist ? [{ subject: l.subject, targetDurationSeconds: l.playlist.targetDurationSeconds }] : []));
  const videoRungs = [...new Set(variants.map((v) => v.location))].map((l) => factsOf(settled.get(l))).filter((f): f is StreamFacts => f?.mediaType === 'video');
  add([sharedTargetDurationRule(name, loadedPlaylists), segmentsAlignedRule(name, videoRungs.map(rungStarts))]);
  return [...bySubject.values()].flat();
}

/** True for a live or event media playlist (it lists a window, or a stream still growing): not `PLAYLIST-TYPE:VOD`. */
function isLivePlaylist(loaded: LoadedPlaylist): boolean {
  return loaded.isLoaded && loaded.playlist !== undefined && loaded.playlist.playlistType !== 'VOD';
}

/** Reads, parses and examines one media playlist. */
async function examine(subject: string, read: ReturnType<VerifyContext['store']['text']>, context: VerifyContext): Promise<LoadedPlaylist> {
  const fetched = await read;
  if (!fetched.isOk) return { isLoaded: false, subject, reason: fetched.reason };
  const { text, location } = fetched.value;
  let playlist: MediaPlaylist;
  try {
    playlist = parseMediaPlaylist(text);
  } catch (error) {
    return { isLoaded: true, subject, text, playlist: undefined, reason: error instanceof Error ? error.message : String(error) };
  }
  let startSeconds = 0;
  const segments: ListedMediaSegment[] = playlist.segments.map((s) => {
    const listed = { uri: s.uri, startSeconds, durationSeconds: s.durationSeconds, byteRange: s.byteRange };
    startSeconds += s.durationSeconds;
    return listed;
  });
  const map = playlist.segments[0]?.map;
  const encryption = playlist.segments.find((s) => s.key !== undefined)?.key?.method;
  const facts = await gatherStreamFacts(
    { subject, base: location, init: map ? { uri: map.uri, byteRange: map.byteRange } : undefined, segments, ...(encryption ? { encryption } : {}) },
    context,
  );
  return { isLoaded: true, subject, text, playlist, facts };
}

/** The rules of one media playlist on its own: syntax, target duration, type, and its segments. */
function playlistRules(loaded: LoadedPlaylist): (RuleResult | undefined)[] {
  const { subject } = loaded;
  if (!loaded.isLoaded) return [ruleResult('segments.present', 'fail', subject, `the media playlist cannot be had: ${loaded.reason}`)];
  const syntax = hlsSyntaxRule(subject, loaded.text);
  if (!loaded.playlist) return [syntax.status === 'fail' ? syntax : ruleResult('hls.syntax.strict', 'fail', subject, loaded.reason)];
  const { playlist, facts } = loaded;
  return [syntax, targetDurationRule(subject, playlist), playlistTypeRule(subject, playlist), segmentsPresentRule(facts), keyframeStartRule(facts), segmentDurationRule(facts)];
}

function factsOf(loaded: LoadedPlaylist | undefined): StreamFacts | undefined {
  return loaded?.isLoaded && loaded.playlist ? loaded.facts : undefined;
}

/** Facts standing in for a playlist that could not be read or parsed: nothing present, nothing measured. */
function unusable(loaded: LoadedPlaylist): StreamFacts {
  const reason = `its playlist cannot be used: ${reasonOf(loaded)}`;
  return { subject: loaded.subject, mediaType: undefined, initPresence: undefined, segments: [], measurement: { isMeasured: false, reason }, probeError: reason, encryption: undefined };
}

function reasonOf(loaded: LoadedPlaylist): string {
  return loaded.isLoaded && loaded.playlist ? '' : loaded.reason;
}
