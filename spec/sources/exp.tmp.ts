import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { readFile } from 'node:fs/promises';
import { startSwiftS3 } from '../helpers/servers/index.js';
import { presignS3Get } from './helpers/presign-s3-get.js';
const swift = await startSwiftS3({ buckets: ['media'] });
try {
  const client = new S3Client(swift.clientConfig);
  await client.send(new PutObjectCommand({ Bucket: 'media', Key: 'dir/t.mp4', Body: await readFile('/tmp/t.mp4') }));
  const url = presignS3Get({ endpoint: swift.endpoint, region: 'us-east-1', bucket: 'media', key: 'dir/t.mp4', credentials: swift.credentials, expiresInSeconds: 300 });
  console.log(url);
  const r = await fetch(url, { headers: { Range: 'bytes=0-9' } });
  console.log(r.status, r.headers.get('content-range'), (await r.arrayBuffer()).byteLength);
  const bad = presignS3Get({ endpoint: swift.endpoint, region: 'us-east-1', bucket: 'media', key: 'dir/t.mp4', credentials: { ...swift.credentials, secretAccessKey: 'wrong' }, expiresInSeconds: 300 });
  const r2 = await fetch(bad); console.log('bad', r2.status, (await r2.text()).slice(0, 300));
  const { execa } = await import('execa');
  const p = await execa('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-i', url], { reject: false });
  console.log(p.exitCode, p.stdout, p.stderr);
  console.log((await execa('bash', ['-c', `grep -c 'GET /media/dir/t.mp4' ${swift.dir}/logs/proxy-server.log; grep 'GET /media/dir/t.mp4' ${swift.dir}/logs/proxy-server.log | tail -3`], {reject:false})).stdout);
} finally { await swift.stop(); }
