import { Binary, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { KEY_SENTINEL, encodeKey, encodeValue } from './key-string';

const order = (values: unknown[]) => values.map((v) => encodeValue(v));

function expectAscending(values: unknown[]): void {
  const keys = order(values);
  for (let i = 1; i < keys.length; i++) {
    if (!(keys[i - 1] < keys[i])) throw new Error(`expected ${String(values[i - 1])} < ${String(values[i])}`);
  }
}

describe('key strings', () => {
  it('follow MongoDB cross-type order', () => {
    expectAscending([
      new MinKey(),
      null,
      -Infinity,
      -1,
      0,
      2.5,
      Infinity,
      '',
      'a',
      'ab',
      'b',
      {},
      { a: 1 },
      [],
      [1],
      new Binary(Buffer.from([1])),
      new ObjectId('000000000000000000000001'),
      new ObjectId('ffffffffffffffffffffffff'),
      false,
      true,
      new Date(-1),
      new Date(0),
      new Timestamp({ t: 1, i: 0 }),
      /a/,
      new MaxKey(),
    ]);
  });

  it('compares numbers by value across int, long, double and decimal', () => {
    expect(encodeValue(new Int32(5))).toBe(encodeValue(5));
    expect(encodeValue(new Double(5))).toBe(encodeValue(Long.fromNumber(5)));
    expect(encodeValue(-0)).toBe(encodeValue(0));
    expect(encodeValue(Decimal128.fromString('1.5'))).toBe(encodeValue(1.5));
    expectAscending([NaN, -1e300, -3, new Int32(-2), Long.fromNumber(-1), 0.5, 1, Long.fromString('9007199254740993'), 1e300]);
  });

  it('keeps longs above 2^53 distinct and ordered', () => {
    const a = Long.fromString('9223372036854775806');
    const b = Long.fromString('9223372036854775807');
    expect(encodeValue(a)).not.toBe(encodeValue(b));
    expectAscending([Long.fromString('9007199254740992'), Long.fromString('9007199254740993'), a, b]);
  });

  it('orders strings by UTF-8 bytes with prefixes first, including embedded zero bytes', () => {
    expectAscending(['a', 'a\u0000', 'a\u0000b', 'a\u0001', 'aa', 'é', '€']);
  });

  it('orders objects by field then value, arrays element by element', () => {
    expectAscending([{ a: 1 }, { a: 2 }, { a: 2, b: 1 }, { b: 0 }]);
    expectAscending([[1], [1, 2], [2]]);
  });

  it('reverses descending components and appends record ids', () => {
    const asc = [1, 2, 3].map((n) => encodeKey(['x', n], [1, -1]));
    expect([...asc].sort()).toEqual([asc[2], asc[1], asc[0]]);
    const a = encodeKey(['k'], [1], 1);
    const b = encodeKey(['k'], [1], 256);
    expect(a < b).toBe(true);
    expect(a.startsWith(encodeKey(['k'], [1]))).toBe(true);
    expect(a < encodeKey(['k'], [1]) + KEY_SENTINEL).toBe(true);
  });
});
