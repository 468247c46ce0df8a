import { expect } from 'chai';
import { parseCliArgs } from '../../lib/cli/parse-cli-args.js';
import { parseHeader, parseSinkUrl, sinkFromUrl } from '../../lib/cli/sink-from-url.js';

describe('ffstream --to', () => {
  describe('parseSinkUrl()', () => {
    it('reads s3://, gs://, az:// and http(s):// destinations', () => {
      expect(parseSinkUrl('s3://media/vod/talk/')).to.deep.equal({ kind: 's3', bucket: 'media', prefix: 'vod/talk' });
      expect(parseSinkUrl('gs://media')).to.deep.equal({ kind: 'gcs', bucket: 'media', prefix: '' });
      expect(parseSinkUrl('az://videos/a/b')).to.deep.equal({ kind: 'azure', container: 'videos', prefix: 'a/b' });
      expect(parseSinkUrl('https://user:pw@origin.example.com/live/?t=1')).to.deep.equal({ kind: 'http', baseUrl: 'https://user:pw@origin.example.com/live/?t=1' });
    });
    it('rejects anything else, without echoing credentials', () => {
      expect(() => parseSinkUrl('ftp://user:secret@host/x')).to.throw(/^Expected the `--to` option to be a destination such as s3:\/\/bucket\/prefix, gs:\/\/bucket\/prefix, az:\/\/container\/prefix or http\(s\):\/\/host\/path, got "ftp:\/\/\*\*\*@host\/x"\.$/u);
      expect(() => parseSinkUrl('s3://')).to.throw(/`--to` option to be a s3:\/\/ URL with a bucket name/u);
      expect(() => parseSinkUrl('media/vod')).to.throw(/`--to` option/u);
    });
  });

  it('parseHeader() splits at the first colon and never echoes the value', () => {
    expect(parseHeader('Authorization: Bearer a:b')).to.deep.equal(['Authorization', 'Bearer a:b']);
    const error = (() => {
      try {
        return parseHeader('Bad Name: secret-value');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(String(error)).to.match(/`--header` option/u).and.not.include('secret-value');
  });

  it('parseCliArgs(): --to is repeatable, with endpoints and headers; absent without --to', () => {
    const parsed = parseCliArgs([
      'hls', 'in.mp4', '-o', 'out/master.m3u8',
      '--to', 's3://b/p', '--s3-endpoint', 'http://127.0.0.1:9000',
      '--to', 'http://127.0.0.1:8080/x', '--header', 'Authorization: Bearer t', '--header', 'X-A: 1',
      '--to', 'gs://g/q', '--gcs-endpoint', 'http://127.0.0.1:4443',
    ]);
    if (parsed.command !== 'hls') throw new Error('not hls');
    expect(parsed.upload).to.deep.equal({
      to: [
        { kind: 's3', bucket: 'b', prefix: 'p' },
        { kind: 'http', baseUrl: 'http://127.0.0.1:8080/x' },
        { kind: 'gcs', bucket: 'g', prefix: 'q' },
      ],
      s3Endpoint: 'http://127.0.0.1:9000',
      gcsEndpoint: 'http://127.0.0.1:4443',
      headers: { Authorization: 'Bearer t', 'X-A': '1' },
      deleteRemoved: false,
    });
    expect(parseCliArgs(['dash', 'in.mp4', '-o', 'o.mpd'])).to.not.have.property('upload');
  });

  it('parseCliArgs(): endpoint and header flags need a matching --to', () => {
    expect(() => parseCliArgs(['hls', 'in.mp4', '-o', 'o.m3u8', '--s3-endpoint', 'http://x'])).to.throw(/`--s3-endpoint` option to be used with a --to s3:\/\/ destination or an s3:\/\/ input/u);
    expect(() => parseCliArgs(['hls', 'in.mp4', '-o', 'o.m3u8', '--to', 's3://b', '--header', 'A: secret'])).to.throw(/`--header` option to be used with a --to http\(s\):\/\/ destination, got "\(given\)"/u);
    expect(() => parseCliArgs(['hls', 'in.mp4', '-o', 'o.m3u8', '--to', 's3://b', '--s3-endpoint', 'localhost:9000'])).to.throw(/an http\(s\):\/\/ URL/u);
    expect(() => parseCliArgs(['convert', 'in.mp4', '-o', 'o.mp4', '--to', 's3://b'])).to.throw(/`--to` option to be used with `ffstream hls` or `ffstream dash` only/u);
  });

  it('sinkFromUrl() builds each sink, loading its SDK only then; Azure needs credentials in the environment', async () => {
    expect((await sinkFromUrl(parseSinkUrl('http://127.0.0.1:1/live'))).name).to.equal('http://127.0.0.1:1/live/');
    expect((await sinkFromUrl(parseSinkUrl('s3://media/vod'), { s3Endpoint: 'http://127.0.0.1:1' })).name).to.equal('s3://media/vod/');
    expect((await sinkFromUrl(parseSinkUrl('gs://media/vod'), { env: { STORAGE_EMULATOR_HOST: '127.0.0.1:1' } })).name).to.equal('gs://media/vod/');
    const azure = await sinkFromUrl(parseSinkUrl('az://media/vod'), { env: { AZURE_STORAGE_CONNECTION_STRING: 'DefaultEndpointsProtocol=http;AccountName=a;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:1/a;' } });
    expect(azure.name).to.equal('http://127.0.0.1:1/a/media/vod/');
    const error = await sinkFromUrl(parseSinkUrl('az://media/vod'), { env: {} }).catch((e: unknown) => e);
    expect((error as Error).message).to.match(/Set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY\.$/u);
  });
});
