import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { isSinkError } from '../../lib/contracts/sink-error.js';
import { isPackagerError } from '../../lib/errors.js';
import type { Sink } from '../../lib/contracts/sink.js';
import { httpPutSink } from '../../sinks/http-put-sink.js';
import { faultProxy, type FaultProxy } from '../helpers/servers/fault-proxy.js';
import { startOrSkip } from '../helpers/servers/server-unavailable-error.js';
import { startNginxDav, type NginxDavServer } from '../helpers/servers/start-nginx-dav.js';
import { behavesLikeASink } from './sink-contract.js';
import { putRequest, rejectionOf, testFiles, uniquePrefix, type TestFiles } from './sink-fixtures.js';

describe('httpPutSink() against nginx with DAV', function () {
  this.timeout(30_000);
  let nginx: NginxDavServer;
  let files: TestFiles;
  let sink: Sink;
  let prefix: string;

  before(async function () {
    nginx = await startOrSkip(this, () => startNginxDav());
    files = testFiles();
    prefix = uniquePrefix('http');
    sink = httpPutSink({ baseUrl: `${nginx.url}/${prefix}` });
  });
  after(async () => {
    await sink?.close?.();
    await nginx?.stop();
    files?.cleanup();
  });

  behavesLikeASink(
    () => ({
      sink,
      keepsHeaders: false,
      locationOf: (key) => `${nginx.url}/${prefix}/${key.split('/').map(encodeURIComponent).join('/')}`,
      read: async (key) => {
        // nginx stores plain files: read them from its document root.
        const body = await readFile(join(nginx.root, prefix, key)).catch(() => null);
        return body === null ? null : { body, contentType: undefined, cacheControl: undefined };
      },
    }),
    () => files,
    { largeBytes: 12 * 1024 * 1024 + 17 },
  );

  it('sends Content-Type, Cache-Control, Content-Length and custom headers on each PUT', async () => {
    const file = files.make('hdr.m3u8', '#EXTM3U\n');
    const custom = httpPutSink({ baseUrl: `${nginx.url}/${prefix}/hdr/`, headers: { 'X-Trace': 'abc' } });
    await custom.put(putRequest(file, 'master.m3u8', { contentType: 'application/vnd.apple.mpegurl', cacheControl: 'max-age=2' }), AbortSignal.timeout(5000));
    await custom.close?.();
    const log = await readFile(nginx.accessLogPath, 'utf8');
    const line = log.split('\n').find((l) => l.includes(`/${prefix}/hdr/master.m3u8`));
    // The access log format records the request's content type, cache control and transfer encoding.
    expect(line).to.match(/ PUT \S+ 201 \d+ ct=application\/vnd\.apple\.mpegurl cc=max-age=2 te=- /u);
  });

  it('rejects a 401 with a non-transient SinkError that names the sink and key but not the header value', async () => {
    const secret = 'wrong-token-0123456789';
    const denied = httpPutSink({ baseUrl: `${nginx.url}/private/${prefix}`, headers: { Authorization: `Bearer ${secret}` } });
    const file = files.make('denied.ts', 4096);
    const error = await denied.put(putRequest(file, '720p/seg_1.ts'), AbortSignal.timeout(5000)).then(
      () => null,
      (e: unknown) => e,
    );
    await denied.close?.();
    expect(isSinkError(error), String(error)).to.equal(true);
    if (!isSinkError(error)) return;
    expect(error.isTransient).to.equal(false);
    expect(error.statusCode).to.equal(401);
    expect(error.message).to.equal(
      `${nginx.url}/private/${prefix}/ could not store "720p/seg_1.ts": HTTP 401: Unauthorized ` +
        'Check the credentials given to the sink and that they allow writing and deleting under its prefix.',
    );
    expect(error.message).to.not.include(secret);
    expect(JSON.stringify(error)).to.not.include(secret);
  });

  it('authenticates with the right bearer token, and keeps credentials of the base URL out of name and location', async () => {
    const allowed = httpPutSink({ baseUrl: `${nginx.url}/private/${prefix}`, headers: { Authorization: `Bearer ${nginx.authToken}` } });
    const file = files.make('allowed.ts', 4096);
    const result = await allowed.put(putRequest(file, 'ok.ts'), AbortSignal.timeout(5000));
    await allowed.delete('ok.ts', AbortSignal.timeout(5000));
    await allowed.close?.();
    expect(result.location).to.equal(`${nginx.url}/private/${prefix}/ok.ts`);
    const withUserInfo = httpPutSink({ baseUrl: `http://user:hunter2-secret@127.0.0.1:1/x?token=abc123456` });
    expect(withUserInfo.name).to.equal('http://127.0.0.1:1/x/');
    await withUserInfo.close?.();
  });

  describe('abort', () => {
    let stall: FaultProxy;
    before(async () => {
      // Every request through this proxy waits 10 s before it is forwarded: the upload is surely in flight.
      stall = await faultProxy({ target: nginx.url, failRate: 1, modes: ['slow'], slowMs: 10_000 });
    });
    after(async () => stall?.stop());

    it('rejects promptly with an AbortedError when the signal aborts mid-upload', async () => {
      const slow = httpPutSink({ baseUrl: `${stall.url}/${prefix}/slow` });
      const file = files.make('slow.m4s', 2 * 1024 * 1024);
      const controller = new AbortController();
      let abortedAt = 0;
      const pending = slow.put(putRequest(file, 'seg.m4s'), controller.signal);
      setTimeout(() => {
        abortedAt = Date.now();
        controller.abort();
      }, 200);
      const { error, afterMs } = await rejectionOf(pending, () => abortedAt);
      await slow.close?.();
      expect(afterMs).to.be.below(500);
      expect(isPackagerError(error) && error.code).to.equal('ABORTED');
      expect(stall.stats.slow).to.be.at.least(1);
    });
  });
});
