import { expect } from 'chai';
import { InvalidOptionError, isPackagerError } from '../../lib/errors.js';
import { parseBitrate, parseCliArgs, USAGE, type CliCommand } from '../../lib/cli/parse-cli-args.js';

/** Runs `parse` and returns the InvalidOptionError it throws; fails the test if it returns or throws anything else. */
function usageErrorOf(parse: () => unknown): InvalidOptionError {
  let result: unknown;
  try {
    result = parse();
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(InvalidOptionError);
    const invalid = error as InvalidOptionError;
    expect(invalid.code).to.equal('INVALID_OPTION');
    expect(isPackagerError(invalid)).to.equal(true);
    return invalid;
  }
  expect.fail(`expected an InvalidOptionError, got ${JSON.stringify(result)}`);
}

function packaging(argv: readonly string[]): Extract<CliCommand, { command: 'hls' | 'dash' }> {
  const parsed = parseCliArgs(argv);
  if (parsed.command !== 'hls' && parsed.command !== 'dash') expect.fail(`expected a packaging command, got ${parsed.command}`);
  return parsed;
}

describe('parseCliArgs()', () => {
  describe('hls and dash', () => {
    it('gives the defaults when only <input> and -o are given', () => {
      const parsed = packaging(['hls', 'in.mp4', '-o', 'out/master.m3u8']);
      expect(parsed).to.deep.equal({
        command: 'hls',
        input: 'in.mp4',
        source: { kind: 'file', path: 'in.mp4', loop: false },
        live: null,
        output: 'out/master.m3u8',
        reps: [],
        audioBitrateBps: undefined,
        codec: 'h264',
        fmp4: false,
        hlsPlaylist: false,
        segmentSeconds: undefined,
        heights: undefined,
        excludeOriginal: false,
        json: false,
        encryption: null,
      });
    });

    it('reads every option, with separate and `=` values, in any order', () => {
      const parsed = packaging([
        '--json',
        'hls',
        '--rep', '1280x720@2400k',
        '--output=out dir/master.m3u8',
        'my input.mov',
        '--rep', '640x360@800k:96k',
        '--audio-bitrate', '96k',
        '--codec', 'hevc',
        '--fmp4',
        '--segment-seconds', '4',
        '--heights', '720,360',
        '--no-original',
      ]);
      expect(parsed.command).to.equal('hls');
      expect(parsed.input).to.equal('my input.mov');
      expect(parsed.output).to.equal('out dir/master.m3u8');
      // Repeated --rep keep their order: the ladder is built from them as given.
      expect(parsed.reps).to.deep.equal(['1280x720@2400k', '640x360@800k:96k']);
      expect(parsed.audioBitrateBps).to.equal(96_000);
      expect(parsed.codec).to.equal('hevc');
      expect(parsed.fmp4).to.equal(true);
      expect(parsed.segmentSeconds).to.equal(4);
      expect(parsed.heights).to.deep.equal([720, 360]);
      expect(parsed.excludeOriginal).to.equal(true);
      expect(parsed.json).to.equal(true);
    });

    it('accepts --auto on its own as an empty --rep list (the ladder is built from the source)', () => {
      const parsed = packaging(['dash', 'in.mp4', '--auto', '-o', 'm.mpd']);
      expect(parsed.reps).to.deep.equal([]);
    });

    it('accepts --hls-playlist with dash', () => {
      const parsed = packaging(['dash', 'in.mp4', '-o', 'out/manifest.mpd', '--hls-playlist', '--codec', 'vp9']);
      expect(parsed).to.include({ command: 'dash', hlsPlaylist: true, codec: 'vp9', output: 'out/manifest.mpd' });
    });

    it('accepts fractional segment durations', () => {
      expect(packaging(['hls', 'in.mp4', '-o', 'o.m3u8', '--segment-seconds', '1.5']).segmentSeconds).to.equal(1.5);
    });

    it('passes the input through untouched, URLs included', () => {
      const url = 'https://user:pw@example.com/live/index.m3u8?token=a%20b';
      expect(packaging(['hls', url, '-o', 'o.m3u8']).input).to.equal(url);
    });

    it('takes an input that starts with a dash after --', () => {
      expect(packaging(['hls', '-o', 'o.m3u8', '--', '-weird-.mp4']).input).to.equal('-weird-.mp4');
    });
  });

  describe('probe and convert', () => {
    it('parses probe with and without --json, without needing -o', () => {
      const source = { kind: 'file', path: 'a.mkv', loop: false };
      expect(parseCliArgs(['probe', 'a.mkv'])).to.deep.equal({ command: 'probe', input: 'a.mkv', source, json: false });
      expect(parseCliArgs(['probe', '--json', 'a.mkv'])).to.deep.equal({ command: 'probe', input: 'a.mkv', source, json: true });
    });

    it('parses convert with its output, codec and --json', () => {
      expect(parseCliArgs(['convert', 'in.m3u8', '-o', 'out.mp4'])).to.deep.equal({
        command: 'convert',
        input: 'in.m3u8',
        source: { kind: 'file', path: 'in.m3u8', loop: false },
        output: 'out.mp4',
        codec: 'h264',
        json: false,
      });
      expect(parseCliArgs(['convert', 'in.webm', '-o', 'out.mp4', '--codec', 'av1', '--json'])).to.deep.equal({
        command: 'convert',
        input: 'in.webm',
        source: { kind: 'file', path: 'in.webm', loop: false },
        output: 'out.mp4',
        codec: 'av1',
        json: true,
      });
    });
  });

  describe('help and version', () => {
    it('shows help for no arguments, --help, -h and `help <topic>`', () => {
      expect(parseCliArgs([])).to.deep.equal({ command: 'help', topic: undefined });
      expect(parseCliArgs(['--help'])).to.deep.equal({ command: 'help', topic: undefined });
      expect(parseCliArgs(['hls', '-h'])).to.deep.equal({ command: 'help', topic: 'hls' });
      expect(parseCliArgs(['help', 'dash'])).to.deep.equal({ command: 'help', topic: 'dash' });
    });

    it('shows the version for --version and -v, whatever else is given', () => {
      expect(parseCliArgs(['--version'])).to.deep.equal({ command: 'version' });
      expect(parseCliArgs(['hls', 'in.mp4', '-v'])).to.deep.equal({ command: 'version' });
    });

    it('documents every command and option it accepts in USAGE', () => {
      for (const word of [
        'hls', 'dash', 'probe', 'convert', 'verify', 'devices', '-o', '--auto', '--rep', '--audio-bitrate', '--codec', '--fmp4', '--segment-seconds', '--heights',
        '--no-original', '--hls-playlist', '--json', '--to', '--s3-endpoint', '--gcs-endpoint', '--header', '--delete-removed', '--encrypt', '--key-url', '--key-dir',
        '--key-to', '--rotate', '--capture', '--audio-device', '--size', '--frame-rate', '--loop', '--live', '--window', '--event', '--duration',
        's3://bucket/key', 'gs://bucket/object', 'az://container/blob',
      ]) {
        expect(USAGE, word).to.include(word);
      }
    });
  });

  describe('bad usage throws InvalidOptionError, naming the problem and the fix', () => {
    it('an unknown command lists the commands', () => {
      const error = usageErrorOf(() => parseCliArgs(['package', 'in.mp4', '-o', 'o.m3u8']));
      expect(error.option).to.equal('command');
      expect(error.message).to.include('"package"');
      for (const command of ['hls', 'dash', 'probe', 'convert']) expect(error.message).to.include(command);
      expect(error.message).to.include('--help');
    });

    it('a missing <input> shows the command usage', () => {
      const error = usageErrorOf(() => parseCliArgs(['dash', '-o', 'out/manifest.mpd']));
      expect(error.option).to.equal('<input>');
      expect(error.message).to.include('ffstream dash <input>');
    });

    it('an empty <input> is rejected like a missing one', () => {
      expect(usageErrorOf(() => parseCliArgs(['probe', ''])).option).to.equal('<input>');
    });

    for (const [command, example] of [
      ['hls', 'out/master.m3u8'],
      ['dash', 'out/manifest.mpd'],
      ['convert', 'out.mp4'],
    ] as const) {
      it(`a missing -o for ${command} shows an example output (${example})`, () => {
        const error = usageErrorOf(() => parseCliArgs([command, 'in.mp4']));
        expect(error.option).to.equal('-o');
        expect(error.message).to.include(`-o ${example}`);
      });
    }

    it('an empty -o is rejected like a missing one', () => {
      expect(usageErrorOf(() => parseCliArgs(['hls', 'in.mp4', '-o', ''])).option).to.equal('-o');
    });

    it('--auto together with --rep says to choose one', () => {
      const error = usageErrorOf(() => parseCliArgs(['hls', 'in.mp4', '-o', 'o.m3u8', '--auto', '--rep', '640x360@800k']));
      expect(error.option).to.equal('--auto');
      expect(error.message).to.include('--rep');
    });

    it('--hls-playlist with hls says it belongs to dash', () => {
      const error = usageErrorOf(() => parseCliArgs(['hls', 'in.mp4', '-o', 'o.m3u8', '--hls-playlist']));
      expect(error.option).to.equal('--hls-playlist');
      expect(error.message).to.include('ffstream dash');
    });

    it('a bad --audio-bitrate shows the accepted forms', () => {
      for (const bad of ['fast', '128kbps', '-128k', '0', '1e3', '']) {
        // The `=` form: parseArgs refuses a separate value that starts with a dash as ambiguous.
        const error = usageErrorOf(() => parseCliArgs(['hls', 'in.mp4', '-o', 'o.m3u8', `--audio-bitrate=${bad}`]));
        expect(error.option, bad).to.equal('--audio-bitrate');
        expect(error.message, bad).to.include(JSON.stringify(bad));
      }
    });

    it('a non-positive or non-numeric --segment-seconds is rejected', () => {
      for (const bad of ['0', '-6', 'six', 'Infinity', '']) {
        const error = usageErrorOf(() => parseCliArgs(['dash', 'in.mp4', '-o', 'o.mpd', `--segment-seconds=${bad}`]));
        expect(error.option, bad).to.equal('--segment-seconds');
        expect(error.message, bad).to.include('positive number');
      }
    });

    it('a bad entry in --heights is rejected', () => {
      const error = usageErrorOf(() => parseCliArgs(['hls', 'in.mp4', '-o', 'o.m3u8', '--heights', '720,,360']));
      expect(error.option).to.equal('--heights');
    });

    it('extra positionals ask for quoting, naming what was extra', () => {
      const error = usageErrorOf(() => parseCliArgs(['hls', 'my', 'video.mp4', '-o', 'o.m3u8']));
      expect(error.option).to.equal('arguments');
      expect(error.message).to.include('"my"').and.to.include('"video.mp4"');
      expect(error.message).to.include('Quote');
      expect(usageErrorOf(() => parseCliArgs(['probe', 'a.mp4', 'b.mp4'])).option).to.equal('arguments');
    });

    it('an unknown option or an option without its value is refused, naming the option', () => {
      // node:util parseArgs reports these. Its message names the option; see the report about their error code.
      for (const [argv, named] of [
        [['hls', 'in.mp4', '-o', 'o.m3u8', '--bogus'], '--bogus'],
        [['hls', 'in.mp4', '-o', 'o.m3u8', '--rep'], '--rep'],
        [['hls', 'in.mp4', '-o'], '-o'],
        [['hls', 'in.mp4', '-o', 'o.m3u8', '--fmp4=yes'], '--fmp4'],
      ] as const) {
        expect(() => parseCliArgs(argv), named).to.throw(Error, named);
      }
    });
  });
});

describe('parseBitrate()', () => {
  it('reads plain bits per second and the k and M suffixes, in either case', () => {
    expect(parseBitrate('--x', '96000')).to.equal(96_000);
    expect(parseBitrate('--x', '128k')).to.equal(128 * 1000);
    expect(parseBitrate('--x', '128K')).to.equal(128 * 1000);
    expect(parseBitrate('--x', '2.5M')).to.equal(2.5 * 1_000_000);
    expect(parseBitrate('--x', '2.5m')).to.equal(2.5 * 1_000_000);
  });

  it('ignores surrounding spaces and rounds fractions to whole bits per second', () => {
    expect(parseBitrate('--x', ' 64k ')).to.equal(64_000);
    expect(parseBitrate('--x', '0.0015k')).to.equal(Math.round(0.0015 * 1000));
  });

  it('rejects anything else with the option name, the value and examples of valid bitrates', () => {
    for (const bad of ['', 'k', '12 8k', '128kb', '1.2.3k', '-1', '1e6', '0', '0.0001', '128G']) {
      const error = usageErrorOf(() => parseBitrate('--audio-bitrate', bad));
      expect(error.option, bad).to.equal('--audio-bitrate');
      expect(error.message, bad).to.include(JSON.stringify(bad));
      expect(error.message, bad).to.match(/bitrate/u);
    }
  });
});
