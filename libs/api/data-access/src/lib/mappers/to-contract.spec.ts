import { Types } from 'mongoose';
import { toMessage, toUser } from './to-contract';

describe('toUser', () => {
  it('exposes only id, username and createdAt', () => {
    const _id = new Types.ObjectId();
    const user = toUser({
      _id,
      username: 'alice',
      createdAt: new Date('2030-01-02T03:04:05.000Z'),
      passwordHash: '$2b$12$secret',
      tokenVersion: 3,
    } as never);
    expect(user).toEqual({ id: _id.toHexString(), username: 'alice', createdAt: '2030-01-02T03:04:05.000Z' });
  });
});

describe('toMessage', () => {
  const base = {
    _id: new Types.ObjectId(),
    conversationId: 'a_b',
    sender: new Types.ObjectId(),
    receiver: new Types.ObjectId(),
    text: '<b>hi</b>',
    clientMsgId: 'client-id-1',
    createdAt: new Date('2030-01-01T00:00:00.000Z'),
  };

  it('maps ids to strings and dates to ISO strings, leaving the text untouched', () => {
    expect(toMessage(base)).toEqual({
      id: base._id.toHexString(),
      conversationId: 'a_b',
      sender: base.sender.toHexString(),
      receiver: base.receiver.toHexString(),
      text: '<b>hi</b>',
      clientMsgId: 'client-id-1',
      createdAt: '2030-01-01T00:00:00.000Z',
    });
  });

  it('includes deliveredAt and readAt only when set', () => {
    const at = new Date('2030-01-01T00:00:01.000Z');
    expect(toMessage({ ...base, deliveredAt: null, readAt: null })).not.toHaveProperty('deliveredAt');
    expect(toMessage({ ...base, deliveredAt: at, readAt: at })).toMatchObject({
      deliveredAt: at.toISOString(),
      readAt: at.toISOString(),
    });
  });
});
