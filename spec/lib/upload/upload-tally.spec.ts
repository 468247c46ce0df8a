import { expect } from 'chai';
import { UploadTally, formatBytes } from '../../../lib/upload/upload-tally.js';

describe('UploadTally', () => {
  it('counts uploads, bytes, retries and deletes per sink, listing named sinks first', () => {
    const tally = new UploadTally(['a://', 'b://']);
    expect(tally.add({ type: 'progress' })).to.equal(false);
    tally.add({ type: 'uploaded', sink: 'b://', key: 'x', bytes: 1500, durationMs: 3, attempt: 1 } as never);
    tally.add({ type: 'uploaded', sink: 'b://', key: 'y', bytes: 500, durationMs: 3, attempt: 2 } as never);
    tally.add({ type: 'retry', sink: 'b://', key: 'y', attempt: 1, delayMs: 10, reason: 'r' } as never);
    tally.add({ type: 'deleted', sink: 'c://', key: 'z' } as never);
    expect(tally.summary()).to.deep.equal([
      { sink: 'a://', files: 0, bytes: 0, retries: 0, deleted: 0 },
      { sink: 'b://', files: 2, bytes: 2000, retries: 1, deleted: 0 },
      { sink: 'c://', files: 0, bytes: 0, retries: 0, deleted: 1 },
    ]);
    expect(tally.describe()).to.equal('↑ 2 files, 2.0 kB, 1 retry');
  });
  it('formats bytes in decimal units', () => {
    expect([0, 999, 1000, 1_234_567, 5e12].map(formatBytes)).to.deep.equal(['0 B', '999 B', '1.0 kB', '1.2 MB', '5.0 TB']);
  });
});
