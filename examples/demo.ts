/**
 * The README's main job on a built-in sample: generates a 12 s 1280x720 stereo test clip with ffmpeg's lavfi,
 * packages it as an HLS ladder (TS) and a DASH ladder with HLS playlists, printing progress, and lists the
 * result and verifies both packages (`verify()`). Run with `npm run demo` (after `bash .ci/setup`). Output goes to ./demo-output.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Formats, input, verify } from '../lib/index.js';

const outDir = resolve(process.argv[2] ?? 'demo-output');
mkdirSync(outDir, { recursive: true });
const sample = join(outDir, 'sample.mp4');
console.log(`Generating the sample ${sample} ...`);
execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
  '-t', '12', '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '4M', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-b:a', '128k', '-shortest', sample]);

const monitor = (label: string) => (p: { percent: number | null; speed: number | null }) =>
  process.stdout.write(`\r${label}: ${p.percent?.toFixed(1) ?? '?'}%  x${p.speed?.toFixed(2) ?? '?'}   `);

const hls = await input(sample).hls(Formats.h264()).autoGenerateRepresentations().output(join(outDir, 'hls', 'master.m3u8'), { monitor: monitor('HLS') });
console.log(`\nHLS master: ${hls.manifestPath}`);
for (const r of hls.presentation?.renditions ?? []) {
  console.log(`  ${r.id.padEnd(6)} ${r.type === 'video' ? `${r.width}x${r.height}` : `${r.channels}ch`}  ${r.codecs.padEnd(12)} avg ${(r.averageBps / 1000).toFixed(0)} kb/s, peak ${(r.peakBps / 1000).toFixed(0)} kb/s, ${r.segments.length} segments`);
}
const dash = await input(sample).dash(Formats.h264()).generateHlsPlaylist().autoGenerateRepresentations().output(join(outDir, 'dash', 'manifest.mpd'), { monitor: monitor('DASH') });
console.log(`\nDASH MPD: ${dash.manifestPath}\nHLS over the same segments: ${dash.hlsMasterPath ?? '(none)'}`);

for (const manifest of [hls.manifestPath, dash.manifestPath, dash.hlsMasterPath ?? '']) {
  if (!manifest) continue;
  const report = await verify(manifest);
  const broken = report.checks.filter((c) => c.status === 'fail');
  console.log(`verify ${manifest}: ${report.checks.length} checks, ${broken.length} broken${broken.map((c) => `\n  ✘ ${c.rule} ${c.subject}: ${c.message}`).join('')}`);
  if (!report.ok) process.exitCode = 1;
}
