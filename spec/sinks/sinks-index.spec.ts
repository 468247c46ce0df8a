import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));

// Runs in a fresh Node (the one running the tests, with tsx): a synchronous resolve hook records every
// specifier that gets resolved, by import or require, while the module under test loads.
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

describe('sinks/index', function () {
  this.timeout(60_000);

  it('exports only the dependency-free sinks and loads no cloud SDK', async () => {
    const { exports, cloud } = await probe('sinks/index.ts');
    expect(exports).to.deep.equal(['SinkError', 'fileSink', 'httpPutSink', 'isSinkError', 'memorySink']);
    expect(cloud).to.deep.equal([]);
  });

  it('(control) the probe does see a cloud SDK when a cloud sink is imported', async () => {
    const s3 = await probe('sinks/s3-sink.ts');
    expect(s3.exports).to.deep.equal(['s3Sink']);
    expect(s3.cloud).to.include.members(['@aws-sdk/client-s3', '@aws-sdk/lib-storage']);
  });
});
