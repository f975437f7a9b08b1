import { Binary, Code, Decimal128, Long, ObjectId, serialize } from 'bson';
import { checkRawBson, findRaw, topLevelInfo, NEEDS_PARSE } from './raw-bson';
import { encodeRawKey, encodeValue } from './key-string';

describe('raw BSON', () => {
  const doc = {
    _id: new ObjectId(),
    s: 'text',
    n: 3,
    d: 2.5,
    l: Long.fromString('123456789012345'),
    when: new Date(5),
    sub: { x: 'deep', arr: [1, 2] },
    arr: [1],
    bin: new Binary(Buffer.from([1, 2])),
    dec: Decimal128.fromString('1.5'),
    re: /x/g,
    code: new Code('f()', { a: 1 }),
    t: true,
    nil: null,
  };
  const bytes = serialize(doc);

  it('accepts well-formed documents and rejects every truncation or corruption', () => {
    expect(checkRawBson(bytes)).toBeUndefined();
    for (let cut = 0; cut < bytes.length; cut++) {
      const broken = Buffer.from(bytes.subarray(0, cut));
      if (cut >= 4) broken.writeInt32LE(cut, 0);
      expect(checkRawBson(broken)).toBeDefined();
    }
    const badType = Buffer.from(serialize({ a: 1 }));
    badType[4] = 0x42;
    expect(checkRawBson(badType)).toMatch(/unknown BSON type/);
    const badString = Buffer.from(serialize({ a: 'xyz' }));
    badString.writeInt32LE(1000, 7);
    expect(checkRawBson(badString)).toMatch(/string/);
  });

  it('finds fields and reports the top level', () => {
    expect(topLevelInfo(bytes)).toEqual({ idFirst: true, idType: 7 });
    expect(topLevelInfo(serialize({ a: 1, _id: 2, $bad: 1 }))).toEqual({ idFirst: false, idType: 0x10, dollarField: '$bad' });
    expect(findRaw(bytes, 0, ['sub', 'x'])).toMatchObject({ type: 2 });
    expect(findRaw(bytes, 0, ['sub', 'missing'])).toBeUndefined();
    expect(findRaw(bytes, 0, ['arr'])).toBe(NEEDS_PARSE);
    expect(findRaw(bytes, 0, ['s', 'x'])).toBeUndefined();
  });

  it('encodes keys from raw bytes exactly like the parsed path', () => {
    for (const field of ['_id', 's', 'n', 'd', 'l', 'when', 't', 'nil', 'absent']) {
      const raw = encodeRawKey(bytes, [[field]], [1]);
      expect([field, raw]).toEqual([field, encodeValue((doc as Record<string, unknown>)[field])]);
    }
    expect(encodeRawKey(bytes, [['sub', 'x']], [-1])).toBe(encodeValue('deep', true));
    expect(encodeRawKey(bytes, [['bin']], [1])).toBe(NEEDS_PARSE);
    expect(encodeRawKey(bytes, [['arr']], [1])).toBe(NEEDS_PARSE);
  });
});
