/** One ISO BMFF box: its four-character type and its payload (the bytes after the header). */
export interface IsoBox {
  readonly type: string;
  /** The box payload, a view into the original bytes (no copy). */
  readonly payload: Uint8Array;
  /** Offset of the box header within the bytes that were scanned. */
  readonly offsetBytes: number;
}

/**
 * Lists the boxes laid end to end in `bytes` (one nesting level). Pure.
 *
 * Use it to walk an fMP4 init segment: `moov` → `trak` → `mdia` → `minf` → `stbl` → `stsd`.
 * Handles 64-bit sizes and a size of 0 ("to the end"); stops at a truncated box rather than throwing,
 * so a caller looking for one child still finds it in a partially written file.
 *
 * @example
 * isoBoxes(initBytes).map((b) => b.type); // ['ftyp', 'moov']
 */
export function isoBoxes(bytes: Uint8Array): IsoBox[] {
  const boxes: IsoBox[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    let size = view.getUint32(offset);
    const type = fourCc(bytes, offset + 4);
    let headerBytes = 8;
    if (size === 1) {
      if (offset + 16 > bytes.length) break;
      size = Number(view.getBigUint64(offset + 8));
      headerBytes = 16;
    } else if (size === 0) {
      size = bytes.length - offset;
    }
    if (size < headerBytes || offset + size > bytes.length) break;
    boxes.push({ type, payload: bytes.subarray(offset + headerBytes, offset + size), offsetBytes: offset });
    offset += size;
  }
  return boxes;
}

/** Follows a path of box types from `bytes` (e.g. `['moov', 'trak']`) and returns every match of the last step. */
export function findIsoBoxes(bytes: Uint8Array, path: readonly string[]): IsoBox[] {
  let level: IsoBox[] = [{ type: '', payload: bytes, offsetBytes: 0 }];
  for (const type of path) {
    level = level.flatMap((parent) => isoBoxes(parent.payload).filter((b) => b.type === type));
  }
  return level;
}

/** Reads a four-character code at `offset`. */
export function fourCc(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset] ?? 0, bytes[offset + 1] ?? 0, bytes[offset + 2] ?? 0, bytes[offset + 3] ?? 0);
}

/**
 * A DataView over exactly `bytes` (a box payload is usually a view into a larger buffer).
 *
 * @example
 * viewOf(tkhd.payload).getUint32(12); // track_ID of a version-0 tkhd
 */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
