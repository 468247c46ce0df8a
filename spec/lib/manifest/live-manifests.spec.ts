import { expect } from 'chai';
import { addUtcTiming } from '../../../lib/manifest/add-utc-timing.js';
import { endLiveMediaPlaylist } from '../../../lib/manifest/end-live-media-playlist.js';
import { trimStaticMpd } from '../../../lib/manifest/trim-static-mpd.js';

const STATIC = `<?xml version="1.0"?>
<MPD type="static" mediaPresentationDuration="PT12.9S" maxSegmentDuration="PT2.0S">
\t<Period id="0" start="PT0.0S">
\t\t<AdaptationSet id="0" contentType="video">
\t\t\t<Representation id="0"><SegmentTemplate timescale="1000000" duration="2000000" initialization="i_$RepresentationID$.m4s" media="c_$RepresentationID$_$Number%05d$.m4s" startNumber="1"></SegmentTemplate></Representation>
\t\t</AdaptationSet>
\t</Period>
</MPD>
`;

describe('live manifests', () => {
  it('endLiveMediaPlaylist adds ENDLIST once and keeps the type and PROGRAM-DATE-TIME', () => {
    const text = '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXTINF:2.0,\n#EXT-X-PROGRAM-DATE-TIME:2025-01-01T00:00:00.000+0000\na_00000.ts\n';
    const ended = endLiveMediaPlaylist(text);
    expect(ended).to.equal(`${text}#EXT-X-ENDLIST\n`);
    expect(endLiveMediaPlaylist(ended)).to.equal(ended);
    expect(() => endLiveMediaPlaylist('nope')).to.throw(/EXTM3U/u);
  });

  it('addUtcTiming writes a direct UTCTiming before </MPD>, once', () => {
    const xml = addUtcTiming('<MPD type="dynamic"><Period/></MPD>', new Date('2025-01-01T00:00:00Z'));
    expect(xml).to.equal('<MPD type="dynamic"><Period/>\t<UTCTiming schemeIdUri="urn:mpeg:dash:utc:direct:2014" value="2025-01-01T00:00:00.000Z"/>\n</MPD>');
    expect(addUtcTiming(xml, new Date())).to.equal(xml);
  });

  it('trimStaticMpd starts the templates at the first segment on disk and shortens the presentation', () => {
    const trimmed = trimStaticMpd(STATIC, { firstNumber: 4 });
    expect(trimmed).to.contain('startNumber="4"').and.contain('presentationTimeOffset="6000000"');
    // 12.9 s - 3 segments of 2 s, + 0.1 s for ffmpeg's rounding.
    expect(trimmed).to.contain('mediaPresentationDuration="PT7S"');
  });

  it('trimStaticMpd with nothing to drop only makes up for ffmpeg’s 0.1 s rounding', () => {
    const same = trimStaticMpd(STATIC, { firstNumber: 1 });
    expect(same).to.contain('startNumber="1"').and.contain('mediaPresentationDuration="PT13S"').and.not.contain('presentationTimeOffset');
  });

  it('trimStaticMpd never implies a segment past the last one on disk (a job stopped just after a segment boundary)', () => {
    // 12.9 s + 0.1 s = 13 s would imply 7 segments of 2 s; only 1..6 were written (the video ended at 12 s, the
    // audio a few milliseconds later): the Period ends with segment 6.
    expect(trimStaticMpd(STATIC, { firstNumber: 1, lastNumber: 6 })).to.contain('mediaPresentationDuration="PT12S"');
    expect(trimStaticMpd(STATIC, { firstNumber: 4, lastNumber: 6 })).to.contain('mediaPresentationDuration="PT6S"');
    // All 7 on disk: nothing to cap.
    expect(trimStaticMpd(STATIC, { firstNumber: 1, lastNumber: 7 })).to.contain('mediaPresentationDuration="PT13S"');
  });
});
