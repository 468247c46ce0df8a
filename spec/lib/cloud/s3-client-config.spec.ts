import { expect } from 'chai';
import { checkS3ConnectionOptions, s3ClientConfig } from '../../../lib/cloud/s3-client-config.js';

describe('s3ClientConfig()', () => {
  let savedRegion: string | undefined;
  beforeEach(() => {
    savedRegion = process.env['AWS_REGION'];
    delete process.env['AWS_REGION'];
  });
  afterEach(() => {
    if (savedRegion === undefined) delete process.env['AWS_REGION'];
    else process.env['AWS_REGION'] = savedRegion;
  });

  it('leaves everything to the SDK for AWS with no options', () => {
    expect(s3ClientConfig({})).to.deep.equal({});
  });

  it('defaults the region to us-east-1 and asks for checksums only when required for an S3-compatible endpoint', () => {
    expect(s3ClientConfig({ endpoint: 'http://127.0.0.1:9000', forcePathStyle: true })).to.deep.equal({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9000',
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      forcePathStyle: true,
    });
  });

  it('prefers the region option, then AWS_REGION', () => {
    process.env['AWS_REGION'] = 'eu-west-1';
    expect(s3ClientConfig({ endpoint: 'http://127.0.0.1:9000' })).to.include({ region: 'eu-west-1' });
    expect(s3ClientConfig({ region: 'ap-south-1' })).to.deep.equal({ region: 'ap-south-1' });
  });

  it('keeps forcePathStyle false when set so', () => {
    expect(s3ClientConfig({ forcePathStyle: false })).to.deep.equal({ forcePathStyle: false });
  });
});

describe('checkS3ConnectionOptions()', () => {
  it('accepts connection options without a client, and a client without them', () => {
    expect(() => checkS3ConnectionOptions({ endpoint: 'http://127.0.0.1:9000', region: 'x', forcePathStyle: true })).to.not.throw();
    expect(() => checkS3ConnectionOptions({ client: {} })).to.not.throw();
  });

  for (const option of ['endpoint', 'region', 'forcePathStyle'] as const) {
    it(`refuses \`${option}\` together with \`client\``, () => {
      const value = option === 'forcePathStyle' ? false : 'x';
      expect(() => checkS3ConnectionOptions({ client: {}, [option]: value }))
        .to.throw(`Expected the \`${option}\` option to be unset when \`client\` is given`)
        .with.property('code', 'INVALID_OPTION');
    });
  }
});
