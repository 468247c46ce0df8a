import { expect } from 'chai';
import type { OutputLayout } from '../../../lib/contracts/output-layout.js';
import { classifyOutputFile } from '../../../lib/fs/classify-output-file.js';

describe('classifyOutputFile()', () => {
  const hls: OutputLayout = { format: 'hls', outDir: '/out', slug: 'master', renditions: ['720p', '720p-2', 'audio'], segmentExtension: 'ts', isLive: true, manifests: ['master.m3u8'] };

  it('names the parts of an HLS package, the longest rendition first', () => {
    expect(classifyOutputFile(hls, 'master_720p-2_00003.ts')).to.deep.equal({ kind: 'segment', rendition: '720p-2', sequence: 3 });
    expect(classifyOutputFile(hls, 'master_720p.m3u8')).to.deep.equal({ kind: 'playlist', rendition: '720p' });
    expect(classifyOutputFile(hls, 'master_audio_init.mp4')).to.deep.equal({ kind: 'init', rendition: 'audio' });
    expect(classifyOutputFile(hls, '0.key')).to.deep.equal({ kind: 'key', keyId: '0' });
  });

  it('classifies the entry manifests the job announced (a live master), and nothing it did not', () => {
    expect(classifyOutputFile(hls, 'master.m3u8')).to.deep.equal({ kind: 'manifest' });
    expect(classifyOutputFile({ ...hls, manifests: [] }, 'master.m3u8')).to.equal(null);
    expect(classifyOutputFile({ ...hls, manifests: undefined as never }, 'master.m3u8')).to.equal(null);
  });

  it('ignores temporary, hidden and foreign files', () => {
    for (const name of ['master_720p_00001.ts.tmp', '.master.partial.mpd', 'notes.txt', 'other_720p_00001.ts']) expect(classifyOutputFile(hls, name), name).to.equal(null);
  });
});
