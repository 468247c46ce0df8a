import { expect } from 'chai';
import { parseCliArgs } from '../../lib/cli/parse-cli-args.js';

const hls = (...flags: string[]) => parseCliArgs(['hls', 'in.mp4', '-o', 'out/master.m3u8', ...flags]);

describe('parseCliArgs(): --encrypt', () => {
  it('reads --encrypt with a key directory, URL template and rotation period', () => {
    const command = hls('--encrypt', '--key-dir', 'keys', '--key-url', 'https://k.example.com/{keyId}.key', '--rotate', '3');
    expect(command).to.include({ command: 'hls' });
    expect(command.command === 'hls' ? command.encryption : undefined).to.deep.equal({ keyDir: 'keys', keyUrl: 'https://k.example.com/{keyId}.key', rotateSegments: 3 });
  });
  it('is null without --encrypt, and key flags alone are refused', () => {
    const command = hls();
    expect(command.command === 'hls' ? command.encryption : 'x').to.equal(null);
    expect(() => hls('--rotate', '2')).to.throw(/--rotate/u).with.property('code', 'INVALID_OPTION');
  });
  it('refuses a rotation period of 0, a negative or a fraction, and DASH encryption, naming the fix', () => {
    for (const bad of ['0', '-1', '1.5', 'x']) expect(() => hls('--encrypt', `--rotate=${bad}`), bad).to.throw(/whole number of segments/u);
    expect(() => parseCliArgs(['dash', 'in.mp4', '-o', 'o/m.mpd', '--encrypt'])).to.throw(/CENC/u);
    expect(() => hls('--encrypt', '--key-dir', 'k', '--key-to', 's3://b/k', '--key-url', 'https://x/{keyId}')).to.throw(/not combined/u);
    expect(() => hls('--encrypt', '--key-to', 's3://b/k')).to.throw(/--key-url/u);
  });
});
