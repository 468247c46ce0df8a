import type { RuleId, RuleResult, RuleStatus } from './verify-report.js';

/**
 * Builds one {@link RuleResult}. Pure. The rule modules use it so that every result has the same shape.
 *
 * @example
 * ruleResult('hls.codecs.present', 'fail', 'v0.m3u8', 'CODECS is missing (Apple 9.1)');
 * // { rule: 'hls.codecs.present', status: 'fail', subject: 'v0.m3u8', message: 'CODECS is missing (Apple 9.1)' }
 */
export function ruleResult(rule: RuleId, status: RuleStatus, subject: string, message: string): RuleResult {
  return { rule, status, subject, message };
}

/** Pure: `pass` when `isTrue`, else `otherwise` (`fail` unless told). Saves an if/else per rule. */
export function verdict(rule: RuleId, subject: string, isTrue: boolean, message: string, otherwise: Exclude<RuleStatus, 'pass'> = 'fail'): RuleResult {
  return ruleResult(rule, isTrue ? 'pass' : otherwise, subject, message);
}

/** Pure: formats a duration in seconds for a message, to the millisecond (`2.005`). */
export function seconds(value: number): string {
  return `${Number(value.toFixed(3))} s`;
}

/** Pure: a list for a message, at most `max` items then "and N more". */
export function listSome(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
