import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { expect } from 'chai';
import { descendantsOf, isGone } from './managed-process.js';
import { ServerUnavailableError, startOrSkip } from './server-unavailable-error.js';
import { startAzurite } from './start-azurite.js';
import { startFakeGcs } from './start-fake-gcs.js';
import { startNginxDav } from './start-nginx-dav.js';
import { startSwiftS3 } from './start-swift-s3.js';
import { startTogether } from './start-together.js';
import { freePorts } from './free-port.js';

// The test servers themselves: started on 127.0.0.1, stopped by PID with their children, temp dirs removed.
describe('test servers', function () {
  this.timeout(90_000);

  it('nginx: stop() ends the master and its workers, removes the directory, and may be called twice', async function () {
    const nginx = await startOrSkip(this, () => startNginxDav());
    const [master] = nginx.pids as [number];
    const workers = descendantsOf(master);
    expect(workers.length).to.be.at.least(1);
    await nginx.stop();
    await nginx.stop();
    expect([master, ...workers].every(isGone)).to.equal(true);
    expect(existsSync(nginx.dir)).to.equal(false);
  });

  it('nginx: a port in use fails startup with nginx\'s own words, and leaves nothing behind', async function () {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await startOrSkip(this, () => startNginxDav({ port })).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error?.message).to.match(/^nginx exited while waiting for nginx to answer \/time\. Its output:\n[\s\S]*Address already in use/u);
    } finally {
      blocker.close();
    }
  });

  it('Swift: five processes (memcached, account, container, object, proxy), all stopped by stop()', async function () {
    const swift = await startOrSkip(this, () => startSwiftS3());
    expect(swift.pids).to.have.length(5);
    expect(swift.pids.some(isGone)).to.equal(false);
    expect(swift.startupMs).to.be.below(60_000);
    await swift.stop();
    await swift.stop();
    expect(swift.pids.every(isGone)).to.equal(true);
    expect(existsSync(swift.dir)).to.equal(false);
  });

  it('Azurite: one process, stopped by stop()', async function () {
    const azurite = await startOrSkip(this, () => startAzurite());
    expect(azurite.pids).to.have.length(1);
    await azurite.stop();
    await azurite.stop();
    expect(azurite.pids.every(isGone)).to.equal(true);
    expect(existsSync(azurite.dir)).to.equal(false);
  });

  it('fake GCS: in-process (no PID), stop() twice is fine', async () => {
    const gcs = await startFakeGcs();
    expect(gcs.pids).to.deep.equal([]);
    await gcs.stop();
    await gcs.stop();
  });

  it('startTogether(): when one server fails to start, the ones that started are stopped and the error is rethrown', async function () {
    let started: Awaited<ReturnType<typeof startNginxDav>> | undefined;
    const error = await startTogether(
      async () => (started = await startOrSkip(this, () => startNginxDav())),
      async () => {
        throw new Error('the second server could not bind');
      },
    ).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.equal('the second server could not bind');
    expect(started, 'nginx had started').to.not.equal(undefined);
    expect(started?.pids.every(isGone), 'nginx stopped').to.equal(true);
    expect(existsSync(started?.dir ?? '/'), 'its directory removed').to.equal(false);
  });

  it('freePorts(): distinct ports below the ephemeral range, never handed out twice', async () => {
    const [low] = (await import('node:fs')).readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/u).map(Number) as [number];
    const first = await freePorts(20);
    const second = await freePorts(20);
    const all = [...first, ...second];
    expect(new Set(all).size).to.equal(40);
    expect(all.every((p) => p >= 10_000 && p < low)).to.equal(true);
  });

  describe('startOrSkip()', () => {
    const saved = process.env['CI'];
    afterEach(() => {
      if (saved === undefined) delete process.env['CI'];
      else process.env['CI'] = saved;
    });
    const missing = (): Promise<never> => Promise.reject(new ServerUnavailableError('nginx (Debian package nginx-light)', 'apt-get install -y nginx-light'));

    it('fails under CI=true when a component is missing', async function () {
      process.env['CI'] = 'true';
      const error = await startOrSkip(this, missing).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error?.message).to.equal('nginx (Debian package nginx-light) is not installed here. Install it with: apt-get install -y nginx-light');
    });

    it('skips locally when a component is missing', async function () {
      delete process.env['CI'];
      let skipped = false;
      const context = { skip: () => { skipped = true; throw new Error('skipped'); } } as unknown as Mocha.Context;
      await startOrSkip(context, missing).catch(() => undefined);
      expect(skipped).to.equal(true);
    });
  });
});
