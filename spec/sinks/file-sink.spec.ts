import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { isSinkError } from '../../lib/contracts/sink-error.js';
import type { Sink } from '../../lib/contracts/sink.js';
import { fileSink } from '../../sinks/file-sink.js';
import { behavesLikeASink } from './sink-contract.js';
import { putRequest, testFiles, type TestFiles } from './sink-fixtures.js';

describe('fileSink()', () => {
  let files: TestFiles;
  let out: string;
  let sink: Sink;

  before(() => {
    files = testFiles();
    out = join(files.dir, 'published', 'talk-42');
    sink = fileSink({ dir: out });
  });
  after(() => files?.cleanup());

  behavesLikeASink(
    () => ({
      sink,
      keepsHeaders: false,
      locationOf: (key) => join(out, key),
      read: async (key) => {
        const body = await readFile(join(out, key)).catch(() => null);
        return body === null ? null : { body, contentType: undefined, cacheControl: undefined };
      },
    }),
    () => files,
    { largeBytes: 3 * 1024 * 1024 + 1 },
  );

  it('is named by the directory URL and leaves no temporary files behind', async () => {
    expect(sink.name).to.equal(`${pathToFileURL(out).href}/`);
    await sink.put(putRequest(files.make('a.ts', 100), 'tmpcheck/a.ts'), AbortSignal.timeout(5000));
    await sink.put({ ...putRequest(files.make('b.ts', 100), 'tmpcheck/b.ts'), localPath: join(files.dir, 'missing') }, AbortSignal.timeout(5000)).catch(() => undefined);
    expect(await readdir(join(out, 'tmpcheck'))).to.deep.equal(['a.ts']);
  });

  for (const key of ['../escape.ts', 'a/../../escape.ts', '', '.']) {
    it(`refuses the key ${JSON.stringify(key)}, which does not name a file inside the directory`, async () => {
      const error = await sink.put(putRequest(files.make('x.ts', 1), key), AbortSignal.timeout(5000)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isSinkError(error) && error.isTransient).to.equal(false);
      expect((error as Error).message).to.equal(
        `${sink.name} could not store ${JSON.stringify(key)}: the key does not name a file inside the sink directory ` +
          'Keys are POSIX paths relative to the package root, without `..` segments.',
      );
    });
  }
});
