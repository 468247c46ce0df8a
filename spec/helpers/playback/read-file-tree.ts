import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/**
 * Every file under `dir` (recursively) as `relative/path` (forward slashes) → SHA-256 hex of its bytes, keys in path
 * order. Directories themselves are left out; a missing `dir` is an empty tree.
 *
 * Use it to check that an origin's document root holds exactly what a job wrote locally, byte for byte:
 * `expect(await readFileTree(origin)).to.deep.equal(await readFileTree(outDir))`.
 */
export async function readFileTree(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  const tree = await Promise.all(
    files.map(async (path) => [relative(dir, path).split(sep).join('/'), createHash('sha256').update(await readFile(path)).digest('hex')] as const),
  );
  // A plain object, not a Map: chai's deep-equal diff shows which paths differ.
  return Object.fromEntries(tree.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
