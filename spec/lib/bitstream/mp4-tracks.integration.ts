import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isoBoxes } from '../../../lib/bitstream/iso-box.js';
import { mp4Tracks, originalFormat } from '../../../lib/bitstream/mp4-tracks.js';
import { requireFfmpeg } from '../../helpers/require-tool.js';
import { dashFirstSegments, hlsFirstSegment } from '../manifest/first-segments.js';

describe('mp4Tracks() (real ffmpeg init segments)', function () {
  this.timeout(60_000);
  let dir: string;

  before(function () {
    requireFfmpeg.call(this);
    dir = mkdtempSync(join(tmpdir(), 'mp4-tracks-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads each track of a muxed H.264 + AAC init: id, handler, sample entry and its boxes, mdhd timescale', async () => {
    const { bytes } = await hlsFirstSegment(dir, 'muxed', 'fmp4', {
      video: { size: '426x240', rate: '25', args: ['-c:v', 'libx264', '-preset', 'ultrafast'] },
      audio: { sampleRateHz: 44_100, channels: 2, args: ['-c:a', 'aac', '-b:a', '96k'] },
    });
    const tracks = mp4Tracks(bytes);
    expect(tracks.map((t) => [t.trackId, t.handler, t.sampleEntry?.type])).to.deep.equal([
      [1, 'vide', 'avc1'],
      [2, 'soun', 'mp4a'],
    ]);
    const [video, audio] = tracks;
    expect(video?.sampleEntryBoxes.map((b) => b.type)).to.include('avcC');
    expect(audio?.sampleEntryBoxes.map((b) => b.type)).to.include('esds');
    // ffmpeg's mov muxer: the audio track's timescale is its sample rate; the video's a multiple of the frame rate.
    expect(audio?.timescale).to.equal(44_100);
    expect((video?.timescale ?? 0) % 25).to.equal(0);
    expect(video?.mdhd?.length).to.be.greaterThan(20);
    expect(originalFormat(video?.sampleEntry ?? { type: '', payload: new Uint8Array(), offsetBytes: 0 }, video?.sampleEntryBoxes ?? [])).to.equal('avc1');
  });

  it('reads an Opus track of a DASH init (its dOps box past the audio sample entry header)', async () => {
    const [segment] = await dashFirstSegments(dir, 'opus', { audio: { sampleRateHz: 48_000, channels: 2, args: ['-c:a', 'libopus', '-b:a', '96k'] } });
    const [track] = mp4Tracks(segment?.bytes ?? new Uint8Array());
    expect(track?.handler).to.equal('soun');
    expect(track?.sampleEntry?.type).to.equal('Opus');
    expect(track?.sampleEntryBoxes.map((b) => b.type)).to.include('dOps');
    expect(track?.timescale).to.equal(48_000);
  });

  it('finds no track in a media segment alone, or in bytes that are not MP4', async () => {
    const { bytes } = await hlsFirstSegment(dir, 'video', 'fmp4', { video: { size: '320x180', rate: '25', args: ['-c:v', 'libx264', '-preset', 'ultrafast'] } });
    // The media segment starts where the init's boxes end (ftyp, moov): drop those.
    const initBoxes = isoBoxes(bytes).filter((b) => b.type === 'ftyp' || b.type === 'moov');
    const mediaOnly = bytes.subarray(initBoxes.reduce((end, b) => Math.max(end, b.payload.byteOffset - bytes.byteOffset + b.payload.byteLength), 0));
    expect(mp4Tracks(mediaOnly)).to.deep.equal([]);
    expect(mp4Tracks(Buffer.from('not an mp4 at all'))).to.deep.equal([]);
  });
});
