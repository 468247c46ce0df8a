import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasFfmpeg, makeTestVideo, type TestVideoOptions } from '../helpers/media.js';
import { stopLeftoverFfstreams } from './run-ffstream.js';

/** What a test of a CLI spec works with, once the hooks of {@link useCliWorkspace} ran. */
export interface CliWorkspace {
  /** The generated test video. */
  readonly clip: string;
  /** A fresh temporary directory of this test, removed after it. */
  readonly dir: string;
}

/**
 * Mocha hooks for the CLI specs: before the suite, the test video `video` (the suite is skipped without ffmpeg);
 * around each test, a fresh temporary directory, and afterwards no CLI or ffmpeg left running. Call it inside
 * `describe`; read the workspace inside tests.
 */
export function useCliWorkspace(video: TestVideoOptions): CliWorkspace {
  let clip: string | undefined;
  let dir: string | undefined;
  before(async function () {
    if (!hasFfmpeg()) this.skip();
    clip = await makeTestVideo(video);
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ffstream-cli-'));
  });
  afterEach(async () => {
    stopLeftoverFfstreams();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });
  const ready = (value: string | undefined): string => {
    if (value === undefined) throw new Error('useCliWorkspace(): read outside a test');
    return value;
  };
  return {
    get clip() {
      return ready(clip);
    },
    get dir() {
      return ready(dir);
    },
  };
}
