import type { EncodingPlan } from '../plan/encoding-plan.js';

/** Pure: advice for common ffmpeg failures, read from its last stderr lines. Undefined when nothing fits. */
export function failureHint(stderrTail: readonly string[], plan: EncodingPlan): string | undefined {
  const text = stderrTail.join('\n');
  if (/Permission denied|Read-only file system/iu.test(text)) return `ffmpeg could not write in "${plan.outDir}". Check that the directory is writable.`;
  if (/No space left on device/iu.test(text)) return `The disk holding "${plan.outDir}" is full. Free space or choose another output directory.`;
  if (/Unknown encoder|Encoder not found/iu.test(text)) return 'This ffmpeg lacks the chosen encoder. Choose another codec or install an ffmpeg that has it.';
  const muxer = /Requested output format '([^']+)' is not a suitable output format/u.exec(text)?.[1];
  if (muxer !== undefined) return `This ffmpeg was built without the "${muxer}" muxer. Install a full ffmpeg build (Debian/Ubuntu: \`apt-get install ffmpeg\`).`;
  if (/height not divisible by 2|width not divisible by 2/iu.test(text)) return 'A representation has an odd width or height; use even sizes.';
  if (/Invalid data found|moov atom not found|End of file/iu.test(text)) return 'The input ended early or is damaged; check that the file is complete.';
  return undefined;
}
