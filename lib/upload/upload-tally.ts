import type { UploadEvent } from '../contracts/upload-event.js';

/** What one sink received during a job. */
export interface SinkUploadSummary {
  /** `Sink.name`. */
  readonly sink: string;
  /** Files stored (each version of a live playlist counts). */
  readonly files: number;
  /** Bytes stored. */
  readonly bytes: number;
  /** Retries made. */
  readonly retries: number;
  /** Keys deleted (live windows). */
  readonly deleted: number;
}

/**
 * Counts `uploadTo()` events per sink, for summaries and progress lines.
 *
 * @example
 * const tally = new UploadTally(['s3://media/vod/']);
 * events$.subscribe((e) => tally.add(e));
 * tally.describe(); // → '↑ 42 files, 18.3 MB'
 */
export class UploadTally {
  private readonly bySink = new Map<string, { files: number; bytes: number; retries: number; deleted: number }>();

  /** @param sinkNames sinks listed even when nothing reached them, in this order. */
  constructor(sinkNames: readonly string[] = []) {
    for (const name of sinkNames) this.entry(name);
  }

  /** Counts an event; anything that is not an upload event is ignored. Returns true when it was one. */
  add(event: { readonly type: string }): boolean {
    const e = event as UploadEvent;
    switch (e.type) {
      case 'uploaded': {
        const entry = this.entry(e.sink);
        entry.files += 1;
        entry.bytes += e.bytes;
        return true;
      }
      case 'retry':
        this.entry(e.sink).retries += 1;
        return true;
      case 'deleted':
        this.entry(e.sink).deleted += 1;
        return true;
      default:
        return false;
    }
  }

  /** One summary per sink. */
  summary(): SinkUploadSummary[] {
    return [...this.bySink].map(([sink, s]) => ({ sink, ...s }));
  }

  /** Stores over all sinks. */
  get files(): number {
    return this.summary().reduce((n, s) => n + s.files, 0);
  }

  /** Bytes over all sinks. */
  get bytes(): number {
    return this.summary().reduce((n, s) => n + s.bytes, 0);
  }

  /** One short line over all sinks, e.g. `↑ 42 files, 18.3 MB, 2 retries`. */
  describe(): string {
    const retries = this.summary().reduce((n, s) => n + s.retries, 0);
    return `↑ ${this.files} file${this.files === 1 ? '' : 's'}, ${formatBytes(this.bytes)}${retries > 0 ? `, ${retries} retr${retries === 1 ? 'y' : 'ies'}` : ''}`;
  }

  private entry(sink: string): { files: number; bytes: number; retries: number; deleted: number } {
    let entry = this.bySink.get(sink);
    if (entry === undefined) {
      entry = { files: 0, bytes: 0, retries: 0, deleted: 0 };
      this.bySink.set(sink, entry);
    }
    return entry;
  }
}

/** Pure: `1234567` → `1.2 MB` (decimal units, as network tools print them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit] ?? 'TB'}`;
}
