import { expect } from 'chai';
import { isUrlInput } from '../../../lib/probe/is-url-input.js';
import { redactUrl } from '../../../lib/probe/redact-url.js';

describe('isUrlInput()', () => {
  it('tells URLs and ffmpeg protocols from local paths, including Windows drive letters', () => {
    for (const url of ['https://a/b.mp4', 'rtmp://host/live/key', 'srt://h:9000', 'pipe:0', 'concat:a.ts|b.ts', 'file:/tmp/a.mp4', 's3://b/k']) {
      expect(isUrlInput(url), url).to.equal(true);
    }
    for (const path of ['a.mp4', './a.mp4', '/tmp/a:b.mp4', 'C:\\videos\\a.mp4', 'd:/clips/a.mp4', 'my video.mp4', '']) {
      expect(isUrlInput(path), path).to.equal(false);
    }
  });
});

describe('redactUrl()', () => {
  it('removes user:password@ credentials', () => {
    expect(redactUrl('https://bob:hunter2@cdn.example.com/a.mp4')).to.equal('https://***@cdn.example.com/a.mp4');
    expect(redactUrl('rtsp://admin:admin@10.0.0.5:554/stream1')).to.equal('rtsp://***@10.0.0.5:554/stream1');
  });

  it('masks signature-like query values and keeps the others', () => {
    const s3 = 'https://b.s3.amazonaws.com/k.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F2025&X-Amz-Signature=abc123&X-Amz-Security-Token=tok&part=1';
    const redacted = redactUrl(s3);
    expect(redacted).to.equal('https://b.s3.amazonaws.com/k.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=***&X-Amz-Signature=***&X-Amz-Security-Token=***&part=1');
    expect(redacted).not.to.include('abc123');
    expect(redactUrl('https://acct.blob.core.windows.net/c/v.mp4?sv=2022&sig=SECRET%3D&se=2030')).to.equal('https://acct.blob.core.windows.net/c/v.mp4?sv=2022&sig=***&se=2030');
    expect(redactUrl('https://x/v.m3u8?token=t0k&api_key=k3y#frag')).to.equal('https://x/v.m3u8?token=***&api_key=***#frag');
  });

  it('leaves local paths and credential-free URLs unchanged', () => {
    expect(redactUrl('/videos/user:pass@x.mp4')).to.equal('/videos/user:pass@x.mp4');
    expect(redactUrl('https://cdn.example.com/a.mp4?quality=hd')).to.equal('https://cdn.example.com/a.mp4?quality=hd');
  });
});
