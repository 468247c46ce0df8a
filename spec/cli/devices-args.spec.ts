import { expect } from 'chai';
import { parseCliArgs } from '../../lib/cli/parse-cli-args.js';

describe('parseCliArgs(): devices', () => {
  it('parses `devices` and `devices --json` without an input', () => {
    expect(parseCliArgs(['devices'])).to.deep.equal({ command: 'devices', json: false });
    expect(parseCliArgs(['devices', '--json'])).to.deep.equal({ command: 'devices', json: true });
  });
  it('refuses an argument after `devices`', () => {
    expect(() => parseCliArgs(['devices', '/dev/video0'])).to.throw(/none for `ffstream devices`/u).with.property('code', 'INVALID_OPTION');
  });
});
