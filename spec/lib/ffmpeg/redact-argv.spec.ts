import { expect } from 'chai';
import { redactArgv } from '../../../lib/ffmpeg/redact-argv.js';

describe('redactArgv()', () => {
  it('replaces the value of every secret option and keeps the option name', () => {
    const secrets = [
      '-headers',
      '-hls_enc_key',
      '-hls_enc_iv',
      '-encryption_key',
      '-encryption_kid',
      '-decryption_key',
      '-cryptokey',
      '-cryptoiv',
      '-key',
      '-iv',
      '-password',
      '-passphrase',
    ];
    for (const option of secrets) {
      const out = redactArgv(['-y', option, 'SECRET-VALUE-123', '-i', 'in.mp4']);
      expect(out, option).to.deep.equal(['-y', option, '<redacted>', '-i', 'in.mp4']);
    }
  });

  it('redacts stream-specifier forms (`-headers:0`, `-decryption_key:v:0`) too', () => {
    expect(redactArgv(['-headers:0', 'Authorization: Bearer abc', '-decryption_key:v:0', '00112233445566778899aabbccddeeff'])).to.deep.equal([
      '-headers:0',
      '<redacted>',
      '-decryption_key:v:0',
      '<redacted>',
    ]);
  });

  it('redacts a multi-line -headers value as a whole', () => {
    const out = redactArgv(['-headers', 'Authorization: Bearer abc\r\nCookie: session=xyz\r\n', '-i', 'https://cdn.example.com/a.mp4']);
    expect(out).to.deep.equal(['-headers', '<redacted>', '-i', 'https://cdn.example.com/a.mp4']);
    expect(out.join(' ')).not.to.match(/Bearer|session=/u);
  });

  it('removes URL credentials and signed-query secrets from inputs and outputs', () => {
    const out = redactArgv([
      '-i',
      'https://bob:hunter2@cdn.example.com/a.mp4?X-Amz-Signature=abc123&part=1',
      '-f',
      'hls',
      'https://uploader:s3cr3t@ingest.example.com/live/out.m3u8',
    ]);
    expect(out).to.deep.equal(['-i', 'https://***@cdn.example.com/a.mp4?X-Amz-Signature=***&part=1', '-f', 'hls', 'https://***@ingest.example.com/live/out.m3u8']);
    expect(out.join(' ')).not.to.match(/hunter2|abc123|s3cr3t/u);
  });

  it('leaves ordinary arguments untouched, including local paths with "@" or ":" in them', () => {
    const argv = [
      '-hide_banner', '-nostdin', '-y', '-i', '/videos/user:pass@x.mp4',
      '-filter_complex', '[0:0]split=2[s0][s1];[s0]scale=1280:720[v0];[s1]scale=640:360[v1]',
      '-map', '[v0]', '-map', '[v1]', '-map', '0:1', '-c:v', 'libx264', '-b:v:0', '3000000',
      '-force_key_frames:v', 'expr:gte(t,n_forced*2)', '-hls_key_info_file', 'key.info',
      '-var_stream_map', 'v:0,agroup:audio,name:720p v:1,agroup:audio,name:360p a:0,agroup:audio,name:audio',
      'C:\\out\\video_%v.m3u8',
    ];
    expect(redactArgv(argv)).to.deep.equal(argv);
  });

  it('does not redact the value after an option that merely contains a secret name', () => {
    expect(redactArgv(['-hls_key_info_file', 'keys.info', '-keyint_min', '48', '-x264-params', 'keyint=48'])).to.deep.equal([
      '-hls_key_info_file',
      'keys.info',
      '-keyint_min',
      '48',
      '-x264-params',
      'keyint=48',
    ]);
  });

  it('returns a new array and leaves the argv ffmpeg gets alone', () => {
    const argv = ['-headers', 'Authorization: x', '-i', 'https://u:p@h/a.mp4'];
    const copy = [...argv];
    const out = redactArgv(argv);
    expect(out).not.to.equal(argv);
    expect(argv).to.deep.equal(copy);
  });

  it('copes with a secret option as the last argument and with an empty argv', () => {
    expect(redactArgv(['-i', 'a.mp4', '-headers'])).to.deep.equal(['-i', 'a.mp4', '-headers']);
    expect(redactArgv([])).to.deep.equal([]);
  });
});
