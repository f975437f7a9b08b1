import { aMessage } from '@chat/shared/util-testing';
import { dayKey } from '@chat/web/util';
import {
  ChatMessage,
  countUnread,
  fromStored,
  groupByDay,
  markReadUpTo,
  mergeMessages,
  messageKey,
  messageStatus,
  newestFrom,
} from './chat-message';

const ME = 'a'.repeat(24);
const PEER = 'b'.repeat(24);
const id = (n: number) => n.toString(16).padStart(24, '0');
const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 12, minute)).toISOString();

function stored(n: number, sender = PEER, extra: Partial<ChatMessage> = {}) {
  return aMessage({
    id: id(n),
    sender,
    receiver: sender === ME ? PEER : ME,
    createdAt: at(n),
    clientMsgId: `client-${n}`,
    ...extra,
  });
}

function optimistic(clientMsgId: string, minute: number): ChatMessage {
  return {
    id: null,
    conversationId: null,
    key: messageKey({ sender: ME, clientMsgId }),
    sender: ME,
    receiver: PEER,
    text: 'hi',
    clientMsgId,
    createdAt: at(minute),
    failure: null,
  };
}

describe('mergeMessages', () => {
  it('orders messages by time, then id', () => {
    const merged = mergeMessages([], [stored(3), stored(1), stored(2)]);
    expect(merged.map((m) => m.id)).toEqual([id(1), id(2), id(3)]);
  });

  it('never shows a message twice', () => {
    const first = mergeMessages([], [stored(1), stored(2)]);
    const again = mergeMessages(first, [stored(2), stored(3), stored(1)]);
    expect(again.map((m) => m.id)).toEqual([id(1), id(2), id(3)]);
  });

  it('replaces the optimistic copy with the acknowledged message, keeping its key', () => {
    const pending = optimistic('local-1', 5);
    const list = mergeMessages([fromStored(stored(1)), pending], []);
    const acked = stored(6, ME, { clientMsgId: 'local-1' });
    const merged = mergeMessages(list, [acked]);
    expect(merged).toHaveLength(2);
    expect(merged[1]).toMatchObject({ id: id(6), key: pending.key, failure: null });
  });

  it('keeps optimistic messages after stored ones', () => {
    const merged = mergeMessages([optimistic('local-1', 1)], [stored(2), stored(3)]);
    expect(merged.map((m) => m.id)).toEqual([id(2), id(3), null]);
  });

  it('does not lose a receipt when an older copy of the message arrives', () => {
    const read = fromStored(stored(1, ME, { deliveredAt: at(2), readAt: at(3) }));
    const merged = mergeMessages([read], [stored(1, ME)]);
    expect(merged[0]).toMatchObject({ deliveredAt: at(2), readAt: at(3) });
  });
});

describe('receipts and status', () => {
  it('goes sending → sent → delivered → read, or failed', () => {
    const pending = optimistic('local-1', 1);
    expect(messageStatus(pending)).toBe('sending');
    expect(messageStatus({ ...pending, failure: { code: 'TIMEOUT', message: 'x' } })).toBe('failed');
    const sent = fromStored(stored(1, ME));
    expect(messageStatus(sent)).toBe('sent');
    expect(messageStatus({ ...sent, deliveredAt: at(2) })).toBe('delivered');
    expect(messageStatus({ ...sent, deliveredAt: at(2), readAt: at(3) })).toBe('read');
  });

  it('marks one sender’s messages read up to and including a message', () => {
    const list = mergeMessages([], [stored(1, ME), stored(2, PEER), stored(3, ME), stored(4, ME)]);
    const marked = markReadUpTo(list, ME, id(3), at(10));
    expect(marked.map((m) => Boolean(m.readAt))).toEqual([true, false, true, false]);
    expect(marked[1]).toBe(list[1]);
    expect(marked[0].deliveredAt).toBe(at(10));
  });

  it('counts unread messages from the peer and finds the newest one', () => {
    const list = mergeMessages([], [stored(1), stored(2, PEER, { readAt: at(5) }), stored(3), stored(4, ME)]);
    expect(countUnread(list, PEER)).toBe(2);
    expect(newestFrom(list, PEER)?.id).toBe(id(3));
    expect(newestFrom(list, 'nobody')).toBeUndefined();
  });
});

describe('groupByDay', () => {
  it('groups consecutive messages of the same local day', () => {
    const day1 = new Date(2025, 0, 1, 9).toISOString();
    const day1Later = new Date(2025, 0, 1, 23).toISOString();
    const day2 = new Date(2025, 0, 2, 1).toISOString();
    const list = mergeMessages(
      [],
      [
        stored(1, PEER, { createdAt: day1 }),
        stored(2, ME, { createdAt: day1Later }),
        stored(3, PEER, { createdAt: day2 }),
      ],
    );
    const groups = groupByDay(list, dayKey);
    expect(groups.map((g) => [g.day, g.messages.length])).toEqual([
      ['2025-01-01', 2],
      ['2025-01-02', 1],
    ]);
    expect(groups[0].firstAt).toBe(day1);
  });
});
