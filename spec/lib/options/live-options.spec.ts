import { expect } from 'chai';
import { DEFAULT_LIVE_OPTIONS, liveOptionsFor, resolveDashOptions, resolveHlsOptions, resolveLiveOptions } from '../../../lib/options/package-options.js';

describe('live options', () => {
  it('are decided by the source when not given, on with defaults for `true`, off for `false`', () => {
    const auto = resolveHlsOptions({ output: 'o/m.m3u8' });
    expect(liveOptionsFor(auto, { isLive: false })).to.equal(null);
    expect(liveOptionsFor(auto, { isLive: true })).to.deep.equal(DEFAULT_LIVE_OPTIONS);
    expect(liveOptionsFor(resolveHlsOptions({ output: 'o/m.m3u8', live: true }), { isLive: false })).to.deep.equal({ windowSegments: 6, playlistType: 'sliding', stopSignal: undefined, durationMs: null });
    expect(liveOptionsFor(resolveDashOptions({ output: 'o/m.mpd', live: false }), { isLive: true })).to.equal(null);
  });

  it('keep what the user gave', () => {
    const stop = new AbortController();
    expect(resolveLiveOptions({ windowSegments: 3, playlistType: 'event', stopSignal: stop.signal, durationMs: 5000 })).to.deep.equal({
      windowSegments: 3,
      playlistType: 'event',
      stopSignal: stop.signal,
      durationMs: 5000,
    });
  });

  it('reject bad values at operator creation, naming the option', () => {
    for (const bad of [0, 2.5, -1]) expect(() => resolveHlsOptions({ output: 'o/m.m3u8', live: { windowSegments: bad } })).to.throw(/live\.windowSegments/u);
    expect(() => resolveHlsOptions({ output: 'o/m.m3u8', live: { playlistType: 'vod' as 'event' } })).to.throw(/live\.playlistType/u);
    expect(() => resolveHlsOptions({ output: 'o/m.m3u8', live: { durationMs: 0 } })).to.throw(/live\.durationMs/u);
    expect(() => resolveHlsOptions({ output: 'o/m.m3u8', live: { stopSignal: {} as AbortSignal } })).to.throw(/live\.stopSignal/u);
  });
});
