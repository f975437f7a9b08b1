import {
  BSONRegExp,
  BSONSymbol,
  deserialize,
  type DeserializeOptions,
  type Document,
  Double,
  Int32,
  Long,
  serialize,
} from 'bson';

/**
 * Two in-memory forms of a document:
 * - the *exact* form keeps every BSON type (Int32, Double, Long, BSONRegExp wrappers) so that it
 *   serializes back to the same bytes;
 * - the *view* form is what mingo evaluates: numbers are plain JavaScript numbers and regexes are RegExp.
 *
 * Stored documents are raw BSON bytes; the forms are derived on demand.
 */
export const EXACT: DeserializeOptions = {
  promoteValues: false,
  promoteLongs: false,
  promoteBuffers: false,
  bsonRegExp: true,
  validation: { utf8: false },
};

const VIEW: DeserializeOptions = {
  promoteValues: true,
  promoteLongs: true,
  promoteBuffers: false,
  bsonRegExp: false,
  validation: { utf8: false },
};

export function toExact(bytes: Uint8Array): Document {
  return deserialize(bytes, EXACT);
}

export function toView(bytes: Uint8Array): Document {
  return deserialize(bytes, VIEW);
}

export function toBytes(doc: Document): Buffer {
  return serialize(doc, { checkKeys: false, ignoreUndefined: true }) as Buffer;
}

function bsontype(v: object): string | undefined {
  return (v as { _bsontype?: string })._bsontype;
}

const REGEX_FLAGS = new Set(['i', 'm', 's', 'u']);

/** Converts a value of the exact form into the view form mingo works on. */
export function exactToView(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(exactToView);
  if (v instanceof Date || v instanceof RegExp || v instanceof Uint8Array) return v;
  switch (bsontype(v)) {
    case 'Int32':
    case 'Double':
      return (v as Int32 | Double).value;
    case 'Long': {
      const l = v as Long;
      return l.lessThanOrEqual(Number.MAX_SAFE_INTEGER) && l.greaterThanOrEqual(Number.MIN_SAFE_INTEGER)
        ? l.toNumber()
        : l;
    }
    case 'BSONRegExp': {
      const r = v as BSONRegExp;
      const flags = [...r.options].filter((f) => REGEX_FLAGS.has(f)).join('');
      return new RegExp(r.pattern, flags);
    }
    case 'BSONSymbol':
      return (v as BSONSymbol).valueOf();
    case undefined: {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) out[k] = exactToView((v as Record<string, unknown>)[k]);
      return out;
    }
    default:
      return v;
  }
}

/**
 * Converts a view-form value back to the exact form, keeping the numeric BSON type that `hint` (the
 * exact value that was at the same place before) had: an integral double stays a Double, a Long stays a
 * Long, an Int32 that outgrew 32 bits becomes a Long as in MongoDB.
 */
export function viewToExact(v: unknown, hint: unknown): unknown {
  if (typeof v === 'number') return numberLike(v, hint);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const hints = Array.isArray(hint) ? hint : undefined;
    return v.map((e, i) => viewToExact(e, hints?.[i]));
  }
  if (v instanceof RegExp) {
    if (hint && bsontype(hint as object) === 'BSONRegExp' && (hint as BSONRegExp).pattern === v.source) return hint;
    return v;
  }
  if (v instanceof Date || v instanceof Uint8Array || bsontype(v) !== undefined) return v;
  const hints =
    hint !== null && typeof hint === 'object' && !Array.isArray(hint) && bsontype(hint) === undefined
      ? (hint as Record<string, unknown>)
      : undefined;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const val = (v as Record<string, unknown>)[k];
    if (val === undefined) continue;
    out[k] = viewToExact(val, hints?.[k]);
  }
  return out;
}

function numberLike(n: number, hint: unknown): unknown {
  if (hint !== null && typeof hint === 'object') {
    switch (bsontype(hint)) {
      case 'Double':
        return new Double(n);
      case 'Long':
        return Number.isInteger(n) ? Long.fromNumber(n) : n;
      case 'Int32':
        if (Number.isInteger(n) && (n > 0x7fffffff || n < -0x80000000) && Number.isSafeInteger(n)) {
          return Long.fromNumber(n);
        }
        return n;
    }
  }
  return n;
}

/** Numeric type rank, used to pick the result type of arithmetic update operators. */
export function numericRank(v: unknown): number {
  if (typeof v === 'number') return Number.isInteger(v) ? 1 : 3;
  if (v !== null && typeof v === 'object') {
    switch (bsontype(v)) {
      case 'Int32':
        return 1;
      case 'Long':
        return 2;
      case 'Double':
        return 3;
      case 'Decimal128':
        return 4;
    }
  }
  return 0;
}

export { BSONRegExp, Double, Int32, Long };
