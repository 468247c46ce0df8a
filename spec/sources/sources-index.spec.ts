import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));

// A fresh Node with tsx; a synchronous resolve hook records every specifier resolved while the module loads.
const PROBE = `
import { registerHooks } from 'node:module';
const seen = [];
registerHooks({ resolve(specifier, context, next) { seen.push(specifier); return next(specifier, context); } });
const mod = await import(process.env.PROBE_TARGET);
const cloud = [...new Set(seen.filter((s) => /^@(aws-sdk|smithy|google-cloud|azure)\\//u.test(s)))];
process.stdout.write(JSON.stringify({ exports: Object.keys(mod).sort(), cloud }));
`;

async function probe(target: string): Promise<{ exports: string[]; cloud: string[] }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE], {
    cwd: repo,
    env: { ...process.env, PROBE_TARGET: new URL(target, `file://${repo}`).href },
    timeout: 60_000,
  });
  return JSON.parse(stdout) as { exports: string[]; cloud: string[] };
}

describe('sources/index', function () {
  this.timeout(60_000);

  it('exports the dependency-free sources and loads no cloud SDK', async () => {
    const { exports, cloud } = await probe('sources/index.ts');
    expect(exports).to.deep.equal(['captureInput', 'describeCaptureDevices', 'fileInput', 'fromCapture', 'fromFile', 'fromUrl', 'listCaptureDevices', 'supportedCaptureKinds', 'urlInput']);
    expect(cloud).to.deep.equal([]);
  });

  it('each cloud source module loads only its own SDK, and the S3 presigner only when a URL is signed', async () => {
    const s3 = await probe('sources/from-s3-object.ts');
    expect(s3.exports).to.deep.equal(['fromS3Object', 's3ObjectInput']);
    expect(s3.cloud).to.include('@aws-sdk/client-s3');
    expect(s3.cloud).to.not.include('@aws-sdk/s3-request-presigner');
    expect(s3.cloud.filter((s) => s.startsWith('@azure/') || s.startsWith('@google-cloud/'))).to.deep.equal([]);
    const gcs = await probe('sources/from-gcs-object.ts');
    expect(gcs.exports).to.deep.equal(['fromGcsObject', 'gcsObjectInput']);
    expect(gcs.cloud).to.include('@google-cloud/storage');
    expect(gcs.cloud.filter((s) => s.startsWith('@azure/') || s.startsWith('@aws-sdk/'))).to.deep.equal([]);
    const azure = await probe('sources/from-azure-blob.ts');
    expect(azure.exports).to.deep.equal(['azureBlobInput', 'fromAzureBlob']);
    expect(azure.cloud).to.include('@azure/storage-blob');
    expect(azure.cloud.filter((s) => s.startsWith('@google-cloud/') || s.startsWith('@aws-sdk/'))).to.deep.equal([]);
  });
});
