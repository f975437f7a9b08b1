import { conversationIdOf, escapeRegExp, objectIdOrNull, toObjectId } from './object-id';

describe('ids', () => {
  const a = '65a000000000000000000001';
  const b = '65a000000000000000000002';

  it('builds the same conversation id from either side', () => {
    expect(conversationIdOf(a, b)).toBe(`${a}_${b}`);
    expect(conversationIdOf(b, a)).toBe(`${a}_${b}`);
  });

  it('accepts only 24-hex-digit strings as ObjectIds', () => {
    expect(objectIdOrNull(a)?.toHexString()).toBe(a);
    expect(objectIdOrNull({ $ne: null })).toBeNull();
    expect(objectIdOrNull('123')).toBeNull();
    expect(objectIdOrNull('zzzzzzzzzzzzzzzzzzzzzzzz')).toBeNull();
    expect(() => toObjectId('nope')).toThrow(TypeError);
  });

  it('escapes regular expression syntax', () => {
    expect(new RegExp(`^${escapeRegExp('a.b*')}`).test('axb')).toBe(false);
    expect(new RegExp(`^${escapeRegExp('a.b*')}`).test('a.b*c')).toBe(true);
  });
});
