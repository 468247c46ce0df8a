/**
 * fromFile(path, { loop: true }) with real ffmpeg: the options it puts before `-i` make a 1 s file play past its end,
 * at real-time pace (`-re`), as a live source does.
 */
import { expect } from 'chai';
import { execa } from 'execa';
import { fileInput } from '../../sources/from-file.js';
import { makeTestVideo } from '../helpers/media.js';
import { requireFfmpeg } from '../helpers/require-tool.js';

describe('fromFile({ loop: true }) with real ffmpeg', function () {
  this.timeout(60_000);
  before(requireFfmpeg);

  it('reads a 1 s file for 3 s of media, taking about 3 s of wall time', async () => {
    const clip = await makeTestVideo({ durationSeconds: 1 });
    const input = fileInput(clip, { loop: true });
    const startedAt = performance.now();
    const { stderr } = await execa('ffmpeg', ['-hide_banner', '-nostdin', ...input.inputOptions, '-i', input.uri, '-t', '3', '-f', 'null', '-'], { timeout: 30_000 });
    const wallMs = performance.now() - startedAt;
    const times = [...stderr.matchAll(/time=(\d+):(\d+):(\d+\.\d+)/gu)].map((m) => Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]));
    expect(times.at(-1), stderr).to.be.closeTo(3, 0.2);
    expect(wallMs, 'real-time pace (-re)').to.be.above(2500);
  });
});
