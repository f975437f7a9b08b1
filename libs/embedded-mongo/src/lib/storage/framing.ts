import { crc32 } from 'node:zlib';

/**
 * Record framing shared by journal segments and checkpoints:
 * `[u32 payload length][u32 CRC-32 of payload][payload]`, little endian. A frame that is cut short or
 * whose checksum does not match ends the readable part of a file (a torn tail after a crash).
 */
export const FRAME_HEADER = 8;
/** Larger frames are not written, so a larger length can only be garbage. */
export const MAX_FRAME = 1024 * 1024 * 1024;

export function frameHeader(payload: Uint8Array): Buffer {
  const h = Buffer.allocUnsafe(FRAME_HEADER);
  h.writeUInt32LE(payload.length, 0);
  h.writeUInt32LE(crc32(payload), 4);
  return h;
}

export interface FrameScan {
  /** Valid payloads, in order (views into the scanned buffer). */
  frames: Buffer[];
  /** Offset just past the last valid frame. */
  validEnd: number;
  /** True when bytes after `validEnd` do not form a valid frame (torn or corrupt). */
  torn: boolean;
  /** True when reading stopped at zero bytes (preallocated space): the clean end of the data. */
  zeroTail?: boolean;
}

/**
 * Reads consecutive frames from `buf` starting at `offset`. With `partialOk`, an incomplete last frame
 * is reported as not torn (more bytes may follow in the next chunk).
 */
export function scanFrames(buf: Buffer, offset: number, partialOk = false): FrameScan {
  const frames: Buffer[] = [];
  let p = offset;
  while (p < buf.length) {
    if (buf.length - p < FRAME_HEADER) return { frames, validEnd: p, torn: !partialOk };
    const len = buf.readUInt32LE(p);
    const crc = buf.readUInt32LE(p + 4);
    if (len === 0 && crc === 0) return { frames, validEnd: p, torn: false, zeroTail: true };
    if (len === 0 || len > MAX_FRAME) return { frames, validEnd: p, torn: true };
    if (p + FRAME_HEADER + len > buf.length) return { frames, validEnd: p, torn: !partialOk };
    const payload = buf.subarray(p + FRAME_HEADER, p + FRAME_HEADER + len);
    if (crc32(payload) !== crc) return { frames, validEnd: p, torn: true };
    frames.push(payload);
    p += FRAME_HEADER + len;
  }
  return { frames, validEnd: p, torn: false };
}
