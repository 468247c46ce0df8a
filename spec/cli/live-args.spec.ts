import { expect } from 'chai';
import { liveOf } from '../../lib/cli/cli-live.js';
import { parseCliArgs, type CliCommand } from '../../lib/cli/parse-cli-args.js';

function packaging(argv: readonly string[]): Extract<CliCommand, { command: 'hls' | 'dash' }> {
  const parsed = parseCliArgs(argv);
  if (parsed.command !== 'hls' && parsed.command !== 'dash') expect.fail(`expected a packaging command, got ${parsed.command}`);
  return parsed;
}

describe('ffstream --live', () => {
  it('liveOf(): null without live flags; --live alone gives the library defaults', () => {
    expect(liveOf({})).to.equal(null);
    expect(liveOf({ live: false, event: false })).to.equal(null);
    expect(liveOf({ live: true })).to.deep.equal({});
  });

  it('liveOf(): --window, --event and --duration (seconds to ms), each turning live on by itself', () => {
    expect(liveOf({ live: true, window: '10', duration: '60' })).to.deep.equal({ windowSegments: 10, durationMs: 60_000 });
    expect(liveOf({ event: true })).to.deep.equal({ playlistType: 'event' });
    expect(liveOf({ duration: '6.5' })).to.deep.equal({ durationMs: 6500 });
    expect(liveOf({ window: '3' })).to.deep.equal({ windowSegments: 3 });
  });

  it('liveOf(): refuses a bad window or duration, and --window with --event', () => {
    for (const window of ['0', '-1', '2.5', 'six', '']) expect(() => liveOf({ live: true, window }), window).to.throw(/`--window` option to be a whole number/u);
    for (const duration of ['0', '-3', 'forever', '']) expect(() => liveOf({ live: true, duration }), duration).to.throw(/`--duration` option to be a positive number of seconds/u);
    expect(() => liveOf({ event: true, window: '6' })).to.throw(/An event playlist keeps every segment/u);
  });

  it('parseCliArgs(): --live --window --duration --loop on hls; --event on dash', () => {
    const hls = packaging(['hls', 'clip.mp4', '--loop', '--live', '--window', '4', '--duration', '6', '-o', 'live/master.m3u8']);
    expect(hls.live).to.deep.equal({ windowSegments: 4, durationMs: 6000 });
    expect(hls.source).to.deep.equal({ kind: 'file', path: 'clip.mp4', loop: true });
    expect(packaging(['dash', ':99', '--capture', 'screen', '--event', '-o', 'm.mpd']).live).to.deep.equal({ playlistType: 'event' });
    expect(packaging(['hls', 'a.mp4', '-o', 'o.m3u8']).live).to.equal(null);
  });

  it('parseCliArgs(): --delete-removed reaches the upload options, and needs --to', () => {
    const parsed = packaging(['hls', 'a.mp4', '--live', '-o', 'o.m3u8', '--to', 's3://b/live', '--delete-removed']);
    expect(parsed.upload?.deleteRemoved).to.equal(true);
    expect(packaging(['hls', 'a.mp4', '-o', 'o.m3u8', '--to', 's3://b/live']).upload?.deleteRemoved).to.equal(false);
    expect(() => parseCliArgs(['hls', 'a.mp4', '--live', '-o', 'o.m3u8', '--delete-removed'])).to.throw(/`--delete-removed` option to be used with --to/u);
  });
});
