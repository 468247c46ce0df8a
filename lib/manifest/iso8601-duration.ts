import { PackagerError } from '../errors.js';

const DURATION = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/u;

/**
 * Seconds in an ISO 8601 duration as MPDs use it (`PT1M2.5S`, `PT13.0S`, `P1DT2H`). Pure.
 * Years and months are refused: their length in seconds is not defined.
 *
 * @example
 * parseIsoDurationSeconds('PT1M2.5S'); // 62.5
 */
export function parseIsoDurationSeconds(text: string): number {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim() === 'PT') {
    throw new PackagerError('VERIFY_INPUT_INVALID', `"${text}" is not an ISO 8601 duration of days, hours, minutes and seconds (e.g. PT1M2.5S).`);
  }
  const [, days, hours, minutes, seconds] = m;
  return Number(days ?? 0) * 86_400 + Number(hours ?? 0) * 3_600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0);
}

/**
 * Writes seconds as an ISO 8601 duration, rounded *up* to the millisecond so a maximum stays true. Pure.
 *
 * @example
 * formatIsoDurationSeconds(4.0106667); // 'PT4.011S'
 * formatIsoDurationSeconds(62.5); // 'PT1M2.5S'
 */
export function formatIsoDurationSeconds(seconds: number): string {
  const totalMs = Math.ceil(seconds * 1000 - 1e-6);
  const hours = Math.floor(totalMs / 3_600_000);
  const minutes = Math.floor((totalMs % 3_600_000) / 60_000);
  const restMs = totalMs % 60_000;
  let text = 'PT';
  if (hours > 0) text += `${hours}H`;
  if (minutes > 0) text += `${minutes}M`;
  if (restMs > 0 || text === 'PT') text += `${String(restMs / 1000)}S`;
  return text;
}
