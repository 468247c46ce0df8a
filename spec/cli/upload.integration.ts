/**
 * `ffstream hls|dash … --to …` as a user runs it: a child process with real ffmpeg, uploading to the four real
 * stores at once (Swift s3api via --s3-endpoint, Azurite via AZURE_STORAGE_CONNECTION_STRING, the fake GCS JSON
 * API via STORAGE_EMULATOR_HOST with the real SDK, nginx DAV over HTTP PUT), credentials from the environment.
 */
import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PackageResult } from '../../lib/contracts/packaging-event.js';
import { makeTestVideo } from '../helpers/media.js';
import { waitUntilGone } from '../helpers/process.js';
import { requireFfmpeg } from '../helpers/require-tool.js';
import { faultProxy } from '../helpers/servers/fault-proxy.js';
import { BUCKET, expectSafeOrder, expectSamePackage, localPackage, startStores, type Stores } from '../operators/upload-to-stores.js';
import { startTogether } from '../helpers/servers/start-together.js';
import { runFfstream } from './run-ffstream.js';

let runId = 0;
const prefixOf = (label: string): string => `${label}-${Date.now().toString(36)}-${++runId}`;

describe('ffstream --to (child process, real ffmpeg, four real stores)', function () {
  this.timeout(120_000);
  let stores: Stores;
  let source: string;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(requireFfmpeg);
  before(async function () {
    this.timeout(180_000);
    [stores, source] = await startTogether(() => startStores(this), () => makeTestVideo({ width: 640, height: 360, fps: 25, durationSeconds: 8 }));
    env = {
      AWS_ACCESS_KEY_ID: stores.swift.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: stores.swift.credentials.secretAccessKey,
      AWS_REGION: 'us-east-1',
      STORAGE_EMULATOR_HOST: stores.gcs.apiEndpoint,
      AZURE_STORAGE_CONNECTION_STRING: stores.azurite.connectionString,
    };
  });
  after(async () => {
    await stores?.stop();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ffstream-upload-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('hls --to s3:// --to gs:// --to az:// --to http:// --json: exit 0, every store holds the package, uploaded events printed', async () => {
    const prefix = prefixOf('cli');
    const run = await runFfstream(
      [
        'hls', source, '-o', join(dir, 'out', 'master.m3u8'), '--json', '--segment-seconds', '2', '--rep', '640x360@800k', '--rep', '320x180@300k',
        '--to', `s3://${BUCKET}/${prefix}`, '--s3-endpoint', stores.swift.endpoint,
        '--to', `gs://${BUCKET}/${prefix}`,
        '--to', `az://${BUCKET}/${prefix}`,
        '--to', `${stores.nginx.url}/${prefix}/`, '--header', 'X-Trace: cli-test',
      ],
      { env },
    );
    expect(run.code, run.stderr || run.stdout).to.equal(0);
    const done = run.lines.find((l) => l.type === 'done') as unknown as { result: PackageResult } | undefined;
    if (!done) throw new Error('no done line');
    const local = await localPackage(done.result);
    const targets = [stores.s3(prefix), stores.gcsStore(prefix), stores.azure(prefix), stores.http(prefix)];
    for (const target of targets) {
      expectSamePackage(target.label, await target.list(), local);
      const order = run.lines.flatMap((l) => (l.type === 'uploaded' && l['sink'] === target.sink.name ? [String(l['key'])] : []));
      expectSafeOrder(`${target.label} (uploaded lines)`, order, local);
    }
    expect(run.lines.at(-1)?.type).to.equal('done');
    const firstUpload = run.lines.findIndex((l) => l.type === 'uploaded');
    const finalProgress = run.lines.findIndex((l) => l.type === 'progress' && (l['progress'] as { isFinal: boolean }).isFinal);
    expect(firstUpload, 'uploads while encoding').to.be.within(0, finalProgress);
  });

  it('human mode: a summary line per destination', async () => {
    const prefix = prefixOf('human');
    const run = await runFfstream(['dash', source, '-o', join(dir, 'm.mpd'), '--segment-seconds', '2', '--rep', '320x180@300k', '--to', `${stores.nginx.url}/${prefix}`], { env });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(new RegExp(`^Uploaded \\d+ files \\(\\d+\\.\\d kB\\) to ${stores.nginx.url}/${prefix}/$`, 'mu'));
  });

  it('Ctrl-C while uploading: exit 130, ffmpeg stopped, no S3 multipart upload left behind', async () => {
    const prefix = prefixOf('sigint');
    // ~15 MB segments: above the sink's default 8 MiB part size, so each is a multipart upload.
    const big = await makeTestVideo({ width: 1280, height: 720, fps: 30, durationSeconds: 30 });
    const stall = await faultProxy({ target: stores.swift.endpoint, failRate: 1, modes: ['slow'], slowMs: 5000, shouldFault: (method, url) => method === 'PUT' && /[?&]partNumber=/u.test(url) });
    const listUploads = async () => (await stores.s3Client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: `${prefix}/` }))).Uploads ?? [];
    let pid: number | undefined;
    let interrupted = false;
    try {
      const run = await runFfstream(
        ['hls', big, '-o', join(dir, 'master.m3u8'), '--json', '--segment-seconds', '8', '--rep', '1280x720@40M', '--to', `s3://${BUCKET}/${prefix}`, '--s3-endpoint', stall.url],
        {
          env,
          onLine: (_text, child, line) => {
            if (line?.type !== 'start') return;
            pid = line['pid'] as number;
            // Interrupt as soon as the server has an open multipart upload for this run.
            const poll = async (): Promise<void> => {
              while (!interrupted) {
                if ((await listUploads()).length > 0) {
                  interrupted = true;
                  child.kill('SIGINT');
                  return;
                }
                await new Promise((r) => setTimeout(r, 25));
              }
            };
            void poll();
          },
        },
      );
      expect(interrupted, `a multipart upload was in flight; exit ${run.code}\n${run.stderr}\n${run.stdout.split('\n').filter((l) => !l.includes('"progress"')).slice(-20).join('\n')}`).to.equal(true);
      expect(run.code, run.stderr).to.equal(130);
      expect(run.lines.at(-1)).to.include({ type: 'error', code: 'ABORTED' });
      expect(await waitUntilGone(pid ?? 0, 10_000)).to.equal(true);
      expect(await listUploads()).to.deep.equal([]);
    } finally {
      await stall.stop();
    }
  });
});
