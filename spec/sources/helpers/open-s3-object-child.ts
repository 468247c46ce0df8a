/**
 * Child-process half of the "without @aws-sdk/s3-request-presigner" test: opens an S3 object input as a job would
 * (the client config comes as JSON in argv[2]), prints what it got, releases it and prints whether the file is gone.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { openMediaInput } from '../../../lib/job/open-media-input.js';
import { s3ObjectInput } from '../../../sources/from-s3-object.js';

const { clientConfig, bucket, key, tempDir } = JSON.parse(process.argv[2] ?? '{}') as { clientConfig: S3ClientConfig; bucket: string; key: string; tempDir: string };
const presignerLoads = await import('@aws-sdk/s3-request-presigner').then(
  () => true,
  () => false,
);
const client = new S3Client(clientConfig);
const opened = await openMediaInput(s3ObjectInput({ client, bucket, key, tempDir }));
const sizeBytes = (await stat(opened.uri)).size;
const uri = opened.uri;
await opened.release();
client.destroy();
console.log(JSON.stringify({ presignerLoads, uri, sizeBytes, existsAfterRelease: existsSync(uri) }));
