/**
 * `ffstream hls|dash <cloud URL>` as a user runs it: a child process with real ffmpeg reading an `s3://` object from
 * Swift's s3api (`--s3-endpoint`, AWS credentials from the environment) and an `az://` blob from Azurite
 * (`AZURE_STORAGE_CONNECTION_STRING`); and the bad inputs a user meets there (a missing object, wrong credentials),
 * each a typed error on one line, with no secret shown, no temporary file left in the child's TMPDIR and no ffmpeg
 * left running.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BlobServiceClient } from '@azure/storage-blob';
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestVideo } from '../helpers/media.js';
import { isRunning } from '../helpers/process.js';
import { requireFfmpeg } from '../helpers/require-tool.js';
import { startAzurite, startOrSkip, startSwiftS3, type AzuriteServer, type SwiftS3Server } from '../helpers/servers/index.js';
import { runFfstream, type FfstreamRun } from './run-ffstream.js';

const KEY = 'talks/clip one.mp4';

/** Runs `ffstream args…` with `env` added, its TMPDIR set to `tmp`; records the ffmpeg and ffprobe processes it starts. */
function ffstream(args: readonly string[], env: NodeJS.ProcessEnv, tmp: string): Promise<FfstreamRun> {
  return runFfstream(args, { env: { ...env, TMPDIR: tmp }, watch: ['ffmpeg', 'ffprobe'] });
}

describe('ffstream with cloud inputs (child process, Swift s3api and Azurite)', function () {
  this.timeout(150_000);
  let swift: SwiftS3Server;
  let azurite: AzuriteServer;
  let dir: string;
  let tmp: string;
  let s3Env: NodeJS.ProcessEnv;

  before(requireFfmpeg);
  before(async function () {
    this.timeout(120_000);
    const clip = makeTestVideo({ width: 320, height: 180, durationSeconds: 4 });
    // One after the other, so `after` can stop whichever started if the other fails; generous timeouts for a busy machine.
    swift = await startOrSkip(this, () => startSwiftS3({ buckets: ['media'] }));
    azurite = await startOrSkip(this, () => startAzurite({ containers: ['media'], startupTimeoutMs: 60_000 }));
    const body = await readFile(await clip);
    const s3 = new S3Client(swift.clientConfig);
    try {
      await s3.send(new PutObjectCommand({ Bucket: 'media', Key: KEY, Body: body }));
    } finally {
      s3.destroy();
    }
    await BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('media').getBlockBlobClient(KEY).uploadData(body);
    s3Env = { AWS_ACCESS_KEY_ID: swift.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: swift.credentials.secretAccessKey, AWS_REGION: swift.region };
  });
  after(async () => {
    await Promise.all([swift?.stop(), azurite?.stop()]);
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ffstream-src-'));
    tmp = await mkdtemp(join(tmpdir(), 'ffstream-src-tmp-'));
  });
  afterEach(async () => {
    // tsx keeps its own cache there (tsx-<uid>); anything else is ours.
    expect((await readdir(tmp)).filter((name) => !name.startsWith('tsx-')), 'temporary files left in the CLI\'s TMPDIR').to.deep.equal([]);
    await Promise.all([rm(dir, { recursive: true, force: true }), rm(tmp, { recursive: true, force: true })]);
  });

  /** Exit code, a done line, the master, no ffmpeg left, and no signature or secret in anything printed. */
  function expectPackaged(run: FfstreamRun, output: string, secrets: readonly (string | RegExp)[]): void {
    expect(run.code, run.stderr || run.stdout.slice(-2000)).to.equal(0);
    expect(run.lines.at(-1)?.type).to.equal('done');
    expect(existsSync(output), output).to.equal(true);
    expect(run.ffmpegPids.length, 'ffmpeg ran').to.be.greaterThan(0);
    for (const pid of run.ffmpegPids) expect(isRunning(pid), `ffmpeg ${pid} still running`).to.equal(false);
    for (const secret of secrets) {
      if (typeof secret === 'string') expect(run.stdout + run.stderr).to.not.include(secret);
      else expect(run.stdout + run.stderr).to.not.match(secret);
    }
  }

  it('hls s3://media/<key> --s3-endpoint: packages the object, read in place from Swift through a signed URL never shown whole', async () => {
    const output = join(dir, 'out', 'master.m3u8');
    const run = await ffstream(['hls', `s3://media/${KEY}`, '--s3-endpoint', swift.endpoint, '-o', output, '--json', '--rep', '320x180@300k', '--segment-seconds', '2'], s3Env, tmp);
    // The signed URL ffmpeg reads shows up in the argv only with its signature redacted.
    expectPackaged(run, output, [swift.credentials.secretAccessKey, /X-Amz-Signature=(?!\*\*\*)/u]);
    const start = run.lines.find((l) => l.type === 'start');
    expect(start?.['input']).to.equal('clip one');
    expect((start?.['argv'] as string[]).some((arg) => arg.startsWith(`${swift.endpoint}/media/`) && arg.includes('X-Amz-Signature=***')), 'ffmpeg reads a signed URL').to.equal(true);
  });

  it('dash az://media/<blob>: packages the blob read from Azurite, credentials from AZURE_STORAGE_CONNECTION_STRING', async () => {
    const output = join(dir, 'out', 'manifest.mpd');
    const run = await ffstream(['dash', `az://media/${KEY}`, '-o', output, '--json', '--rep', '320x180@300k', '--segment-seconds', '2'], { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString }, tmp);
    expectPackaged(run, output, [azurite.accountKey, /[?&]sig=(?!\*\*\*)/u]);
  });

  it('probe s3://…: describes the object under its s3:// name', async () => {
    const run = await ffstream(['probe', `s3://media/${KEY}`, '--s3-endpoint', swift.endpoint], s3Env, tmp);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout.split('\n')[0]).to.equal(`s3://media/${KEY}`);
    expect(run.stdout).to.match(/video #0: h264 320x180/u);
  });

  describe('bad cloud inputs: one typed error, exit 1, nothing left behind', () => {
    it('a missing s3 object: INPUT_NOT_FOUND naming it; no output, ffmpeg never started', async () => {
      const output = join(dir, 'out', 'master.m3u8');
      const run = await ffstream(['hls', 's3://media/talks/nope.mp4', '--s3-endpoint', swift.endpoint, '-o', output, '--json'], s3Env, tmp);
      expect(run.code).to.equal(1);
      expect(run.lines).to.have.lengthOf(1);
      expect(run.lines[0]).to.include({ type: 'error', code: 'INPUT_NOT_FOUND' });
      expect(String(run.lines[0]?.['message'])).to.include('s3://media/talks/nope.mp4');
      expect(run.ffmpegPids.filter((pid) => isRunning(pid))).to.deep.equal([]);
      expect(existsSync(output)).to.equal(false);
    });

    it('wrong AWS credentials: INPUT_FORBIDDEN (403) in one human line, without the secret', async () => {
      const secret = 'not-the-right-secret-0042';
      const run = await ffstream(['hls', `s3://media/${KEY}`, '--s3-endpoint', swift.endpoint, '-o', join(dir, 'o.m3u8')], { ...s3Env, AWS_SECRET_ACCESS_KEY: secret }, tmp);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.equal('');
      expect(run.stderr.split('\n')[0]).to.match(/^ffstream: INPUT_FORBIDDEN: s3:\/\/media\/talks\/clip one\.mp4 may not be read with the credentials given \(.*403/u);
      expect(run.stderr).to.not.include(secret);
    });

    it('a missing blob: INPUT_NOT_FOUND; no Azure credentials in the environment: a usage error naming the variables', async () => {
      const missing = await ffstream(['dash', 'az://media/nope.mp4', '-o', join(dir, 'm.mpd'), '--json'], { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString }, tmp);
      expect(missing.code).to.equal(1);
      expect(missing.lines[0]).to.include({ type: 'error', code: 'INPUT_NOT_FOUND' });
      const noEnv = await ffstream(['dash', 'az://media/x.mp4', '-o', join(dir, 'm.mpd'), '--json'], { AZURE_STORAGE_CONNECTION_STRING: '', AZURE_STORAGE_ACCOUNT: '', AZURE_STORAGE_KEY: '' }, tmp);
      expect(noEnv.code).to.equal(2);
      expect(String(noEnv.lines[0]?.['message'])).to.match(/AZURE_STORAGE_CONNECTION_STRING/u);
    });
  });
});
