/** BSON type names and numbers as `$type` understands them. */
const ALIASES: Record<string, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  12: 'dbPointer',
  13: 'javascript',
  14: 'symbol',
  15: 'javascriptWithScope',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  '-1': 'minKey',
  127: 'maxKey',
};

const NUMERIC = new Set(['double', 'int', 'long', 'decimal']);

/** The BSON type name of a value in exact or view form. */
export function bsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'missing';
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff ? 'int' : 'double';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'long';
  }
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (v instanceof RegExp) return 'regex';
  if (v instanceof Uint8Array) return 'binData';
  switch ((v as { _bsontype?: string })._bsontype) {
    case 'ObjectId':
      return 'objectId';
    case 'Int32':
      return 'int';
    case 'Double':
      return 'double';
    case 'Long':
      return 'long';
    case 'Decimal128':
      return 'decimal';
    case 'Binary':
      return 'binData';
    case 'Timestamp':
      return 'timestamp';
    case 'BSONRegExp':
      return 'regex';
    case 'BSONSymbol':
      return 'symbol';
    case 'MinKey':
      return 'minKey';
    case 'MaxKey':
      return 'maxKey';
    case 'Code':
      return (v as { scope?: unknown }).scope ? 'javascriptWithScope' : 'javascript';
    case 'DBRef':
      return 'object';
    default:
      return 'object';
  }
}

function normalizeAlias(t: unknown): string {
  const key = typeof t === 'object' && t !== null && 'valueOf' in t ? (t as { valueOf(): unknown }).valueOf() : t;
  const name = ALIASES[String(key)] ?? String(key);
  return name;
}

function matchesOne(v: unknown, wanted: string[]): boolean {
  const name = bsonTypeName(v);
  return wanted.some((w) => w === name || (w === 'number' && NUMERIC.has(name)));
}

/** `$type` semantics: an array matches 'array' or when any of its elements matches. */
export function bsonTypeMatches(v: unknown, wantedRaw: unknown[]): boolean {
  const wanted = wantedRaw.map(normalizeAlias);
  if (v === undefined) return false;
  if (Array.isArray(v)) {
    if (wanted.includes('array')) return true;
    return v.some((e) => !Array.isArray(e) && matchesOne(e, wanted));
  }
  return matchesOne(v, wanted);
}
