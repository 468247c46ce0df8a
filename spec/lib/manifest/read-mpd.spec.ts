import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { formatIsoDurationSeconds, parseIsoDurationSeconds } from '../../../lib/manifest/iso8601-duration.js';
import { readMpd } from '../../../lib/manifest/read-mpd.js';
import { formatSegmentTemplate } from '../../../lib/manifest/segment-template.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/manifest/${name}`, import.meta.url), 'utf8');

function mpd(body: string, attributes = 'type="static" mediaPresentationDuration="PT10S"'): string {
  return `<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" ${attributes}>${body}</MPD>`;
}

describe('readMpd()', () => {
  it('reads an ffmpeg 5.1 H.264/AAC MPD and expands its SegmentTimeline', () => {
    const m = readMpd(fixture('ffmpeg-5.1-h264-aac.mpd'));
    expect(m).to.include({ type: 'static', mediaPresentationDurationSeconds: 13, maxSegmentDurationSeconds: 4, minBufferTimeSeconds: 8 });
    const [video, audio] = m.periods[0]?.adaptationSets ?? [];
    expect(video?.contentType).to.equal('video');
    const rep = video?.representations[0];
    expect(rep).to.include({ id: '0', bandwidthBps: 800000, codecs: 'avc1.64001e', mimeType: 'video/mp4', width: 640, height: 360, frameRate: 30, initUri: 'clip_init_0.m4s' });
    expect(rep?.segments.map((s) => [s.uri, s.number, s.timeTicks, s.startSeconds, s.durationSeconds])).to.deep.equal([
      ['clip_chunk_0_00001.m4s', 1, 0, 0, 4],
      ['clip_chunk_0_00002.m4s', 2, 61440, 4, 4],
      ['clip_chunk_0_00003.m4s', 3, 122880, 8, 4],
      ['clip_chunk_0_00004.m4s', 4, 184320, 12, 1],
    ]);
    const a = audio?.representations[0];
    expect(a).to.include({ id: '2', audioSamplingRateHz: 48000, channels: 1, codecs: 'mp4a.40.2' });
    expect(a?.segments.map((s) => s.durationSeconds)).to.deep.equal([189440 / 48000, 191488 / 48000, 192512 / 48000, 50560 / 48000]);
    expect(a?.segments[3]?.startSeconds).to.be.closeTo((189440 + 191488 + 192512) / 48000, 1e-9);
  });

  it('reads the VP9/Opus and AV1 MPDs ffmpeg writes', () => {
    const vp9 = readMpd(fixture('ffmpeg-5.1-vp9-opus.mpd')).periods[0]?.adaptationSets;
    expect(vp9?.map((s) => s.representations[0]?.codecs)).to.deep.equal(['vp09.00.11.08', 'opus']);
    expect(vp9?.[0]?.representations[0]?.segments.map((s) => s.uri)).to.deep.equal(['chunk-stream0-00001.m4s', 'chunk-stream0-00002.m4s']);
    const av1 = readMpd(fixture('ffmpeg-5.1-av1-aac.mpd')).periods[0]?.adaptationSets[0]?.representations[0];
    expect(av1).to.include({ codecs: 'av01.0.00M.08', initUri: 'init-stream0.m4s' });
  });

  it('expands SegmentTemplate@duration up to the Period end, inheriting from the AdaptationSet', () => {
    const m = readMpd(
      mpd(`<Period><AdaptationSet mimeType="audio/mp4" lang="en" codecs="mp4a.40.2">
        <SegmentTemplate timescale="1000" duration="4000" startNumber="0" media="a/$RepresentationID$-$Number$-$Bandwidth$.m4s" initialization="a/$RepresentationID$.mp4"/>
        <Representation id="aud" bandwidth="64000"><AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2"/></Representation>
      </AdaptationSet></Period>`),
    );
    const set = m.periods[0]?.adaptationSets[0];
    expect(set).to.include({ contentType: 'audio', language: 'en' });
    const rep = set?.representations[0];
    expect(rep).to.include({ codecs: 'mp4a.40.2', channels: 2, initUri: 'a/aud.mp4' });
    expect(rep?.segments.map((s) => [s.uri, s.startSeconds, s.durationSeconds])).to.deep.equal([
      ['a/aud-0-64000.m4s', 0, 4],
      ['a/aud-1-64000.m4s', 4, 4],
      ['a/aud-2-64000.m4s', 8, 2],
    ]);
  });

  it('handles $Time$, presentationTimeOffset, r="-1", a Period start and BaseURL', () => {
    const m = readMpd(
      mpd(
        `<BaseURL>media/</BaseURL><Period start="PT2S" duration="PT6S"><AdaptationSet contentType="video" frameRate="30000/1001">
          <Representation id="v" bandwidth="1" width="640" height="360"><BaseURL>v/</BaseURL>
            <SegmentTemplate timescale="90000" presentationTimeOffset="90000" media="$Time%08d$.m4s" initialization="init.mp4">
              <SegmentTimeline><S t="90000" d="180000" r="-1"/></SegmentTimeline>
            </SegmentTemplate>
          </Representation></AdaptationSet></Period>`,
        'type="static" mediaPresentationDuration="PT8S"',
      ),
    );
    const rep = m.periods[0]?.adaptationSets[0]?.representations[0];
    expect(m.periods[0]).to.include({ startSeconds: 2, durationSeconds: 6 });
    expect(rep?.frameRate).to.be.closeTo(29.97, 0.001);
    expect(rep?.initUri).to.equal('media/v/init.mp4');
    expect(rep?.segments.map((s) => [s.uri, s.startSeconds, s.durationSeconds])).to.deep.equal([
      ['media/v/00090000.m4s', 2, 2],
      ['media/v/00270000.m4s', 4, 2],
      ['media/v/00450000.m4s', 6, 2],
    ]);
  });

  it('reads SegmentList addressing with media ranges', () => {
    const m = readMpd(
      mpd(`<Period><AdaptationSet mimeType="video/mp4"><Representation id="1" bandwidth="5">
        <SegmentList timescale="10" duration="50"><Initialization sourceURL="i.mp4"/>
          <SegmentURL media="s1.m4s"/><SegmentURL media="s2.m4s" mediaRange="100-199"/></SegmentList>
      </Representation></AdaptationSet></Period>`),
    );
    const rep = m.periods[0]?.adaptationSets[0]?.representations[0];
    expect(rep?.initUri).to.equal('i.mp4');
    expect(rep?.segments.map((s) => [s.uri, s.startSeconds, s.durationSeconds, s.byteRange])).to.deep.equal([
      ['s1.m4s', 0, 5, undefined],
      ['s2.m4s', 5, 5, { offsetBytes: 100, lengthBytes: 100 }],
    ]);
  });

  it('refuses SegmentBase, open-ended live timelines and non-MPD documents', () => {
    expect(() => readMpd(mpd('<Period><AdaptationSet><Representation id="1" bandwidth="1"><SegmentBase indexRange="0-99"/></Representation></AdaptationSet></Period>'))).to.throw(/SegmentBase/u);
    const live = mpd('<Period start="PT0S"><AdaptationSet><Representation id="1" bandwidth="1"><SegmentTemplate media="$Number$"><SegmentTimeline><S t="0" d="1" r="-1"/></SegmentTimeline></SegmentTemplate></Representation></AdaptationSet></Period>', 'type="dynamic"');
    expect(() => readMpd(live)).to.throw(/open-ended/u);
    expect(() => readMpd('<html></html>')).to.throw(/no <MPD>/u);
  });
});

describe('ISO 8601 durations', () => {
  it('parses the forms MPDs use', () => {
    expect(parseIsoDurationSeconds('PT1M2.5S')).to.equal(62.5);
    expect(parseIsoDurationSeconds('PT13.0S')).to.equal(13);
    expect(parseIsoDurationSeconds('P1DT1H')).to.equal(90000);
    expect(parseIsoDurationSeconds('PT0S')).to.equal(0);
    expect(() => parseIsoDurationSeconds('P1Y')).to.throw(/ISO 8601/u);
    expect(() => parseIsoDurationSeconds('PT')).to.throw(/ISO 8601/u);
  });
  it('formats seconds rounded up to the millisecond, so a maximum stays true', () => {
    expect(formatIsoDurationSeconds(4.0106667)).to.equal('PT4.011S');
    expect(formatIsoDurationSeconds(4)).to.equal('PT4S');
    expect(formatIsoDurationSeconds(3723.5)).to.equal('PT1H2M3.5S');
    expect(formatIsoDurationSeconds(0)).to.equal('PT0S');
    expect(parseIsoDurationSeconds(formatIsoDurationSeconds(62.0004))).to.be.at.least(62.0004);
  });
});

describe('formatSegmentTemplate()', () => {
  it('substitutes identifiers with widths and $$', () => {
    expect(formatSegmentTemplate('$RepresentationID$/$Number%05d$-$Time$-$Bandwidth$$$.m4s', { representationId: 'v0', bandwidthBps: 800000, number: 7, timeTicks: 1234 })).to.equal('v0/00007-1234-800000$.m4s');
    expect(() => formatSegmentTemplate('init-$Number$.mp4', { representationId: 'v0', bandwidthBps: 1 })).to.throw(/\$Number\$/u);
  });
});
