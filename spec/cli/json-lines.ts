import { expect } from 'chai';
import type { PackagingEvent } from '../../lib/contracts/packaging-event.js';

/** The line `ffstream --json` prints for an error. */
export type ErrorLine = { readonly type: 'error'; readonly code: string; readonly message: string };
/** One line of `ffstream --json`: an event or an error. */
export type CliEvent = PackagingEvent | ErrorLine;

/** Every stdout line as JSON; fails naming the line that is not. */
export function jsonLines(stdout: string): CliEvent[] {
  expect(stdout.endsWith('\n'), 'stdout ends with a newline').to.equal(true);
  return stdout
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      try {
        return JSON.parse(line) as CliEvent;
      } catch {
        return expect.fail(`stdout line is not JSON: ${line}`);
      }
    });
}

/** The events of one `type`, in order. */
export function eventsOf<T extends CliEvent['type']>(events: readonly CliEvent[], type: T): Extract<CliEvent, { type: T }>[] {
  return events.filter((e): e is Extract<CliEvent, { type: T }> => e.type === type);
}
