import { expect } from 'chai';
import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastValueFrom, toArray } from 'rxjs';
import { Bitrate, Formats, Representation, Size, formatFromName, fromFile, input, isPackagerError, packageDash, packageHls, type PackagingEvent } from '../../lib/index.js';
import { makeTestFile, makeTestVideo, makeTruncatedCopy } from '../helpers/media.js';
import { pidsMatching } from '../helpers/process.js';
import { requireFfmpeg } from '../helpers/require-tool.js';

const FAKE = fileURLToPath(new URL('../fixtures/fake-ffmpeg.mjs', import.meta.url));

/** Runs an HLS job and returns the error it failed with plus the events seen before. */
async function failingJob(source: string, output: string, extra: Partial<Parameters<typeof packageHls>[0]> = {}) {
  const events: PackagingEvent[] = [];
  const error = await lastValueFrom(
    fromFile(source).pipe(packageHls({ output, format: Formats.h264({ videoOptions: { preset: 'ultrafast' } }), segmentDurationSeconds: 2, ...extra }), toArray()),
  ).then(
    (list) => {
      events.push(...list);
      return undefined;
    },
    (e: unknown) => e,
  );
  return { error: error as { code?: string; message: string } | undefined, events };
}

describe('bad input: typed errors before ffmpeg starts, nothing left behind', function () {
  this.timeout(120_000);
  let out: string;
  before(requireFfmpeg);
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'bad-it-'));
  });
  afterEach(async () => {
    // No ffmpeg may outlive a job: none writing into this test's directory is still running.
    expect(await pidsMatching(out)).to.deep.equal([]);
    await rm(out, { recursive: true, force: true });
  });

  const cases: { name: string; make: () => Promise<string>; code: string; message: RegExp }[] = [
    { name: 'a missing file', make: async () => join(out, 'nope.mp4'), code: 'INPUT_NOT_FOUND', message: /nope\.mp4/u },
    { name: 'an empty file', make: () => makeTestFile('empty.mp4', ''), code: 'INPUT_EMPTY', message: /empty/iu },
    { name: 'a text file named .mp4', make: () => makeTestFile('notes.mp4', 'these are my notes, not a video\n'.repeat(20)), code: 'INPUT_UNREADABLE', message: /not a media file|Invalid data/iu },
    { name: 'a truncated MP4 (moov missing)', make: async () => makeTruncatedCopy(await makeTestVideo({ durationSeconds: 3 })), code: 'INPUT_UNREADABLE', message: /moov/iu },
  ];
  for (const c of cases) {
    it(`rejects ${c.name} with ${c.code} and no manifest`, async () => {
      const { error, events } = await failingJob(await c.make(), join(out, 'master.m3u8'));
      expect(isPackagerError(error), String(error)).to.equal(true);
      expect(error?.code).to.equal(c.code);
      expect(error?.message).to.match(c.message);
      expect(events.filter((e) => e.type === 'start'), 'ffmpeg never started').to.have.length(0);
      expect(await readdir(out)).to.not.include('master.m3u8');
    });
  }

  it('rejects a video ladder asked of an input with no video (NO_VIDEO_STREAM)', async () => {
    const audioOnly = await makeTestVideo({ video: false, durationSeconds: 2 });
    const { error } = await failingJob(audioOnly, join(out, 'master.m3u8'), { representations: [new Representation(new Size(640, 360), new Bitrate(800_000))] });
    expect(error?.code).to.equal('NO_VIDEO_STREAM');
    expect(error?.message).to.match(/audio-only/u);
  });

  it('rejects unknown codecs and decoders used as encoders (UNKNOWN_CODEC), synchronously', () => {
    expect(() => Formats.h264({ videoEncoder: 'h264_cuvid' })).to.throw().with.property('code', 'UNKNOWN_CODEC');
    expect(() => formatFromName('divx')).to.throw(/divx/u).with.property('code', 'UNKNOWN_CODEC');
  });

  it('rejects an encoder the installed ffmpeg lacks (ENCODER_MISSING), before encoding', async () => {
    const source = await makeTestVideo({ durationSeconds: 2 });
    process.env['FAKE_FFMPEG_NO_X264'] = '1';
    try {
      const { error, events } = await failingJob(source, join(out, 'master.m3u8'), { ffmpegPath: FAKE });
      expect(error?.code).to.equal('ENCODER_MISSING');
      expect(error?.message).to.contain('libx264');
      expect(events).to.have.length(0);
    } finally {
      delete process.env['FAKE_FFMPEG_NO_X264'];
    }
  });

  it('rejects odd and zero sizes when the representation is made', () => {
    expect(() => new Representation(new Size(641, 360), new Bitrate(500_000))).to.throw(/even/u).with.property('code', 'INVALID_OPTION');
    expect(() => new Size(0, 360)).to.throw().with.property('code', 'INVALID_OPTION');
    expect(() => new Size(-2, 360)).to.throw().with.property('code', 'INVALID_OPTION');
  });

  it('allows a representation larger than the source when it is given explicitly', async () => {
    const source = await makeTestVideo({ width: 320, height: 180, durationSeconds: 2 });
    const result = await input(source)
      .hls(Formats.h264({ videoOptions: { preset: 'ultrafast' } }), { segmentDurationSeconds: 2 })
      .representations(new Representation(new Size(640, 360), new Bitrate(500_000)))
      .output(join(out, 'up.m3u8'));
    const video = result.presentation?.renditions.find((r) => r.type === 'video');
    expect(video?.type === 'video' ? video.height : 0).to.equal(360);
  });

  it('rejects an unwritable output directory (OUTPUT_NOT_WRITABLE) before ffmpeg starts', async () => {
    const source = await makeTestVideo({ durationSeconds: 2 });
    const blocker = join(out, 'a-file');
    await writeFile(blocker, 'x');
    const { error, events } = await failingJob(source, join(blocker, 'sub', 'master.m3u8'));
    expect(error?.code).to.equal('OUTPUT_NOT_WRITABLE');
    expect(error?.message).to.contain(join(blocker, 'sub'));
    expect(events).to.have.length(0);
  });

  it('rejects bad options synchronously at pipe() time', () => {
    expect(() => packageHls({ output: join(out, 'x.m3u8'), segmentDurationSeconds: 5 })).to.throw(/whole multiple/u);
    expect(() => packageHls({ output: join(out, 'x.mp4') })).to.throw(/\.m3u8/u);
    expect(() => packageDash({ output: join(out, 'x.mpd'), segmentDurationSeconds: 0 })).to.throw().with.property('code', 'INVALID_OPTION');
    expect(() => packageHls({ output: join(out, 'x.m3u8'), format: Formats.vp9(), segmentType: 'mpegts' })).to.throw(/fMP4|fmp4/u);
  });

  it('reports a missing ffmpeg binary with how to install it', async () => {
    const source = await makeTestVideo({ durationSeconds: 2 });
    const { error } = await failingJob(source, join(out, 'master.m3u8'), { ffmpegPath: join(out, 'no-such-ffmpeg') });
    expect(error?.code).to.equal('FFMPEG_NOT_FOUND');
    expect(error?.message).to.match(/apt-get install ffmpeg/u);
  });

  it('when ffmpeg itself fails: FFMPEG_FAILED with its words, and the files it wrote are removed', async () => {
    const source = await makeTestVideo({ durationSeconds: 2 });
    const { error } = await failingJob(source, join(out, 'master.m3u8'), { extraArgs: ['-hls_segment_type', 'not-a-type'] });
    expect(error?.code).to.equal('FFMPEG_FAILED');
    expect(error?.message).to.match(/hls_segment_type|not-a-type|Invalid/u);
    expect(await readdir(out)).to.deep.equal([]);
  });

  it('never runs a shell: $(...) and ; in an input path stay a path', async () => {
    const source = await makeTestVideo({ durationSeconds: 2 });
    const weird = join(out, 'a; touch pwned $(touch pwned2) `x`.mp4');
    await writeFile(weird, await (await import('node:fs/promises')).readFile(source));
    await chmod(weird, 0o644);
    const result = await input(weird).hls(Formats.h264({ videoOptions: { preset: 'ultrafast' } }), { segmentDurationSeconds: 2 }).output(join(out, 'w.m3u8'));
    expect(result.presentation?.renditions.length).to.be.greaterThan(0);
    const names = await readdir(out);
    expect(names).to.not.include('pwned');
    expect(names).to.not.include('pwned2');
  });
});
