import type { Observable } from 'rxjs';
import type { PackageResult, PackagingEvent } from '../contracts/packaging-event.js';
import { PackagerError } from '../errors.js';
import type { OutputOptions } from './output-options.js';

/**
 * Subscribes to a job's events, feeds `monitor` with progress, and resolves with the `done` result.
 * A throwing monitor does not stop the job; its error is rethrown once the job has ended.
 */
export function runToPromise(events$: Observable<PackagingEvent>, options: OutputOptions): Promise<PackageResult> {
  return new Promise<PackageResult>((resolve, reject) => {
    let result: PackageResult | undefined;
    let monitorError: unknown;
    events$.subscribe({
      next: (event) => {
        if (event.type === 'done') result = event.result;
        else if (event.type === 'progress' && options.monitor) {
          try {
            options.monitor(event.progress);
          } catch (error) {
            monitorError ??= error;
          }
        }
      },
      error: reject,
      complete: () => {
        if (monitorError !== undefined) reject(monitorError);
        else if (result) resolve(result);
        else reject(new PackagerError('OUTPUT_INCOMPLETE', 'The job ended without a result; nothing was written.'));
      },
    });
  });
}
