import { expect } from 'chai';
import { isSinkError, type SinkError } from '../../lib/contracts/sink-error.js';
import { httpPutSink } from '../../sinks/http-put-sink.js';
import { faultProxy, type FaultMode } from '../helpers/servers/fault-proxy.js';
import { startOrSkip } from '../helpers/servers/server-unavailable-error.js';
import { startNginxDav, type NginxDavServer } from '../helpers/servers/start-nginx-dav.js';
import { putRequest, testFiles, uniquePrefix, type TestFiles } from './sink-fixtures.js';

describe('faultProxy() in front of nginx, with httpPutSink()', function () {
  this.timeout(30_000);
  let nginx: NginxDavServer;
  let files: TestFiles;
  let prefix: string;

  before(async function () {
    nginx = await startOrSkip(this, () => startNginxDav());
    files = testFiles();
    prefix = uniquePrefix('fault');
  });
  after(async () => {
    await nginx?.stop();
    files?.cleanup();
  });

  async function failureThrough(mode: FaultMode, idleTimeoutMs = 30_000): Promise<SinkError> {
    const proxy = await faultProxy({ target: nginx.url, failRate: 1, modes: [mode], slowMs: 3000 });
    const sink = httpPutSink({ baseUrl: `${proxy.url}/${prefix}`, idleTimeoutMs });
    try {
      const error = await sink.put(putRequest(files.make(`${mode}.ts`, 256 * 1024), `${mode}.ts`), AbortSignal.timeout(10_000)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(proxy.stats[mode]).to.equal(1);
      expect(isSinkError(error), String(error)).to.equal(true);
      return error as SinkError;
    } finally {
      await sink.close?.();
      await proxy.stop();
    }
  }

  it('answers 500: a transient SinkError with the status', async () => {
    const error = await failureThrough('500');
    expect(error).to.include({ isTransient: true, statusCode: 500 });
    expect(error.message).to.equal(
      `http://127.0.0.1:${new URL(error.sinkName).port}/${prefix}/ could not store "500.ts": HTTP 500: Internal Server Error: faultProxy: injected 500 ` +
        'This looks transient; retrying may succeed.',
    );
  });

  it('drops the connection: a transient SinkError without a status', async () => {
    const error = await failureThrough('reset');
    expect(error).to.include({ isTransient: true, statusCode: null });
    expect(error.message).to.match(/could not store "reset\.ts": (ECONNRESET|EPIPE)/u);
  });

  it('is slow: the sink idle timeout turns it into a transient SinkError', async () => {
    const error = await failureThrough('slow', 300);
    expect(error).to.include({ isTransient: true, statusCode: null });
    expect(error.message).to.match(/could not store "slow\.ts": ETIMEDOUT: no progress for 300 ms/u);
  });

  it('fails the same requests for the same seed, and counts what it did', async () => {
    const runs: string[][] = [];
    for (let i = 0; i < 2; i++) {
      const proxy = await faultProxy({ target: nginx.url, failRate: 0.4, modes: ['500', 'reset'], seed: 42 });
      const sink = httpPutSink({ baseUrl: `${proxy.url}/${prefix}/seeded-${i}` });
      const file = files.make(`seeded-${i}.ts`, 1024);
      for (let n = 0; n < 20; n++) await sink.put(putRequest(file, `${n}.ts`), AbortSignal.timeout(5000)).catch(() => undefined);
      await sink.close?.();
      await proxy.stop();
      runs.push(proxy.log.map((entry) => entry.action));
      const { requests, passed, reset, slow } = proxy.stats;
      expect(requests).to.equal(20);
      expect(passed + proxy.stats['500'] + reset + slow).to.equal(20);
      expect(passed).to.be.within(6, 18);
    }
    expect(runs[1]).to.deep.equal(runs[0]);
  });

  it('only faults the requests shouldFault picks', async () => {
    const proxy = await faultProxy({ target: nginx.url, failRate: 1, modes: ['500'], shouldFault: (method) => method === 'DELETE' });
    const sink = httpPutSink({ baseUrl: `${proxy.url}/${prefix}/picky` });
    try {
      await sink.put(putRequest(files.make('picky.ts', 10), 'a.ts'), AbortSignal.timeout(5000));
      const error = await sink.delete('a.ts', AbortSignal.timeout(5000)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isSinkError(error) && error.operation).to.equal('delete');
      expect(proxy.stats).to.deep.equal({ requests: 2, passed: 1, '500': 1, reset: 0, slow: 0 });
    } finally {
      await sink.close?.();
      await proxy.stop();
    }
  });
});
