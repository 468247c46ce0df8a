import { expect } from 'chai';
import { firstValueFrom } from 'rxjs';
import { isPackagerError } from '../../lib/errors.js';
import { redactArgv } from '../../lib/ffmpeg/redact-argv.js';
import { fromUrl, urlInput } from '../../sources/from-url.js';
import { urlInputOptions } from '../../sources/url-input-options.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isPackagerError(error) ? error.code : 'not a PackagerError';
  }
  return undefined;
}

describe('sources/from-url', () => {
  describe('urlInputOptions (pure)', () => {
    it('http(s): reconnect on drops and a 30 s read timeout', () => {
      const expected = ['-reconnect', '1', '-reconnect_streamed', '1', '-reconnect_delay_max', '10', '-rw_timeout', '30000000'];
      expect(urlInputOptions('https', {})).to.deep.equal(expected);
      expect(urlInputOptions('HTTP', {})).to.deep.equal(expected);
    });

    it('rtsp: TCP transport and the rtsp demuxer\'s own -timeout', () => {
      expect(urlInputOptions('rtsp', {})).to.deep.equal(['-rtsp_transport', 'tcp', '-timeout', '30000000']);
    });

    it('rtmp, srt, ftp, tcp: the generic -rw_timeout (rtmp\'s -timeout would mean "listen")', () => {
      for (const scheme of ['rtmp', 'rtmps', 'srt', 'ftp', 'tcp']) expect(urlInputOptions(scheme, {}), scheme).to.deep.equal(['-rw_timeout', '30000000']);
    });

    it('udp and rtp wait for a sender unless a timeout is asked for, then use their own -timeout', () => {
      expect(urlInputOptions('udp', {})).to.deep.equal([]);
      expect(urlInputOptions('udp', { timeoutMs: 5000 })).to.deep.equal(['-timeout', '5000000']);
      expect(urlInputOptions('rtp', { timeoutMs: 1500 })).to.deep.equal(['-timeout', '1500000']);
    });

    it('timeoutMs 0 waits forever; other schemes get nothing', () => {
      expect(urlInputOptions('https', { timeoutMs: 0 })).to.deep.equal(['-reconnect', '1', '-reconnect_streamed', '1', '-reconnect_delay_max', '10']);
      expect(urlInputOptions('concat', {})).to.deep.equal([]);
      expect(urlInputOptions('data', { inputOptions: ['-f', 'mp4'] })).to.deep.equal(['-f', 'mp4']);
    });

    it('never adds an option the caller set, and puts the caller\'s options last', () => {
      expect(urlInputOptions('rtsp', { inputOptions: ['-rtsp_transport', 'udp'] })).to.deep.equal(['-timeout', '30000000', '-rtsp_transport', 'udp']);
      expect(urlInputOptions('https', { inputOptions: ['-reconnect', '0', '-rw_timeout', '5'] })).to.deep.equal([
        '-reconnect_streamed',
        '1',
        '-reconnect_delay_max',
        '10',
        '-reconnect',
        '0',
        '-rw_timeout',
        '5',
      ]);
    });

    it('headers become one -headers option of CRLF-terminated lines, redacted wherever an argv is shown', () => {
      const options = urlInputOptions('https', { headers: { Authorization: 'Bearer s3cr3t', 'X-Trace': 'a b' }, timeoutMs: 0 });
      expect(options.slice(0, 2)).to.deep.equal(['-headers', 'Authorization: Bearer s3cr3t\r\nX-Trace: a b\r\n']);
      const shown = redactArgv(['ffmpeg', ...options, '-i', 'https://h/v.mp4']);
      expect(shown.join(' ')).to.not.include('s3cr3t');
      expect(shown).to.include('<redacted>');
    });

    it('rejects headers on a non-http scheme, bad names, values with line breaks (without echoing the value) and negative timeouts', () => {
      expect(codeOf(() => urlInputOptions('rtmp', { headers: { A: 'b' } }))).to.equal('INVALID_OPTION');
      expect(codeOf(() => urlInputOptions('https', { headers: { 'Bad Name': 'x' } }))).to.equal('INVALID_OPTION');
      try {
        urlInputOptions('https', { headers: { Authorization: 'Bearer s3cr3t\r\nHost: evil' } });
        expect.fail('should throw');
      } catch (error) {
        expect((error as Error).message).to.include('Authorization').and.not.include('s3cr3t');
      }
      expect(codeOf(() => urlInputOptions('https', { headers: { A: 'b' }, inputOptions: ['-headers', 'A: c\r\n'] }))).to.equal('INVALID_OPTION');
      expect(codeOf(() => urlInputOptions('https', { timeoutMs: -1 }))).to.equal('INVALID_OPTION');
    });
  });

  describe('fromUrl / urlInput', () => {
    it('emits one url MediaInput with the scheme defaults and completes', async () => {
      const input = await firstValueFrom(fromUrl('https://cdn.example.com/shows/talk.mp4', { headers: { Authorization: 'Bearer x' } }));
      expect(input).to.deep.include({ kind: 'url', uri: 'https://cdn.example.com/shows/talk.mp4', isLive: false, label: 'talk' });
      expect(input.inputOptions).to.include('-headers').and.include('-reconnect');
      expect(input.open).to.equal(undefined);
    });

    it('live schemes default to isLive, overridable', () => {
      for (const url of ['rtmp://h/live/key', 'rtsp://cam/stream', 'srt://h:9000', 'udp://239.0.0.1:1234', 'rtp://h:5004']) {
        expect(urlInput(url).isLive, url).to.equal(true);
      }
      expect(urlInput('rtmp://h/live/key', { isLive: false }).isLive).to.equal(false);
      expect(urlInput('https://h/live.m3u8', { isLive: true }).isLive).to.equal(true);
    });

    it('accepts ffmpeg URLs that WHATWG URL rejects (udp://:1234, srt listener) and labels them "stream"', () => {
      expect(urlInput('udp://:1234').label).to.equal('stream');
      expect(urlInput('srt://:9000?mode=listener').inputOptions).to.deep.equal(['-rw_timeout', '30000000']);
    });

    it('rejects what is not a URL, without echoing credentials', () => {
      expect(codeOf(() => urlInput('talk.mp4'))).to.equal('INVALID_OPTION');
      expect(codeOf(() => urlInput('C:\\videos\\a.mp4'))).to.equal('INVALID_OPTION');
      expect(codeOf(() => urlInput('', { inputOptions: ['-f', 'lavfi'] }))).to.equal('INVALID_OPTION');
    });

    it('with -f FORMAT in inputOptions, takes what that format reads (a lavfi graph), live only when told', () => {
      const input = urlInput('testsrc2=size=1280x720:rate=30', { inputOptions: ['-f', 'lavfi', '-re'], isLive: true });
      expect(input.uri).to.equal('testsrc2=size=1280x720:rate=30');
      expect(input.inputOptions).to.deep.equal(['-f', 'lavfi', '-re']);
      expect(input.isLive).to.equal(true);
      expect(input.label).to.equal('testsrc2');
      expect(urlInput('sine', { inputOptions: ['-f', 'lavfi'] }).isLive).to.equal(false);
    });
  });
});
