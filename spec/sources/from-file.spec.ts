import { expect } from 'chai';
import { resolve } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { probeInputOptions } from '../../lib/job/open-media-input.js';
import { fileInput, fromFile } from '../../sources/from-file.js';

describe('sources/from-file', () => {
  it('emits one file MediaInput with an absolute path, not live, and completes', async () => {
    const input = await firstValueFrom(fromFile('media/talk.mp4'));
    expect(input).to.deep.equal({ kind: 'file', uri: resolve('media/talk.mp4'), inputOptions: [], isLive: false, label: 'talk' });
  });

  it('keeps the caller\'s input options, in order, before -i', () => {
    expect(fileInput('a.mov', { inputOptions: ['-ss', '10'] }).inputOptions).to.deep.equal(['-ss', '10']);
  });

  it('loop: a live source that reads the file forever at its own rate (-stream_loop -1 -re), the caller\'s options after', () => {
    const looping = fileInput('talk.mp4', { loop: true, inputOptions: ['-ss', '1'] });
    expect(looping.isLive).to.equal(true);
    expect(looping.kind).to.equal('file');
    expect(looping.inputOptions).to.deep.equal(['-stream_loop', '-1', '-re', '-ss', '1']);
    expect(fileInput('talk.mp4', { loop: false }).isLive).to.equal(false);
    expect(fileInput('talk.mp4', { loop: false }).inputOptions).to.deep.equal([]);
  });

  it('loop options are ffmpeg-only: the probe of a looping file leaves them out', () => {
    expect(probeInputOptions(fileInput('talk.mp4', { loop: true }).inputOptions)).to.deep.equal([]);
  });

  it('refuses a loop that is not a boolean, at once (INVALID_OPTION)', () => {
    expect(() => fileInput('talk.mp4', { loop: 'yes' as unknown as boolean })).to.throw(/loop/u).with.property('code', 'INVALID_OPTION');
  });
});
