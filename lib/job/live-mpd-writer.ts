import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { addUtcTiming } from '../manifest/add-utc-timing.js';
import { codecsOfInitBytes } from '../manifest/codecs-of-init.js';
import { XML_TAG_ATTRIBUTES, setXmlAttribute, xmlAttribute } from '../manifest/set-xml-attribute.js';
import { writeFileAtomic } from '../manifest/write-file-atomic.js';
import type { EncodingPlan } from '../plan/encoding-plan.js';
import { dashFileNames } from '../plan/dash-args.js';
import { LivePoller } from './live-poller.js';

/** What {@link LiveMpdWriter} needs. */
export interface LiveMpdWriterOptions {
  readonly plan: EncodingPlan;
  /** The MPD to publish (the user's `output`). */
  readonly mpdPath: string;
  /** Poll interval. @default 500 */
  readonly pollIntervalMs?: number;
}

/**
 * Publishes a live DASH job's dynamic MPD under the user's name while ffmpeg writes it under a hidden one: at each
 * rewrite (every segment), once every Representation has a segment, with a `UTCTiming` (see `addUtcTiming`) so
 * players synchronise with the packager, and each Representation@codecs read from its init segment. Failures are retried at the next poll, never thrown.
 */
export class LiveMpdWriter {
  private readonly poller: LivePoller;
  private lastText: string | undefined;
  private readonly codecs = new Map<string, string>();

  constructor(private readonly options: LiveMpdWriterOptions) {
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

  /**
   * The exact codec string of each Representation, read once from its init segment: ffmpeg 5.1 writes a bare `hvc1`
   * for HEVC, which players refuse, so a live HEVC ladder would not play until the final MPD.
   */
  private async codecsById(ids: readonly string[], names: readonly string[]): Promise<ReadonlyMap<string, string>> {
    for (const id of ids) {
      if (this.codecs.has(id)) continue;
      const init = names.find((n) => n.startsWith(`${this.options.plan.slug}_init_${id}.`) && !n.endsWith('.tmp'));
      if (init === undefined) continue;
      const found = codecsOfInitBytes(await readFile(join(this.options.plan.outDir, init)));
      const exact = found.video ?? found.audio;
      if (exact !== undefined) this.codecs.set(id, exact);
    }
    return this.codecs;
  }

  private async poll(): Promise<boolean> {
    const { plan } = this.options;
    const partial = join(plan.outDir, dashFileNames(plan).partialMpd);
    const text = await readFile(partial, 'utf8');
    if (text === this.lastText || !/type="dynamic"/u.test(text)) return false;
    const ids = [...text.matchAll(/<Representation\b[^>]*\bid="([^"]+)"/gu)].map((m) => m[1] ?? '');
    if (ids.length === 0) return false;
    const names = await readdir(plan.outDir);
    const hasSegment = (id: string): boolean => names.some((n) => n.startsWith(`${plan.slug}_chunk_${id}_`) && !n.endsWith('.tmp'));
    if (!ids.every(hasSegment)) return false;
    const codecs = await this.codecsById(ids, names);
    const withCodecs = text.replace(new RegExp(`<Representation\\b${XML_TAG_ATTRIBUTES}>`, 'gu'), (tag) => {
      const exact = codecs.get(xmlAttribute(tag, 'id') ?? '');
      return exact === undefined ? tag : setXmlAttribute(tag, 'codecs', exact);
    });
    await writeFileAtomic(this.options.mpdPath, addUtcTiming(withCodecs, new Date()));
    this.lastText = text;
    return false;
  }
}
