import type { MediaInfo } from '../probe/media-info.js';

/** Pure: what `ffstream probe` prints for a person: the input, then one line per stream. */
export function describeMedia(info: MediaInfo): string {
  const lines = [`${info.input}`, `  format: ${info.formatName}, duration: ${info.durationSeconds?.toFixed(3) ?? 'unknown'} s, bitrate: ${info.bitrateBps ?? 'unknown'} b/s`];
  for (const s of info.streams) {
    if (s.type === 'video') lines.push(`  video #${s.index}: ${s.codecName} ${s.width}x${s.height} ${s.frameRate?.toFixed(3) ?? '?'} fps ${s.pixelFormat ?? ''}${s.rotationDegrees ? ` rotated ${s.rotationDegrees}°` : ''}, ${s.bitrateBps ?? 'unknown'} b/s`);
    else if (s.type === 'audio') lines.push(`  audio #${s.index}: ${s.codecName} ${s.channels} ch ${s.sampleRateHz} Hz, ${s.bitrateBps ?? 'unknown'} b/s, language ${s.language}`);
    else lines.push(`  ${s.type} #${s.index}: ${s.codecName ?? ''}`);
  }
  return `${lines.join('\n')}\n`;
}
