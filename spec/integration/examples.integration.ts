import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { makeTestVideo } from '../helpers/media.js';
import { startNginxDav, startOrSkip, startSwiftS3 } from '../helpers/servers/index.js';
import { requireFfmpeg } from '../helpers/require-tool.js';

/** Runs the README's examples (examples/*.ts) as a user would, on a short `talk.mp4`, in order. */
describe('examples/ run as the README shows them', function () {
  this.timeout(240_000);
  let cwd: string;
  const examples = join(import.meta.dirname, '..', '..', 'examples');
  before(requireFfmpeg);
  before(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'examples-'));
    await copyFile(await makeTestVideo({ width: 640, height: 360, durationSeconds: 4 }), join(cwd, 'talk.mp4'));
  });
  after(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  // tsx is resolved from this repository, not from the temporary working directory.
  const tsx = import.meta.resolve('tsx');
  const run = (file: string) => execa(process.execPath, ['--import', tsx, join(examples, file)], { cwd, reject: false });

  it('quick-start.ts writes an HLS master and a DASH MPD with an HLS master', async () => {
    const result = await run('quick-start.ts');
    expect(result.exitCode, result.stderr).to.equal(0);
    expect(existsSync(join(cwd, 'out/hls/master.m3u8'))).to.equal(true);
    expect(existsSync(join(cwd, 'out/dash/manifest.mpd'))).to.equal(true);
    expect(existsSync(join(cwd, 'out/dash/manifest.m3u8'))).to.equal(true);
  });
  it('pipeline.ts prints progress and the file count', async () => {
    const result = await run('pipeline.ts');
    expect(result.exitCode, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/wrote \d+ files/u).and.match(/percent/u);
  });
  it('metadata.ts prints the size and writes the JSON', async () => {
    const result = await run('metadata.ts');
    expect(result.exitCode, result.stderr).to.equal(0);
    expect(result.stdout).to.contain('640 360').and.contain('640x360');
    expect(existsSync(join(cwd, 'out/talk.json'))).to.equal(true);
  });
  it('stream-to-file.ts turns the HLS package back into one MP4', async () => {
    const result = await run('stream-to-file.ts');
    expect(result.exitCode, result.stderr).to.equal(0);
    expect(existsSync(join(cwd, 'copy.mp4'))).to.equal(true);
  });
  it('live.ts packages a looping file live and ends it with ENDLIST', async () => {
    const result = await run('live.ts');
    expect(result.exitCode, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/segment master_\w+_\d{5}\.ts/u).and.match(/stopped: \d+ files in the final window/u);
    const playlists = (await readdir(join(cwd, 'out/live'))).filter((n) => n.endsWith('.m3u8') && n !== 'master.m3u8');
    expect(playlists.length).to.be.greaterThan(0);
    for (const name of playlists) expect(await readFile(join(cwd, 'out/live', name), 'utf8'), name).to.contain('#EXT-X-PROGRAM-DATE-TIME').and.contain('#EXT-X-ENDLIST');
  });
  it('verify.ts finds the HLS package OK', async () => {
    const result = await run('verify.ts');
    expect(result.exitCode, result.stderr).to.equal(0);
    expect(result.stdout).to.contain('the package is OK');
  });
  it('upload.ts uploads to an HTTP origin (nginx DAV) and a mirror directory, master included', async function () {
    const nginx = await startOrSkip(this, () => startNginxDav());
    try {
      const result = await execa(process.execPath, ['--import', tsx, join(examples, 'upload.ts')], {
        cwd,
        reject: false,
        env: { ORIGIN: `${nginx.url}/vod/talk/`, MIRROR: join(cwd, 'mirror') },
      });
      expect(result.exitCode, result.stderr).to.equal(0);
      expect(existsSync(join(nginx.root, 'vod/talk/talk.m3u8'))).to.equal(true);
      expect((await readdir(join(nginx.root, 'vod/talk'))).sort()).to.deep.equal((await readdir(join(cwd, 'mirror'))).sort());
      expect(result.stdout).to.match(/uploaded/u);
    } finally {
      await nginx.stop();
    }
  });
  it('upload-pipeline.ts uploads to S3 (Swift with s3api)', async function () {
    const swift = await startOrSkip(this, () => startSwiftS3({ buckets: ['media'] }));
    try {
      const result = await execa(process.execPath, ['--import', tsx, join(examples, 'upload-pipeline.ts')], {
        cwd,
        reject: false,
        env: { S3_ENDPOINT: swift.endpoint, AWS_ACCESS_KEY_ID: swift.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: swift.credentials.secretAccessKey, AWS_REGION: swift.region },
      });
      expect(result.exitCode, result.stderr).to.equal(0);
      expect(result.stdout).to.match(/stored vod\/talk\/master\.m3u8|stored master\.m3u8/u);
    } finally {
      await swift.stop();
    }
  });
  it('encrypt.ts writes an encrypted ladder with rotating keys of mode 0600', async () => {
    const result = await run('encrypt.ts');
    expect(result.exitCode, result.stderr).to.equal(0);
    const keys = await readdir(join(cwd, 'out/secure/keys'));
    expect(keys.length).to.be.greaterThan(0);
    const { statSync } = await import('node:fs');
    for (const k of keys) expect(statSync(join(cwd, 'out/secure/keys', k)).mode & 0o777).to.equal(0o600);
  });
  it('demo.ts (npm run demo) packages its built-in sample', async () => {
    const result = await execa(process.execPath, ['--import', tsx, join(examples, 'demo.ts'), join(cwd, 'demo')], { cwd, reject: false });
    expect(result.exitCode, result.stderr).to.equal(0);
    expect(existsSync(join(cwd, 'demo/hls/master.m3u8'))).to.equal(true);
    expect(existsSync(join(cwd, 'demo/dash/manifest.mpd'))).to.equal(true);
  });
});
