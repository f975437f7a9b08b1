/** Reading raw BSON without parsing it: element walking for the hot paths (keys, insert checks). */

/** Returned when a raw read cannot decide and the parsed form is needed. */
export const NEEDS_PARSE = Symbol('needsParse');

const SCALAR_SIZES: Record<number, number> = { 0x01: 8, 0x06: 0, 0x07: 12, 0x08: 1, 0x09: 8, 0x0a: 0, 0x10: 4, 0x11: 8, 0x12: 8, 0x13: 16, 0xff: 0, 0x7f: 0 };

/** Offset just past the value of the element whose value starts at `p`, or -1 when unknown. */
export function skipValue(b: Uint8Array, type: number, p: number): number {
  const fixed = SCALAR_SIZES[type];
  if (fixed !== undefined) return p + fixed;
  const int32 = () => b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
  switch (type) {
    case 0x02:
    case 0x0d:
    case 0x0e:
      return p + 4 + int32();
    case 0x03:
    case 0x04:
    case 0x0f:
      return p + int32();
    case 0x05:
      return p + 5 + int32();
    case 0x0b: {
      let q = p;
      while (b[q] !== 0) q++;
      q++;
      while (b[q] !== 0) q++;
      return q + 1;
    }
    case 0x0c:
      return p + 4 + int32() + 12;
    default:
      return -1;
  }
}

/**
 * Finds the element at a dotted path in raw BSON without parsing the document. Returns its type and
 * value offset, `undefined` when the field is missing, or NEEDS_PARSE when an array is met on the way
 * (multikey rules need the parsed form).
 */
export function findRaw(b: Uint8Array, start: number, path: readonly string[]): { type: number; at: number } | undefined | typeof NEEDS_PARSE {
  let docStart = start;
  for (let depth = 0; depth < path.length; depth++) {
    const name = path[depth];
    const end = docStart + (b[docStart] | (b[docStart + 1] << 8) | (b[docStart + 2] << 16) | (b[docStart + 3] << 24)) - 1;
    let p = docStart + 4;
    let found: { type: number; at: number } | undefined;
    while (p < end) {
      const type = b[p++];
      const nameStart = p;
      while (b[p] !== 0) p++;
      let match = p - nameStart === name.length;
      for (let i = 0; match && i < name.length; i++) if (b[nameStart + i] !== name.charCodeAt(i)) match = false;
      p++;
      if (match) {
        found = { type, at: p };
        break;
      }
      p = skipValue(b, type, p);
      if (p < 0) return NEEDS_PARSE;
    }
    if (!found) return undefined;
    if (found.type === 0x04) return NEEDS_PARSE;
    if (depth === path.length - 1) return found;
    if (found.type !== 0x03) return undefined;
    docStart = found.at;
  }
  return undefined;
}


export interface TopLevelInfo {
  /** Whether `_id` is the first field. */
  idFirst: boolean;
  /** BSON type byte of `_id`, or 0 when absent. */
  idType: number;
  /** The first top-level field name starting with `$`, if any. */
  dollarField?: string;
}

/** One pass over the top-level element names of a document. Throws on malformed structure. */
export function topLevelInfo(b: Uint8Array): TopLevelInfo {
  const end = (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) - 1;
  const info: TopLevelInfo = { idFirst: false, idType: 0 };
  let p = 4;
  let first = true;
  while (p < end) {
    const type = b[p++];
    const nameStart = p;
    while (p < end && b[p] !== 0) p++;
    if (p >= end) throw new Error('malformed BSON element name');
    const len = p - nameStart;
    if (len === 3 && b[nameStart] === 0x5f && b[nameStart + 1] === 0x69 && b[nameStart + 2] === 0x64) {
      info.idType = type;
      info.idFirst = first;
    } else if (b[nameStart] === 0x24 && info.dollarField === undefined) {
      info.dollarField = Buffer.from(b.buffer, b.byteOffset + nameStart, len).toString('utf8');
    }
    first = false;
    p = skipValue(b, type, p + 1);
    if (p < 0 || p > end) throw new Error('malformed BSON element');
  }
  return info;
}

const MAX_NESTING = 200;

/**
 * Checks the structure of raw BSON without building objects: sizes, terminators, element types,
 * string lengths, nesting. Documents taken as raw bytes (inserts) are checked with this before they
 * are stored, so malformed input is rejected with an error instead of poisoning later reads.
 * Returns an error message, or undefined when the bytes are well formed.
 */
export function checkRawBson(b: Uint8Array, start = 0, limit = b.length, depth = 0): string | undefined {
  if (depth > MAX_NESTING) return 'BSON nested too deeply';
  if (limit - start < 5) return 'BSON document too short';
  const size = b[start] | (b[start + 1] << 8) | (b[start + 2] << 16) | (b[start + 3] << 24);
  if (size < 5 || start + size > limit) return 'BSON document size is invalid';
  const end = start + size - 1;
  if (b[end] !== 0) return 'BSON document is not terminated';
  let p = start + 4;
  while (p < end) {
    const type = b[p++];
    while (p < end && b[p] !== 0) p++;
    if (p >= end) return 'BSON element name is not terminated';
    p++;
    const int32 = (q: number) => b[q] | (b[q + 1] << 8) | (b[q + 2] << 16) | (b[q + 3] << 24);
    switch (type) {
      case 0x02:
      case 0x0d:
      case 0x0e: {
        if (p + 4 > end) return 'truncated BSON string';
        const len = int32(p);
        if (len < 1 || p + 4 + len > end || b[p + 4 + len - 1] !== 0) return 'invalid BSON string length';
        p += 4 + len;
        break;
      }
      case 0x03:
      case 0x04: {
        const err = checkRawBson(b, p, end, depth + 1);
        if (err) return err;
        p += int32(p);
        break;
      }
      case 0x05: {
        if (p + 5 > end) return 'truncated BSON binary';
        const len = int32(p);
        if (len < 0 || p + 5 + len > end) return 'invalid BSON binary length';
        p += 5 + len;
        break;
      }
      case 0x0b: {
        for (let k = 0; k < 2; k++) {
          while (p < end && b[p] !== 0) p++;
          if (p >= end) return 'unterminated BSON regex';
          p++;
        }
        break;
      }
      case 0x0c: {
        if (p + 4 > end) return 'truncated BSON DBPointer';
        const len = int32(p);
        if (len < 1 || p + 4 + len + 12 > end) return 'invalid BSON DBPointer';
        p += 4 + len + 12;
        break;
      }
      case 0x0f: {
        if (p + 4 > end) return 'truncated BSON code with scope';
        const total = int32(p);
        if (total < 14 || p + total > end) return 'invalid BSON code with scope';
        const len = int32(p + 4);
        if (len < 1 || 8 + len > total || b[p + 8 + len - 1] !== 0) return 'invalid BSON code with scope';
        const err = checkRawBson(b, p + 8 + len, p + total, depth + 1);
        if (err) return err;
        p += total;
        break;
      }
      default: {
        const fixed = SCALAR_SIZES[type];
        if (fixed === undefined) return `unknown BSON type ${type}`;
        p += fixed;
        if (p > end) return 'truncated BSON value';
      }
    }
  }
  return p === end ? undefined : 'BSON element overruns its document';
}
