import { expect } from 'chai';
import { parseCliArgs, USAGE } from '../../../lib/cli/parse-cli-args.js';
import { verifyReportText } from '../../../lib/cli/print-verify-report.js';
import type { VerifyReport } from '../../../lib/verify/verify-report.js';

describe('ffstream verify (pure parts)', () => {
  it('parses `verify <target>` with and without --json, and documents it in USAGE', () => {
    expect(parseCliArgs(['verify', 'out/master.m3u8'])).to.deep.equal({ command: 'verify', input: 'out/master.m3u8', json: false });
    expect(parseCliArgs(['verify', '--json', 'https://cdn.example.com/a/manifest.mpd'])).to.deep.equal({ command: 'verify', input: 'https://cdn.example.com/a/manifest.mpd', json: true });
    expect(USAGE).to.include('ffstream verify <master.m3u8 | manifest.mpd | URL> [--json]');
  });

  it('needs a target', () => {
    expect(() => parseCliArgs(['verify'])).to.throw(/ffstream verify <input>/u);
  });

  it('prints one line per check grouped by subject, then the counts', () => {
    const report: VerifyReport = {
      target: 'out/master.m3u8',
      format: 'hls',
      ok: false,
      checks: [
        { rule: 'hls.syntax.strict', status: 'pass', subject: 'master.m3u8', message: 'parses in hls-parser strict mode' },
        { rule: 'hls.independent-segments', status: 'warn', subject: 'master.m3u8', message: 'EXT-X-INDEPENDENT-SEGMENTS is missing (Apple 9.11)' },
        { rule: 'hls.codecs.match', status: 'pass', subject: 'v0.m3u8', message: 'avc1.42c00d,mp4a.40.2' },
        { rule: 'hls.bandwidth.peak', status: 'fail', subject: 'v0.m3u8', message: 'BANDWIDTH 400000 is below the measured peak 512345 (video 480000 + audio 32345)' },
        { rule: 'hls.codecs.match', status: 'skip', subject: 'v1.m3u8', message: 'no CODECS to compare' },
      ],
    };
    expect(verifyReportText(report)).to.equal(
      [
        'Verifying out/master.m3u8 (HLS)',
        '',
        '✔ hls.syntax.strict         master.m3u8: parses in hls-parser strict mode',
        '⚠ hls.independent-segments  master.m3u8: EXT-X-INDEPENDENT-SEGMENTS is missing (Apple 9.11)',
        '',
        '✔ hls.codecs.match          v0.m3u8: avc1.42c00d,mp4a.40.2',
        '✘ hls.bandwidth.peak        v0.m3u8: BANDWIDTH 400000 is below the measured peak 512345 (video 480000 + audio 32345)',
        '',
        '– hls.codecs.match          v1.m3u8: no CODECS to compare',
        '',
        '5 rules checked, 1 broken, 1 warning, 1 skipped: the package is broken',
        '',
      ].join('\n'),
    );
  });
});
