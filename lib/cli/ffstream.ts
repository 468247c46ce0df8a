#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { runCli } from './run-cli.js';

// The `ffstream` binary: wires process I/O and Ctrl-C to runCli. The first Ctrl-C (or SIGTERM) stops a live job
// gracefully (final playlists, uploads finished, exit 0) and aborts any other job (ffmpeg stopped with SIGTERM, then
// SIGKILL; partial output removed; exit 130). The second aborts a live job; a third exits at once.
const stop = new AbortController();
const abort = new AbortController();
let interrupts = 0;
const onSignal = (): void => {
  interrupts += 1;
  if (interrupts === 1) stop.abort();
  else if (interrupts === 2) abort.abort();
  else process.exit(130);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

/** The package version, read from package.json whether this runs from `lib/` (source) or `dist/lib/` (build). */
function packageVersion(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ffmpeg-streaming' && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return 'unknown';
}

const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: abort.signal, stopSignal: stop.signal, version: packageVersion() });
process.exitCode = code;
