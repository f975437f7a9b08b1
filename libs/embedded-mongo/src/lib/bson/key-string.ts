import { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'bson';
import { NEEDS_PARSE, findRaw } from './raw-bson';

export { NEEDS_PARSE };

/**
 * Order-preserving encoding of BSON values ("key strings").
 *
 * Every value becomes a byte sequence whose plain byte order equals MongoDB's comparison order for the
 * value, including the cross-type order (MinKey < null < numbers < strings < objects < arrays < binData <
 * ObjectId < bool < date < timestamp < regex < code < MaxKey). Bytes are stored as a one-byte JavaScript
 * string (chars 0..255), so keys compare with `<` and cost one byte per char in V8. Each encoding is
 * prefix-free, which lets compound keys be plain concatenations and lets a descending field be encoded by
 * inverting its bytes.
 */

export const TYPE_MINKEY = 0x0a;
export const TYPE_UNDEFINED = 0x13; // an empty array inside an index key, as MongoDB stores it
export const TYPE_NULL = 0x14;
export const TYPE_NUMBER = 0x1e;
export const TYPE_STRING = 0x3c;
export const TYPE_OBJECT = 0x46;
export const TYPE_ARRAY = 0x50;
export const TYPE_BINARY = 0x5a;
export const TYPE_OBJECTID = 0x64;
export const TYPE_BOOLEAN = 0x6e;
export const TYPE_DATE = 0x78;
export const TYPE_TIMESTAMP = 0x82;
export const TYPE_REGEX = 0x8c;
export const TYPE_CODE = 0x96;
export const TYPE_MAXKEY = 0xf0;

/** A char above every byte: `prefix + KEY_SENTINEL` sorts after every key that starts with `prefix`. */
export const KEY_SENTINEL = '\u0100';

class ByteWriter {
  buf = Buffer.allocUnsafe(256);
  pos = 0;

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }

  invertFrom(start: number): void {
    const b = this.buf;
    for (let i = start; i < this.pos; i++) b[i] = 0xff - b[i];
  }

  take(start = 0): string {
    return this.buf.toString('latin1', start, this.pos);
  }
}

const writer = new ByteWriter();
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function writeSortableDouble(w: ByteWriter, d: number): void {
  w.ensure(8);
  if (Number.isNaN(d)) {
    for (let i = 0; i < 8; i++) w.buf[w.pos++] = 0;
    return;
  }
  f64[0] = d === 0 ? 0 : d; // folds -0 into +0
  const negative = d < 0;
  for (let i = 0; i < 8; i++) {
    let b = f64Bytes[LITTLE_ENDIAN ? 7 - i : i];
    if (negative) b = 0xff - b;
    else if (i === 0) b ^= 0x80;
    w.buf[w.pos++] = b;
  }
}

function writeNumber(w: ByteWriter, d: number, exact?: bigint): void {
  w.byte(TYPE_NUMBER);
  writeSortableDouble(w, d);
  if (exact === undefined || !Number.isFinite(d)) {
    w.byte(0x80);
    return;
  }
  // A Long too large for a double: keep its exact order among the longs that round to the same double.
  const delta = exact - BigInt(d);
  if (delta === 0n) w.byte(0x80);
  else {
    const v = Number(delta < 0n ? delta + 0x10000n : delta);
    w.byte(delta < 0n ? 0x7f : 0x81);
    w.byte((v >> 8) & 0xff);
    w.byte(v & 0xff);
  }
}

function writeCString(w: ByteWriter, s: string): void {
  const len = Buffer.byteLength(s, 'utf8');
  w.ensure(len * 2 + 2);
  const start = w.pos;
  w.buf.write(s, start, len, 'utf8');
  // Escape 0x00 as 00 FF, terminate with 00 01: prefix-free and order-preserving.
  let zeros = 0;
  for (let i = start; i < start + len; i++) if (w.buf[i] === 0) zeros++;
  if (zeros > 0) {
    for (let i = start + len - 1, j = start + len + zeros - 1; i >= start; i--) {
      const b = w.buf[i];
      if (b === 0) {
        w.buf[j--] = 0xff;
        w.buf[j--] = 0;
      } else w.buf[j--] = b;
    }
  }
  w.pos = start + len + zeros;
  w.buf[w.pos++] = 0;
  w.buf[w.pos++] = 1;
}

function writeUint32(w: ByteWriter, v: number): void {
  w.ensure(4);
  w.buf.writeUInt32BE(v >>> 0, w.pos);
  w.pos += 4;
}

function bsontype(v: object): string | undefined {
  return (v as { _bsontype?: string })._bsontype;
}

/** The canonical type byte of a value, used for type-bracketed index bounds. */
export function typeByte(v: unknown): number {
  if (v === null || v === undefined) return TYPE_NULL;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return TYPE_NUMBER;
    case 'string':
      return TYPE_STRING;
    case 'boolean':
      return TYPE_BOOLEAN;
    case 'object':
      break;
    default:
      return TYPE_NULL;
  }
  if (Array.isArray(v)) return TYPE_ARRAY;
  if (v instanceof Date) return TYPE_DATE;
  if (v instanceof RegExp) return TYPE_REGEX;
  if (v instanceof Uint8Array) return TYPE_BINARY;
  switch (bsontype(v)) {
    case 'ObjectId':
      return TYPE_OBJECTID;
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return TYPE_NUMBER;
    case 'Binary':
      return TYPE_BINARY;
    case 'Timestamp':
      return TYPE_TIMESTAMP;
    case 'BSONRegExp':
      return TYPE_REGEX;
    case 'BSONSymbol':
      return TYPE_STRING;
    case 'MinKey':
      return TYPE_MINKEY;
    case 'MaxKey':
      return TYPE_MAXKEY;
    case 'Code':
      return TYPE_CODE;
    default:
      return TYPE_OBJECT;
  }
}

function writeValue(w: ByteWriter, v: unknown): void {
  if (v === null || v === undefined) {
    w.byte(TYPE_NULL);
    return;
  }
  switch (typeof v) {
    case 'number':
      writeNumber(w, v);
      return;
    case 'bigint':
      writeNumber(w, Number(v), v);
      return;
    case 'string':
      w.byte(TYPE_STRING);
      writeCString(w, v);
      return;
    case 'boolean':
      w.byte(TYPE_BOOLEAN);
      w.byte(v ? 1 : 0);
      return;
    case 'object':
      break;
    default:
      w.byte(TYPE_NULL);
      return;
  }
  if (Array.isArray(v)) {
    w.byte(TYPE_ARRAY);
    for (const e of v) writeValue(w, e);
    w.byte(0);
    return;
  }
  if (v instanceof Date) {
    w.byte(TYPE_DATE);
    writeSortableDouble(w, Number.isNaN(v.getTime()) ? 0 : v.getTime());
    return;
  }
  if (v instanceof RegExp) {
    w.byte(TYPE_REGEX);
    writeCString(w, v.source);
    writeCString(w, v.flags);
    return;
  }
  if (v instanceof Uint8Array) {
    w.byte(TYPE_BINARY);
    writeUint32(w, v.length);
    w.byte(0);
    w.bytes(v);
    return;
  }
  const o = v as Record<string, unknown>;
  switch (bsontype(o)) {
    case 'ObjectId': {
      const oid = o as unknown as ObjectId & { i0?: number };
      w.byte(TYPE_OBJECTID);
      if (typeof oid.i0 === 'number') {
        const parts = oid as unknown as { i0: number; i1: number; i2: number; i3: number };
        w.ensure(12);
        for (const p of [parts.i0, parts.i1, parts.i2, parts.i3]) {
          w.buf[w.pos++] = (p >>> 16) & 0xff;
          w.buf[w.pos++] = (p >>> 8) & 0xff;
          w.buf[w.pos++] = p & 0xff;
        }
      } else w.bytes(oid.id);
      return;
    }
    case 'Int32':
      writeNumber(w, (o as unknown as Int32).value);
      return;
    case 'Double':
      writeNumber(w, (o as unknown as Double).value);
      return;
    case 'Long': {
      const l = o as unknown as Long;
      writeNumber(w, l.toNumber(), l.toBigInt());
      return;
    }
    case 'Decimal128':
      writeNumber(w, Number((o as unknown as Decimal128).toString()));
      return;
    case 'Binary': {
      const b = o as unknown as Binary;
      const bytes = b.buffer.subarray(0, b.position);
      w.byte(TYPE_BINARY);
      writeUint32(w, bytes.length);
      w.byte(b.sub_type);
      w.bytes(bytes);
      return;
    }
    case 'Timestamp': {
      const t = o as unknown as Timestamp;
      w.byte(TYPE_TIMESTAMP);
      writeUint32(w, t.high);
      writeUint32(w, t.low);
      return;
    }
    case 'BSONRegExp': {
      const r = o as unknown as { pattern: string; options: string };
      w.byte(TYPE_REGEX);
      writeCString(w, r.pattern);
      writeCString(w, r.options);
      return;
    }
    case 'BSONSymbol':
      w.byte(TYPE_STRING);
      writeCString(w, String((o as { value?: unknown }).value));
      return;
    case 'MinKey':
      w.byte(TYPE_MINKEY);
      return;
    case 'MaxKey':
      w.byte(TYPE_MAXKEY);
      return;
    case 'Code':
      w.byte(TYPE_CODE);
      writeCString(w, String((o as { code?: unknown }).code));
      return;
    case 'DBRef': {
      const ref = o as unknown as { collection: string; oid: unknown; db?: string; fields?: object };
      writeObject(w, { $ref: ref.collection, $id: ref.oid, ...(ref.db ? { $db: ref.db } : {}), ...ref.fields });
      return;
    }
    default:
      writeObject(w, o);
  }
}

function writeObject(w: ByteWriter, o: Record<string, unknown>): void {
  w.byte(TYPE_OBJECT);
  for (const k of Object.keys(o)) {
    const val = o[k];
    if (val === undefined) continue;
    // MongoDB compares object elements by canonical type, then field name, then value.
    w.byte(typeByte(val));
    writeCString(w, k);
    writeValue(w, val);
  }
  w.byte(0);
}

/** Encodes one value; `descending` inverts the bytes so that plain order is reversed. */
export function encodeValue(v: unknown, descending = false): string {
  writer.pos = 0;
  writeValue(writer, v);
  if (descending) writer.invertFrom(0);
  return writer.take();
}

/**
 * Encodes a compound key: the concatenation of each component, inverted where `directions[i] < 0`.
 * With `recordId`, six bytes of it are appended so that entries of non-unique indexes stay distinct.
 */
export function encodeKey(values: readonly unknown[], directions: readonly number[], recordId?: number): string {
  writer.pos = 0;
  for (let i = 0; i < values.length; i++) {
    const start = writer.pos;
    const v = values[i];
    if (v === EMPTY_ARRAY_KEY) writer.byte(TYPE_UNDEFINED);
    else writeValue(writer, v);
    if (directions[i] < 0) writer.invertFrom(start);
  }
  if (recordId !== undefined) {
    writer.ensure(6);
    for (let shift = 40; shift >= 0; shift -= 8) writer.buf[writer.pos++] = Math.floor(recordId / 2 ** shift) & 0xff;
  }
  return writer.take();
}

/** Marker standing for an empty array in an index key (MongoDB indexes `[]` as undefined). */
export const EMPTY_ARRAY_KEY = Symbol('emptyArray');

/** The single-byte prefix shared by every value of a canonical type (optionally inverted). */
export function typePrefix(type: number, descending = false): string {
  return String.fromCharCode(descending ? 0xff - type : type);
}

/** Plain string comparison, the order of key strings. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

function int64(b: Uint8Array, p: number): bigint {
  return asBuffer(b).readBigInt64LE(p);
}

/** Writes the key encoding of a raw scalar element; false for types that need the parsed form. */
function writeRawValue(w: ByteWriter, b: Uint8Array, type: number, p: number): boolean {
  const view = asBuffer(b);
  switch (type) {
    case 0x07:
      w.byte(TYPE_OBJECTID);
      w.bytes(b.subarray(p, p + 12));
      return true;
    case 0x10:
      writeNumber(w, view.readInt32LE(p));
      return true;
    case 0x01:
      writeNumber(w, view.readDoubleLE(p));
      return true;
    case 0x12: {
      const v = int64(b, p);
      const n = Number(v);
      writeNumber(w, n, Number.isSafeInteger(n) ? undefined : v);
      return true;
    }
    case 0x02: {
      const len = view.readInt32LE(p) - 1;
      const bytes = b.subarray(p + 4, p + 4 + len);
      if (bytes.includes(0)) return false;
      w.byte(TYPE_STRING);
      w.bytes(bytes);
      w.byte(0);
      w.byte(1);
      return true;
    }
    case 0x08:
      w.byte(TYPE_BOOLEAN);
      w.byte(b[p] ? 1 : 0);
      return true;
    case 0x09:
      w.byte(TYPE_DATE);
      writeSortableDouble(w, Number(int64(b, p)));
      return true;
    case 0x0a:
    case 0x06:
      w.byte(TYPE_NULL);
      return true;
    case 0xff:
      w.byte(TYPE_MINKEY);
      return true;
    case 0x7f:
      w.byte(TYPE_MAXKEY);
      return true;
    default:
      return false;
  }
}

/** Set by `encodeRawKey`: whether any key field was present (sparse indexes skip documents without). */
export const rawKeyInfo = { present: false };

/**
 * Encodes a compound key straight from raw BSON when every field is a scalar reachable without
 * arrays: no parsing, no objects. Returns NEEDS_PARSE when the general path must decide.
 */
export function encodeRawKey(
  doc: Uint8Array,
  paths: readonly (readonly string[])[],
  directions: readonly number[],
  recordId?: number,
): string | typeof NEEDS_PARSE {
  writer.pos = 0;
  let present = false;
  for (let i = 0; i < paths.length; i++) {
    const start = writer.pos;
    const el = findRaw(doc, 0, paths[i]);
    if (el === NEEDS_PARSE) return NEEDS_PARSE;
    if (el === undefined) writer.byte(TYPE_NULL);
    else {
      present = true;
      if (!writeRawValue(writer, doc, el.type, el.at)) return NEEDS_PARSE;
    }
    if (directions[i] < 0) writer.invertFrom(start);
  }
  rawKeyInfo.present = present;
  if (recordId !== undefined) {
    writer.ensure(6);
    for (let shift = 40; shift >= 0; shift -= 8) writer.buf[writer.pos++] = Math.floor(recordId / 2 ** shift) & 0xff;
  }
  return writer.take();
}
