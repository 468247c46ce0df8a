import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Keeps the README truthful: every TypeScript block in it is the marked part of a file in examples/, which the
 * test command type-checks (`tsc` includes examples/), and which the examples integration test runs.
 */
const root = join(import.meta.dirname, '..', '..');
const normalise = (code: string): string =>
  code
    .replaceAll("'../lib/index.js'", "'ffmpeg-streaming'")
    .replaceAll("'../sinks/index.js'", "'ffmpeg-streaming/sinks'")
    .replaceAll("'../sinks/s3-sink.js'", "'ffmpeg-streaming/sinks/s3'")
    .replaceAll("'../operators/index.js'", "'ffmpeg-streaming/operators'")
    .trim();

describe('README examples', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/gu)].map((m) => (m[1] ?? '').trim());
  const examples = readdirSync(join(root, 'examples'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => {
      const text = readFileSync(join(root, 'examples', f), 'utf8');
      const marked = /\/\/ README:begin\n([\s\S]*?)\/\/ README:end/u.exec(text)?.[1];
      return { file: f, code: marked === undefined ? undefined : normalise(marked) };
    });

  it('has TypeScript examples', () => {
    expect(blocks.length).to.be.greaterThan(2);
  });
  for (const [i, block] of blocks.entries()) {
    it(`block ${i + 1} is the marked code of a file in examples/`, () => {
      const match = examples.find((e) => e.code === block);
      expect(match, `README block:\n${block}`).to.not.equal(undefined);
    });
  }
});
