import { PackagerError } from '../errors.js';

/** Values substituted into a DASH SegmentTemplate identifier. */
export interface TemplateValues {
  readonly representationId: string;
  readonly bandwidthBps: number;
  /** $Number$. */
  readonly number?: number;
  /** $Time$, in timescale ticks. */
  readonly timeTicks?: number;
}

/**
 * Expands `$RepresentationID$`, `$Number$`, `$Number%05d$`, `$Time$`, `$Bandwidth$` and `$$` in a DASH
 * SegmentTemplate URL (ISO 23009-1 §5.3.9.4.4). Pure.
 *
 * @example
 * formatSegmentTemplate('c_$RepresentationID$_$Number%05d$.m4s', { representationId: '0', bandwidthBps: 8e5, number: 3 });
 * // 'c_0_00003.m4s'
 */
export function formatSegmentTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\$(RepresentationID|Number|Time|Bandwidth|)(?:%0?(\d+)d)?\$/gu, (whole, name: string, width: string | undefined) => {
    let value: string;
    switch (name) {
      case '':
        return '$';
      case 'RepresentationID':
        // The ID has no format tag; a width here is invalid, so keep the ID as is.
        return values.representationId;
      case 'Bandwidth':
        value = String(values.bandwidthBps);
        break;
      case 'Number':
        value = requireValue(values.number, whole, template);
        break;
      default:
        value = requireValue(values.timeTicks, whole, template);
        break;
    }
    return width === undefined ? value : value.padStart(Number(width), '0');
  });
}

function requireValue(value: number | undefined, identifier: string, template: string): string {
  if (value === undefined) {
    throw new PackagerError('VERIFY_INPUT_INVALID', `The SegmentTemplate "${template}" uses ${identifier}, which has no value here (an initialization template cannot use $Number$ or $Time$).`);
  }
  return String(value);
}
