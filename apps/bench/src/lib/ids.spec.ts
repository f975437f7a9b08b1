import { clientMsgId, conversationIdOf, messageText } from './ids';

describe('ids', () => {
  it('names a conversation the same way from both sides', () => {
    const a = '65F000000000000000000001';
    const b = '65f000000000000000000000';
    expect(conversationIdOf(a, b)).toBe('65f000000000000000000000_65f000000000000000000001');
    expect(conversationIdOf(b, a)).toBe(conversationIdOf(a, b));
  });

  it('makes clientMsgIds the contract accepts', () => {
    expect(clientMsgId('r', 0, 0).length).toBeGreaterThanOrEqual(8);
    expect(clientMsgId('lat1a2b', 199, 1_000_000).length).toBeLessThanOrEqual(64);
    expect(clientMsgId('r', 1, 2)).not.toBe(clientMsgId('r', 2, 1));
  });

  it('makes texts of the asked length', () => {
    expect(messageText(7, 100)).toHaveLength(100);
    expect(messageText(7, 100)).not.toBe(messageText(8, 100));
  });
});
