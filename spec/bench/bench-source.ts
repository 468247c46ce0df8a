/** What both benches share: the generated source (nothing committed) and their log line. */
import { execa } from 'execa';

/** A lavfi test source: testsrc2 picture and a 440 Hz stereo tone, H.264 + AAC in MP4. */
export interface BenchSource {
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly durationSeconds: number;
  /** More libx264 arguments (rate control, tuning), e.g. `['-b:v', '1500k']`; the preset is ultrafast (the source is not what is measured). */
  readonly videoArgs: readonly string[];
  readonly audioBitrate: string;
}

/** Writes the source to `path` with the bench's ffmpeg: a key frame every 2 s, yuv420p, 48 kHz stereo audio. */
export async function generateBenchSource(ffmpeg: string, path: string, source: BenchSource): Promise<void> {
  const { width, height, fps, durationSeconds } = source;
  await execa(ffmpeg, [
    '-v', 'error', '-nostdin', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(durationSeconds),
    '-map', '0:v', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', ...source.videoArgs, '-g', String(2 * fps),
    '-map', '1:a', '-c:a', 'aac', '-b:a', source.audioBitrate, '-ac', '2',
    path,
  ]);
}

/** A logger writing `<name>: message` lines on stderr (stdout carries only the tables). */
export function benchLogger(name: string): (message: string) => void {
  return (message) => process.stderr.write(`${name}: ${message}\n`);
}
