import { expect } from 'chai';
import { InputError } from '../../../lib/errors.js';
import { probeFailureError } from '../../../lib/probe/probe-failure.js';

const MOOV = '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x555d2d7c61c0] moov atom not found\nclip.mp4: Invalid data found when processing input\n';

describe('probeFailureError()', () => {
  it('explains a missing moov box in a file that starts like an MP4 as truncation', () => {
    const error = probeFailureError({ input: 'clip.mp4', stderr: MOOV, exitCode: 1, looksLikeMp4: true });
    expect(error).to.be.instanceOf(InputError);
    expect(error.code).to.equal('INPUT_UNREADABLE');
    expect(error.input).to.equal('clip.mp4');
    expect(error.message).to.match(/^"clip\.mp4" is an incomplete MP4: its index \(the moov box\) is missing/u);
    expect(error.message).to.include('ffprobe said: [mov,mp4,m4a,3gp,3g2,mj2] moov atom not found / clip.mp4: Invalid data found when processing input.');
    expect(error.message).to.include('Re-export or re-download the file');
  });

  it('calls the same stderr on a non-MP4 file "not a media file"', () => {
    const error = probeFailureError({ input: 'notes.mp4', stderr: MOOV, exitCode: 1, looksLikeMp4: false });
    expect(error.code).to.equal('INPUT_UNREADABLE');
    expect(error.message).to.match(/^"notes\.mp4" is not a media file ffmpeg can read\. ffprobe said: .*Invalid data found/u);
    expect(error.message).not.to.include('incomplete MP4');
  });

  it('maps "No such file or directory" and HTTP 404 to INPUT_NOT_FOUND', () => {
    expect(probeFailureError({ input: 'file:/nope.mp4', stderr: 'file:/nope.mp4: No such file or directory\n', exitCode: 1, looksLikeMp4: false }).code).to.equal('INPUT_NOT_FOUND');
    const http = probeFailureError({ input: 'https://x/a.mp4', stderr: '[https @ 0x1] HTTP error 404 Not Found\nhttps://x/a.mp4: Server returned 404 Not Found\n', exitCode: 1, looksLikeMp4: false });
    expect(http.code).to.equal('INPUT_NOT_FOUND');
  });

  it('never shows URL credentials or signatures, in the message, the input field or ffprobe\'s words', () => {
    const input = 'http://user:pw@127.0.0.1:1/x.mp4?sig=abc';
    const error = probeFailureError({ input, stderr: `[tcp @ 0x55ce] Connection to tcp://127.0.0.1:1 failed: Connection refused\n${input}: Connection refused\n`, exitCode: 1, looksLikeMp4: false });
    expect(error.code).to.equal('INPUT_UNREADABLE');
    expect(error.message).not.to.match(/pw|sig=abc/u);
    expect(error.input).to.equal('http://***@127.0.0.1:1/x.mp4?sig=***');
    expect(error.message).to.include('Connection refused');
    expect(error.message).to.include('Check that the input exists, is readable');
  });

  it('says when ffprobe printed nothing', () => {
    expect(probeFailureError({ input: 'a', stderr: '', exitCode: 139, looksLikeMp4: false }).message).to.include('ffprobe said: nothing (exit code 139)');
  });
});
