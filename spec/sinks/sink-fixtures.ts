import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutputFileKind } from '../../lib/contracts/output-file.js';
import type { SinkPutRequest } from '../../lib/contracts/sink.js';

/** A local file made for a test, with its sha256. */
export interface TestFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** A temporary directory of test files, removed by `cleanup()`. */
export interface TestFiles {
  readonly dir: string;
  /** Writes `bytes` random bytes (or the given text) to `name`. */
  make(name: string, content: number | string): TestFile;
  cleanup(): void;
}

export function testFiles(): TestFiles {
  const dir = mkdtempSync(join(tmpdir(), 'ffs-sink-spec-'));
  return {
    dir,
    make(name, content) {
      const data = typeof content === 'number' ? randomBytes(content) : Buffer.from(content);
      const path = join(dir, name);
      writeFileSync(path, data);
      return { path, bytes: data.length, sha256: sha256(data) };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A put request for `file` under `key`; content type and cache control default to a live segment's. */
export function putRequest(
  file: TestFile,
  key: string,
  overrides: Partial<{ contentType: string; cacheControl: string; kind: OutputFileKind }> = {},
): SinkPutRequest {
  return {
    key,
    localPath: file.path,
    contentType: overrides.contentType ?? 'video/iso.segment',
    cacheControl: overrides.cacheControl ?? 'public, max-age=31536000, immutable',
    bytes: file.bytes,
    kind: overrides.kind ?? 'segment',
  };
}

/** A unique key prefix per test run, so reruns against a long-lived store never collide. */
export function uniquePrefix(label: string): string {
  return `${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** Settles `promise` and reports how long after `from` it rejected (throws if it resolved). */
export async function rejectionOf(promise: Promise<unknown>, from: () => number): Promise<{ error: unknown; afterMs: number }> {
  try {
    await promise;
  } catch (error) {
    return { error, afterMs: Date.now() - from() };
  }
  throw new Error('expected the promise to reject, but it resolved');
}
