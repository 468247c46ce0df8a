/**
 * How the benches run a job in a plain Node process of its own, against the built library (`dist/`): the job script
 * is transpiled to JavaScript (no tsx, no TypeScript loader in the measured process), started with `fork` and
 * `execArgv: []` (dropping this process's `--import tsx`), sent one job message, and answers with one
 * `{ result }` or `{ error }` message before it exits.
 */
import { fork } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import ts from 'typescript';

/** Transpiles a TypeScript job script (which imports only Node built-ins and types) to `<dir>/<name>.mjs`. */
export async function compileForChild(sourcePath: string, dir: string): Promise<string> {
  const { outputText } = ts.transpileModule(await readFile(sourcePath, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023, verbatimModuleSyntax: true },
    fileName: sourcePath,
  });
  const path = join(dir, `${basename(sourcePath, '.ts')}.mjs`);
  await writeFile(path, outputText);
  return path;
}

/**
 * Runs `script` in a fresh plain-Node process with `job` as its first message; resolves with its `result`, rejects
 * with its `error` (or its exit status when it sent none). `env` replaces the child's environment when given.
 */
export function runInChild<Job, Result>(script: string, job: Job, label: string, env?: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], ...(env ? { env } : {}) });
    let answer: { result?: Result; error?: string } | undefined;
    child.on('message', (message: { result?: Result; error?: string }) => {
      answer = message;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (answer?.result !== undefined) resolve(answer.result);
      else reject(new Error(`bench: ${label} failed (${answer?.error ?? `exit ${code ?? signal}`})`));
    });
    child.send(job as object);
  });
}
