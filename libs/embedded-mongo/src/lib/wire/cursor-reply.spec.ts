import { deserialize, Long, ObjectId, serialize } from 'bson';
import { buildCursorReply } from './cursor-reply';

describe('buildCursorReply', () => {
  it('wraps raw documents into a cursor reply that parses as BSON', () => {
    const a = { _id: new ObjectId(), n: 1, s: 'héllo' };
    const b = { _id: 2, nested: { x: [1, 2] } };
    const reply = buildCursorReply('firstBatch', [serialize(a), serialize(b)], Long.fromNumber(42), 'db.coll€');
    const parsed = deserialize(reply, { promoteLongs: false });
    expect(parsed).toEqual({ cursor: { firstBatch: [a, b], id: Long.fromNumber(42), ns: 'db.coll€' }, ok: 1 });
  });

  it('handles an empty batch and a zero cursor id', () => {
    const reply = buildCursorReply('nextBatch', [], Long.ZERO, 'a.b');
    expect(deserialize(reply)).toEqual({ cursor: { nextBatch: [], id: 0, ns: 'a.b' }, ok: 1 });
  });
});
