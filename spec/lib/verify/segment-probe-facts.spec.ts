import { expect } from 'chai';
import { segmentProbeFacts } from '../../../lib/verify/segment-probe-facts.js';

const packet = (pts: number, pos: number, key = false, duration = 0.033333) => ({ type: 'packet', pts_time: pts.toFixed(6), duration_time: String(duration), flags: key ? 'K_' : '__', pos: String(pos) });
const frame = (pts: number) => ({ type: 'frame', key_frame: 1, pict_type: 'I', pts_time: pts.toFixed(6) });

describe('segmentProbeFacts()', () => {
  const spans = [
    { offsetBytes: 100, lengthBytes: 1000 },
    { offsetBytes: 1100, lengthBytes: 1000 },
  ];

  it('attributes packets to segments by byte position and finds start, duration and frame length', () => {
    const json = JSON.stringify({ packets_and_frames: [packet(1.4, 150, true), frame(1.4), packet(1.433333, 600), packet(1.466667, 1150, true), frame(1.466667), packet(1.5, 1500)] });
    const [first, second] = segmentProbeFacts(json, spans, 'video');
    expect(first?.startSeconds).to.be.closeTo(1.4, 1e-9);
    expect(first?.durationSeconds).to.be.closeTo(0.066666, 1e-6);
    expect(first?.frameDurationSeconds).to.equal(0.033333);
    expect(first).to.include({ startsWithKeyFrame: true, firstPictureType: 'I' });
    expect(second).to.include({ startsWithKeyFrame: true });
  });

  it('says a segment does not start with a key frame when its first packet is not flagged or did not decode as one', () => {
    const notFlagged = JSON.stringify({ packets: [packet(0, 150, true), packet(0.0333, 1150)], frames: [frame(0)] });
    expect(segmentProbeFacts(notFlagged, spans, 'video')[1]?.startsWithKeyFrame).to.equal(false);
    const notDecoded = JSON.stringify({ packets: [packet(0, 150, true), packet(0.0333, 1150, true)], frames: [frame(0)] });
    expect(segmentProbeFacts(notDecoded, spans, 'video')[1]?.startsWithKeyFrame).to.equal(false);
  });

  it('leaves a span without packets undefined, clamps edit-list priming at 0, and reports no key frame for audio', () => {
    const json = JSON.stringify({ packets: [packet(-0.021333, 150, true, 0.021333), packet(0, 300, true, 0.021333)] });
    const [first, second] = segmentProbeFacts(json, spans, 'audio');
    expect(first?.startSeconds).to.equal(0);
    expect(first?.durationSeconds).to.be.closeTo(0.021333, 1e-9);
    expect(first?.startsWithKeyFrame).to.equal(undefined);
    expect(second).to.equal(undefined);
  });
});
