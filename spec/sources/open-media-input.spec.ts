import { expect } from 'chai';
import { Observable, firstValueFrom, lastValueFrom, of, throwError, toArray } from 'rxjs';
import type { MediaInput, OpenedMediaInput } from '../../lib/contracts/media-input.js';
import { InputError, isPackagerError } from '../../lib/errors.js';
import { openMediaInput, probeInputOptions, withOpenedInput } from '../../lib/job/open-media-input.js';

const plain: MediaInput = { kind: 'file', uri: '/media/talk.mp4', inputOptions: ['-ss', '1'], isLive: false, label: 'talk' };

/** A cloud-like input whose opener is recorded: what was opened, what was released, in order. */
function tracked(options: { openMs?: number; fail?: unknown } = {}): { input: MediaInput; log: string[] } {
  const log: string[] = [];
  const input: MediaInput = {
    kind: 'cloud',
    uri: 's3://bucket/a.mp4',
    inputOptions: [],
    isLive: false,
    label: 'a',
    open: async (signal): Promise<OpenedMediaInput> => {
      log.push('open');
      if (options.openMs !== undefined) await new Promise((r) => setTimeout(r, options.openMs));
      if (options.fail !== undefined) throw options.fail;
      if (signal.aborted) log.push('open saw abort');
      return {
        uri: '/tmp/x/a.mp4',
        inputOptions: ['-f', 'mp4'],
        release: async () => {
          log.push('release');
          throw new Error('release must never reject through the wrapper');
        },
      };
    },
  };
  return { input, log };
}

describe('lib/job/open-media-input', () => {
  it('an input without an opener opens as itself, with a no-op release', async () => {
    const opened = await openMediaInput(plain);
    expect(opened.uri).to.equal('/media/talk.mp4');
    expect(opened.inputOptions).to.deep.equal(['-ss', '1']);
    await opened.release();
  });

  it('runs the opener; release is idempotent and never rejects', async () => {
    const { input, log } = tracked();
    const opened = await openMediaInput(input);
    expect(opened.uri).to.equal('/tmp/x/a.mp4');
    await Promise.all([opened.release(), opened.release()]);
    await opened.release();
    expect(log).to.deep.equal(['open', 'release']);
  });

  it('wraps a non-library error of the opener in INPUT_UNREADABLE and refuses an aborted signal with ABORTED', async () => {
    const failing = tracked({ fail: new Error('socket hang up') });
    const error = await openMediaInput(failing.input).catch((e: unknown) => e);
    expect(isPackagerError(error) && error.code).to.equal('INPUT_UNREADABLE');
    expect((error as Error).message).to.include('s3://bucket/a.mp4').and.include('socket hang up');
    const typed = tracked({ fail: new InputError('INPUT_NOT_FOUND', 's3://bucket/a.mp4', 'missing') });
    expect(await openMediaInput(typed.input).catch((e: { code: string }) => e.code)).to.equal('INPUT_NOT_FOUND');
    const controller = new AbortController();
    controller.abort();
    expect(await openMediaInput(plain, controller.signal).catch((e: { code: string }) => e.code)).to.equal('ABORTED');
  });

  describe('withOpenedInput', () => {
    it('hands the job the opened uri and options (no opener), and releases before passing on completion', async () => {
      const { input, log } = tracked();
      const seen: MediaInput[] = [];
      const values = await lastValueFrom(
        withOpenedInput(input, undefined, (readable) => {
          seen.push(readable);
          return new Observable<string>((s) => {
            log.push('job');
            s.next('done');
            s.complete();
          });
        }).pipe(toArray()),
      );
      log.push('completed');
      expect(values).to.deep.equal(['done']);
      expect(seen[0]).to.deep.include({ uri: '/tmp/x/a.mp4', inputOptions: ['-f', 'mp4'], label: 'a', kind: 'cloud' });
      expect(seen[0]?.open).to.equal(undefined);
      expect(log).to.deep.equal(['open', 'job', 'release', 'completed']);
    });

    it('releases before passing on an error', async () => {
      const { input, log } = tracked();
      const error = await firstValueFrom(withOpenedInput(input, undefined, () => throwError(() => new Error('ffmpeg failed')))).catch((e: Error) => e);
      log.push('errored');
      expect((error as Error).message).to.equal('ffmpeg failed');
      expect(log).to.deep.equal(['open', 'release', 'errored']);
    });

    it('releases on unsubscribe, and when unsubscribed while the input is still opening', async () => {
      const running = tracked();
      const subscription = withOpenedInput(running.input, undefined, () => new Observable<never>(() => undefined)).subscribe();
      await new Promise((r) => setTimeout(r, 20));
      subscription.unsubscribe();
      await new Promise((r) => setTimeout(r, 10));
      expect(running.log).to.deep.equal(['open', 'release']);

      const opening = tracked({ openMs: 50 });
      let isUsed = false;
      const early = withOpenedInput(opening.input, undefined, () => {
        isUsed = true;
        return of(1);
      }).subscribe();
      early.unsubscribe();
      await new Promise((r) => setTimeout(r, 100));
      expect(opening.log).to.deep.equal(['open', 'open saw abort', 'release']);
      expect(isUsed).to.equal(false);
    });

    it('passes an opener error on without running the job', async () => {
      const failing = tracked({ fail: new InputError('INPUT_FORBIDDEN', 's3://bucket/a.mp4', 'no') });
      const code = await firstValueFrom(withOpenedInput(failing.input, undefined, () => of(1))).catch((e: { code: string }) => e.code);
      expect(code).to.equal('INPUT_FORBIDDEN');
    });
  });

  it('probeInputOptions keeps AVOptions, drops ffmpeg-only per-input options and respells -s/-pix_fmt/-r', () => {
    expect(
      probeInputOptions(['-thread_queue_size', '512', '-f', 'x11grab', '-s', '320x240', '-r', '10', '-ss', '5', '-re', '-stream_loop', '-1', '-c:v', 'h264', '-rtsp_transport', 'tcp']),
    ).to.deep.equal(['-f', 'x11grab', '-video_size', '320x240', '-framerate', '10', '-rtsp_transport', 'tcp']);
    expect(probeInputOptions(['-headers', 'A: b\r\n', '-reconnect', '1'])).to.deep.equal(['-headers', 'A: b\r\n', '-reconnect', '1']);
  });
});
