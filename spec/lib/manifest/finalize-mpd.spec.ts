import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { finalizeMpd } from '../../../lib/manifest/finalize-mpd.js';
import { readMpd } from '../../../lib/manifest/read-mpd.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/manifest/${name}`, import.meta.url), 'utf8');

/** The lines that differ between two texts with the same number of lines. */
function changedLines(before: string, after: string): [string, string][] {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b).to.have.length(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i] ?? '']]));
}

describe('finalizeMpd()', () => {
  it('rewrites only maxSegmentDuration, minBufferTime, bandwidth and codecs of an H.264/AAC MPD', () => {
    const xml = fixture('ffmpeg-5.1-h264-aac.mpd');
    const out = finalizeMpd(xml, {
      maxSegmentDurationSeconds: 4.0106667,
      renditions: [
        { id: '0', peakBps: 812_345.2, codecs: 'avc1.64001e' },
        { id: '1', peakBps: 312_000, codecs: 'avc1.64000d' },
        { id: '2', peakBps: 100_390.9, codecs: 'mp4a.40.2' },
      ],
    });
    expect(changedLines(xml, out)).to.deep.equal([
      ['\tmaxSegmentDuration="PT4.0S"', '\tmaxSegmentDuration="PT4.011S"'],
      ['\tminBufferTime="PT8.0S">', '\tminBufferTime="PT4.011S">'],
      [
        '\t\t\t<Representation id="0" mimeType="video/mp4" codecs="avc1.64001e" bandwidth="800000" width="640" height="360" sar="1:1">',
        '\t\t\t<Representation id="0" mimeType="video/mp4" codecs="avc1.64001e" bandwidth="812346" width="640" height="360" sar="1:1">',
      ],
      [
        '\t\t\t<Representation id="1" mimeType="video/mp4" codecs="avc1.64000d" bandwidth="300000" width="320" height="180" sar="1:1">',
        '\t\t\t<Representation id="1" mimeType="video/mp4" codecs="avc1.64000d" bandwidth="312000" width="320" height="180" sar="1:1">',
      ],
      [
        '\t\t\t<Representation id="2" mimeType="audio/mp4" codecs="mp4a.40.2" bandwidth="96000" audioSamplingRate="48000">',
        '\t\t\t<Representation id="2" mimeType="audio/mp4" codecs="mp4a.40.2" bandwidth="100391" audioSamplingRate="48000">',
      ],
    ]);
    const reread = readMpd(out);
    expect(reread.maxSegmentDurationSeconds).to.equal(4.011);
    expect(reread.periods[0]?.adaptationSets[1]?.representations[0]?.bandwidthBps).to.equal(100_391);
  });

  it("replaces ffmpeg's bare hvc1 with the exact HEVC string", () => {
    const xml = fixture('ffmpeg-5.1-hevc-flac.mpd');
    const out = finalizeMpd(xml, { maxSegmentDurationSeconds: 2, renditions: [{ id: '0', peakBps: 1, codecs: 'hvc1.1.6.L60.90' }, { id: '1', peakBps: 2, codecs: 'flac' }] }, { minBufferTimeSeconds: 6 });
    expect(out).to.include('codecs="hvc1.1.6.L60.90" bandwidth="1"');
    expect(out).to.include('minBufferTime="PT6S"');
    expect(changedLines(xml, out)).to.have.length(4);
  });

  it('leaves the VP9/Opus and AV1 MPDs identical apart from the edited attributes', () => {
    for (const name of ['ffmpeg-5.1-vp9-opus.mpd', 'ffmpeg-5.1-av1-aac.mpd']) {
      const xml = fixture(name);
      const reps = readMpd(xml).periods.flatMap((p) => p.adaptationSets.flatMap((s) => s.representations));
      const out = finalizeMpd(xml, { maxSegmentDurationSeconds: 2, renditions: reps.map((r) => ({ id: r.id, peakBps: r.bandwidthBps, codecs: r.codecs ?? '' })) });
      const strip = (t: string): string => t.replace(/ (maxSegmentDuration|minBufferTime|bandwidth|codecs)="[^"]*"/gu, '').replace(/\t(maxSegmentDuration|minBufferTime)="[^"]*"/gu, '');
      expect(strip(out)).to.equal(strip(xml));
      expect(out).to.include('maxSegmentDuration="PT2S"');
    }
  });

  it('adds missing attributes, escapes values, and handles single quotes', () => {
    const xml = "<MPD type='static'><Period><AdaptationSet><Representation id='a' bandwidth='1'/></AdaptationSet></Period></MPD>";
    expect(finalizeMpd(xml, { maxSegmentDurationSeconds: 1.5, renditions: [{ id: 'a', peakBps: 7, codecs: 'x"y' }] })).to.equal(
      `<MPD type='static' maxSegmentDuration="PT1.5S" minBufferTime="PT1.5S"><Period><AdaptationSet><Representation id='a' bandwidth="7" codecs="x&quot;y"/></AdaptationSet></Period></MPD>`,
    );
  });

  it('refuses measurements that do not match the MPD', () => {
    const xml = fixture('ffmpeg-5.1-av1-aac.mpd');
    expect(() => finalizeMpd(xml, { maxSegmentDurationSeconds: 2, renditions: [{ id: '0', peakBps: 1, codecs: 'av01.0.00M.08' }] })).to.throw(/Representation "1" of the MPD was not measured/u);
    const both = [
      { id: '0', peakBps: 1, codecs: 'a' },
      { id: '1', peakBps: 1, codecs: 'b' },
      { id: '9', peakBps: 1, codecs: 'c' },
    ];
    expect(() => finalizeMpd(xml, { maxSegmentDurationSeconds: 2, renditions: both })).to.throw(/"9"/u);
    expect(() => finalizeMpd('<html/>', { maxSegmentDurationSeconds: 2, renditions: [] })).to.throw(/no <MPD>/u);
  });
});
