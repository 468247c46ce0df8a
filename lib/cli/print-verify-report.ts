import type { Writable } from 'node:stream';
import type { RuleStatus, VerifyReport } from '../verify/verify-report.js';

const MARKS: Readonly<Record<RuleStatus, string>> = { pass: '✔', fail: '✘', warn: '⚠', skip: '–' };

/**
 * The human form of a verify report, as `ffstream verify` prints it: one line per rule checked, grouped by
 * subject (`✔ hls.codecs.match  master_720p.m3u8: avc1.64001f,mp4a.40.2`), then a summary line
 * (`35 rules checked, 2 broken, 1 warning, 0 skipped`). Pure.
 *
 * @example
 * verifyReportText(report).split('\n').at(-2); // '35 rules checked, 2 broken, 1 warning, 0 skipped: the package is broken'
 */
export function verifyReportText(report: VerifyReport): string {
  const width = Math.max(0, ...report.checks.map((c) => c.rule.length));
  const lines = [`Verifying ${report.target} (${report.format === 'hls' ? 'HLS' : 'DASH'})`];
  let subject: string | undefined;
  for (const check of report.checks) {
    if (check.subject !== subject) {
      lines.push('');
      subject = check.subject;
    }
    lines.push(`${MARKS[check.status]} ${check.rule.padEnd(width)}  ${check.subject}: ${check.message}`);
  }
  const count = (status: RuleStatus): number => report.checks.filter((c) => c.status === status).length;
  const warnings = count('warn');
  lines.push(
    '',
    `${report.checks.length} rules checked, ${count('fail')} broken, ${warnings} warning${warnings === 1 ? '' : 's'}, ${count('skip')} skipped: ${report.ok ? 'the package is OK' : 'the package is broken'}`,
  );
  return `${lines.join('\n')}\n`;
}

/** Writes {@link verifyReportText} to `out` (the CLI's stdout). */
export function printVerifyReport(report: VerifyReport, out: Writable): void {
  out.write(verifyReportText(report));
}
