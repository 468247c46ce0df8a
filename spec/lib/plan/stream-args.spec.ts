import { expect } from 'chai';
import { buildAudioFilter, buildFilterGraph, buildStreamArgs, outputFrameRate } from '../../../lib/plan/stream-args.js';
import { AAC, H264, audioOnlyPlan, makePlan, rung, valueOf, valuesOf, videoOnlyPlan } from './make-plan.js';

const count = (argv: readonly string[], arg: string): number => argv.filter((a) => a === arg).length;

describe('buildStreamArgs()', () => {
  it('decodes once, splits to every rung, maps audio once, and sets per-rung rates (snapshot)', () => {
    // A changed ffmpeg command line is a behaviour change: this argv (with these values) was run through
    // ffmpeg 5.1 as part of an HLS job and produced every rung.
    expect(buildStreamArgs(makePlan())).to.deep.equal([
      '-i', '/media/in.mp4',
      '-filter_complex',
      '[0:0]split=2[s0][s1];[s0]scale=1280:720:flags=bicubic,setsar=1,format=yuv420p[v0];[s1]scale=640:360:flags=bicubic,setsar=1,format=yuv420p[v1]',
      '-map', '[v0]', '-map', '[v1]', '-map', '0:1',
      '-c:v', 'libx264',
      '-preset:v', 'veryfast', '-sc_threshold:v', '0', '-flags:v', '+cgop',
      '-force_key_frames:v', 'expr:gte(t,n_forced*2)', '-g:v', '60',
      '-b:v:0', '3000000', '-maxrate:v:0', '3600000', '-bufsize:v:0', '6000000',
      '-b:v:1', '800000', '-maxrate:v:1', '960000', '-bufsize:v:1', '1600000',
      '-c:a', 'aac', '-b:a', '128000', '-ac', '2',
      '-sn', '-dn', '-map_metadata', '-1', '-map_chapters', '-1',
    ]);
  });

  it('gives every rung exactly one -b:v:i, -maxrate:v:i and -bufsize:v:i with its own values', () => {
    const rungs = [rung('1080p', 1920, 1080, 6_000_000), rung('720p', 1280, 720, 3_000_000), rung('540p', 960, 540, 2_000_000), rung('360p', 640, 360, 800_000)];
    const argv = buildStreamArgs(makePlan({ rungs }));
    rungs.forEach((r, i) => {
      expect(valueOf(argv, `-b:v:${i}`), `rung ${i}`).to.equal(String(r.videoBitrateBps));
      expect(valueOf(argv, `-maxrate:v:${i}`), `rung ${i}`).to.equal(String(r.maxrateBps));
      expect(valueOf(argv, `-bufsize:v:${i}`), `rung ${i}`).to.equal(String(r.bufsizeBits));
    });
    expect(argv.filter((a) => /^-b:v:\d+$/u.test(a))).to.have.length(4);
    expect(valuesOf(argv, '-map')).to.deep.equal(['[v0]', '[v1]', '[v2]', '[v3]', '0:1']);
    expect(count(argv, '-filter_complex')).to.equal(1);
    expect(count(argv, '-c:v')).to.equal(1);
  });

  it('puts input options before -i, where ffmpeg applies them to the input', () => {
    const argv = buildStreamArgs(makePlan({ input: { kind: 'url', uri: 'rtsp://cam/1', inputOptions: ['-rtsp_transport', 'tcp'], isLive: true, label: 'cam' } }));
    expect(argv.slice(0, 4)).to.deep.equal(['-rtsp_transport', 'tcp', '-i', 'rtsp://cam/1']);
  });

  it("lets the format's video options override the encoder defaults, each option once", () => {
    const argv = buildStreamArgs(makePlan({ video: { ...H264, options: { preset: 'slow', crf: '20' } } }));
    expect(valuesOf(argv, '-preset:v')).to.deep.equal(['slow']);
    expect(valueOf(argv, '-crf:v')).to.equal('20');
    expect(valueOf(argv, '-sc_threshold:v')).to.equal('0');
  });

  it("adds a rung's own options with its output stream index, and the audio options to the audio", () => {
    const argv = buildStreamArgs(makePlan({ rungs: [rung('720p', 1280, 720, 3_000_000), rung('360p', 640, 360, 800_000, { crf: '23' })], audio: { ...AAC, options: { profile: 'aac_low' } } }));
    expect(valueOf(argv, '-crf:v:1')).to.equal('23');
    expect(argv).not.to.include('-crf:v:0');
    expect(valueOf(argv, '-profile:a')).to.equal('aac_low');
    expect(argv.indexOf('-crf:v:1')).to.be.greaterThan(argv.indexOf('-bufsize:v:1'));
  });

  it('sets the GOP from the output frame rate and the key-frame interval', () => {
    const gop = (sourceFrameRate: number | null, keyFrameIntervalSeconds = 2): string[] =>
      valuesOf(buildStreamArgs(makePlan({ video: { ...H264, sourceFrameRate }, keyFrameIntervalSeconds })), '-g:v');
    expect(gop(25)).to.deep.equal(['50']);
    expect(gop(29.97)).to.deep.equal(['60']); // 59.94 frames → 60
    expect(gop(120)).to.deep.equal(['120']); // encoded at 60 fps
    expect(gop(30, 1.5)).to.deep.equal(['45']);
    expect(gop(30, 0.01)).to.deep.equal(['1']); // never 0
    expect(gop(null)).to.deep.equal([]); // unknown rate: only -force_key_frames
  });

  it('forces key frames at the interval whatever the frame rate', () => {
    expect(valueOf(buildStreamArgs(makePlan({ keyFrameIntervalSeconds: 1.5 })), '-force_key_frames:v')).to.equal('expr:gte(t,n_forced*1.5)');
    expect(valueOf(buildStreamArgs(makePlan({ video: { ...H264, sourceFrameRate: null } })), '-force_key_frames:v')).to.equal('expr:gte(t,n_forced*2)');
  });

  it('maps and encodes only the audio for an audio-only plan', () => {
    expect(buildStreamArgs(audioOnlyPlan())).to.deep.equal([
      '-i', '/media/in.mp4',
      '-map', '0:0',
      '-c:a', 'aac', '-b:a', '128000', '-ac', '2',
      '-sn', '-dn', '-map_metadata', '-1', '-map_chapters', '-1',
    ]);
  });

  it('has no audio mapping or audio codec for a video-only plan', () => {
    const argv = buildStreamArgs(videoOnlyPlan());
    expect(valuesOf(argv, '-map')).to.deep.equal(['[v0]', '[v1]']);
    for (const option of ['-c:a', '-b:a', '-ac']) expect(argv, option).not.to.include(option);
  });

  it('encodes mono audio as mono', () => {
    expect(valueOf(buildStreamArgs(makePlan({ audio: { ...AAC, channels: 1, bitrateBps: 64_000 } })), '-ac')).to.equal('1');
  });
});

describe('buildFilterGraph()', () => {
  const chain = (w: number, h: number, out: string, pix = 'yuv420p'): string => `scale=${w}:${h}:flags=bicubic,setsar=1,format=${pix}[${out}]`;

  it('has no split for a single rung', () => {
    const graph = buildFilterGraph(makePlan({ rungs: [rung('720p', 1280, 720, 3_000_000)] }));
    expect(graph).to.equal(`[0:0]${chain(1280, 720, 'v0')}`);
    expect(graph).not.to.include('split');
  });

  it('splits exactly once into one scaled chain per rung', () => {
    const graph = buildFilterGraph(makePlan({ rungs: [rung('1080p', 1920, 1080, 6e6), rung('720p', 1280, 720, 3e6), rung('360p', 640, 360, 8e5)] }));
    expect(graph).to.equal(`[0:0]split=3[s0][s1][s2];[s0]${chain(1920, 1080, 'v0')};[s1]${chain(1280, 720, 'v1')};[s2]${chain(640, 360, 'v2')}`);
    expect(graph.match(/split=/gu)).to.have.length(1);
  });

  it('reads the chosen video stream and writes the chosen pixel format', () => {
    const graph = buildFilterGraph(makePlan({ videoStreamIndex: 2, video: { ...H264, pixelFormat: 'yuv420p10le' }, rungs: [rung('720p', 1280, 720, 3e6)] }));
    expect(graph).to.equal(`[0:2]${chain(1280, 720, 'v0', 'yuv420p10le')}`);
  });

  it('resamples once, before the split, only when the source is above maxFrameRate', () => {
    const graphAt = (sourceFrameRate: number | null, rungs = makePlan().rungs): string => buildFilterGraph(makePlan({ video: { ...H264, sourceFrameRate }, rungs }));
    expect(graphAt(120)).to.equal(`[0:0]fps=60,split=2[s0][s1];[s0]${chain(1280, 720, 'v0')};[s1]${chain(640, 360, 'v1')}`);
    expect(graphAt(120, [rung('720p', 1280, 720, 3e6)])).to.equal(`[0:0]fps=60,${chain(1280, 720, 'v0')}`);
    expect(graphAt(119.88)).to.match(/^\[0:0\]fps=59\.94,split=2/u);
    for (const rate of [60, 59.94, 50, 30, 29.97, 25, 24, null]) expect(graphAt(rate), String(rate)).not.to.include('fps=');
  });

  it('honours a lower maxFrameRate', () => {
    expect(buildFilterGraph(makePlan({ video: { ...H264, sourceFrameRate: 50, maxFrameRate: 30 } }))).to.match(/^\[0:0\]fps=25,split=2/u);
  });

  it('is empty without a video stream', () => {
    expect(buildFilterGraph(audioOnlyPlan())).to.equal('');
  });
});

describe('outputFrameRate()', () => {
  it('keeps rates at or below the cap, fractional NTSC rates included', () => {
    for (const rate of [60, 59.94, 50, 30, 29.97, 25, 24, 23.976]) expect(outputFrameRate(rate, 60), String(rate)).to.equal(rate);
  });

  it('halves until the rate fits, so frames are dropped evenly (120 → 60, 100 → 50, 240 → 60, 119.88 → 59.94)', () => {
    expect(outputFrameRate(120, 60)).to.equal(60);
    expect(outputFrameRate(100, 60)).to.equal(50);
    expect(outputFrameRate(240, 60)).to.equal(60);
    expect(outputFrameRate(119.88, 60)).to.equal(59.94);
    expect(outputFrameRate(60, 30)).to.equal(30);
  });

  it('tolerates a hair above the cap (60.005 from a rounded time base) instead of halving it to 30', () => {
    expect(outputFrameRate(60.005, 60)).to.equal(60.005);
  });

  it('is null when the source rate is unknown', () => {
    expect(outputFrameRate(null, 60)).to.equal(null);
  });
});

describe('buildAudioFilter() / audio end trim', () => {
  it('maps the audio through atrim when the plan ends it with the video (VOD)', () => {
    const plan = makePlan({ audio: { ...AAC, endSeconds: 11.957333 } });
    const args = buildStreamArgs(plan);
    const graph = args[args.indexOf('-filter_complex') + 1] ?? '';
    expect(graph.split(';').at(-1)).to.equal('[0:1]atrim=end=11.957333[a0]');
    expect(args.filter((a, i) => args[i - 1] === '-map')).to.include('[a0]').and.not.include('0:1');
  });
  it('maps the audio stream directly when there is no end (live, unknown duration)', () => {
    const args = buildStreamArgs(makePlan());
    expect(buildAudioFilter(makePlan())).to.equal('');
    expect(args.filter((a, i) => args[i - 1] === '-map')).to.include('0:1');
  });
});
