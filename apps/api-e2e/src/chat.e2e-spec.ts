import type { Conversation, Message, PresenceEvent, SendMessageAck } from '@chat/shared/contracts';
import { aClientMsgId } from '@chat/shared/util-testing';
import {
  ChatClient,
  collectEvents,
  markRead,
  nextEvent,
  registerUser,
  send,
  SocketPool,
  startTestApp,
  TestApp,
  TestUser,
} from './support';

function sent(ack: SendMessageAck): Message {
  if (!ack.ok) throw new Error(`send refused: ${ack.error.code} ${ack.error.message}`);
  return ack.message;
}

describe('chat (Socket.IO /chat)', () => {
  let app: TestApp;
  let pool: SocketPool;

  beforeAll(async () => {
    app = await startTestApp();
    pool = new SocketPool(app.url);
  });

  afterEach(() => pool.closeAll());
  afterAll(() => app.close());

  const history = async (as: TestUser, peer: TestUser) =>
    (await app.http().get(`/api/messages?with=${peer.user.id}`).set(as.auth).expect(200)).body
      .messages as Message[];
  const conversations = async (as: TestUser) =>
    (await app.http().get('/api/conversations').set(as.auth).expect(200)).body as Conversation[];

  async function pair(): Promise<[TestUser, TestUser]> {
    return [await registerUser(app, 'alice'), await registerUser(app, 'bob')];
  }

  it('two users chat in real time', async () => {
    const [alice, bob] = await pair();
    const a = await pool.connect(alice.accessToken);
    const b = await pool.connect(bob.accessToken);

    const text = '  <b>hi</b> & <script>alert(1)</script>  ';
    const clientMsgId = aClientMsgId();
    const arriving = nextEvent(b, 'receive_message');
    const delivered = nextEvent(a, 'message_delivered');
    const message = sent(await send(a, { receiver: bob.user.id, text, clientMsgId }));

    expect(message).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      conversationId: [alice.user.id, bob.user.id].sort().join('_'),
      sender: alice.user.id,
      receiver: bob.user.id,
      text,
      clientMsgId,
      createdAt: expect.any(String),
    });
    expect(await arriving).toEqual(message);
    expect(await delivered).toEqual({ id: message.id, deliveredAt: expect.any(String) });

    const replyArriving = nextEvent(a, 'receive_message');
    const replyDelivered = nextEvent(b, 'message_delivered');
    const reply = sent(
      await send(b, { receiver: alice.user.id, text: 'hello back', clientMsgId: aClientMsgId() }),
    );
    expect(await replyArriving).toEqual(reply);
    // Both histories are read once the reply's delivery is stored, so they show the same state.
    expect(await replyDelivered).toEqual({ id: reply.id, deliveredAt: expect.any(String) });

    const both = await history(alice, bob);
    expect(both.map((m) => m.id)).toEqual([message.id, reply.id]);
    expect(both[0].deliveredAt).toEqual(expect.any(String));
    expect(both[0].text).toBe(text);
    expect(await history(bob, alice)).toEqual(both);
  });

  it('sends every event to every tab of a user', async () => {
    const [alice, bob] = await pair();
    const [a1, a2] = [await pool.connect(alice.accessToken), await pool.connect(alice.accessToken)];
    const [b1, b2] = [await pool.connect(bob.accessToken), await pool.connect(bob.accessToken)];

    const inOtherTab = nextEvent(a2, 'receive_message');
    const inB1 = nextEvent(b1, 'receive_message');
    const inB2 = nextEvent(b2, 'receive_message');
    const deliveredA1 = nextEvent(a1, 'message_delivered');
    const deliveredA2 = nextEvent(a2, 'message_delivered');
    let message: Message | undefined;
    const echoes = await collectEvents(a1, 'receive_message', async () => {
      message = sent(
        await send(a1, { receiver: bob.user.id, text: 'to all tabs', clientMsgId: aClientMsgId() }),
      );
      await Promise.all([inOtherTab, inB1, inB2, deliveredA1, deliveredA2]);
    });
    expect(await inOtherTab).toEqual(message);
    expect(await inB1).toEqual(message);
    expect(await inB2).toEqual(message);
    expect((await deliveredA2).id).toBe(message?.id);
    expect(echoes).toEqual([]); // the sending tab has the ack, not an echo
  });

  it('always takes the sender from the socket, never from the payload', async () => {
    const [alice, bob] = await pair();
    const mallory = await registerUser(app, 'mallory');
    const m = await pool.connect(mallory.accessToken);
    const message = sent(
      await send(m, {
        receiver: bob.user.id,
        text: 'I am alice',
        clientMsgId: aClientMsgId(),
        sender: alice.user.id,
      } as never),
    );
    expect(message.sender).toBe(mallory.user.id);
    expect(await history(alice, bob)).toEqual([]);
  });

  it('keeps a third user out of a pair’s conversation', async () => {
    const [alice, bob] = await pair();
    const charlie = await registerUser(app, 'charlie');
    const a = await pool.connect(alice.accessToken);
    const c = await pool.connect(charlie.accessToken);
    let message: Message | undefined;
    const overheard = await collectEvents(c, 'receive_message', async () => {
      message = sent(await send(a, { receiver: bob.user.id, text: 'private', clientMsgId: aClientMsgId() }));
    });
    expect(overheard).toEqual([]);
    expect(await history(charlie, alice)).toEqual([]);
    expect(await history(charlie, bob)).toEqual([]);
    expect(await conversations(charlie)).toEqual([]);
    // A message id of the pair does not open their conversation.
    const peek = await app
      .http()
      .get(`/api/messages?with=${alice.user.id}&before=${message?.id}`)
      .set(charlie.auth);
    expect(peek.status).toBe(400);
    // Reading receipts of their conversation are refused too.
    const read = await markRead(c, { peer: alice.user.id, upTo: message?.id as string });
    expect(read).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((await history(bob, alice))[0].readAt).toBeUndefined();
  });

  it('stores a retried clientMsgId once and acks the first message', async () => {
    const [alice, bob] = await pair();
    const a = await pool.connect(alice.accessToken);
    const b = await pool.connect(bob.accessToken);
    const clientMsgId = aClientMsgId();
    let first: Message | undefined;
    let retry: SendMessageAck | undefined;
    const received = await collectEvents(b, 'receive_message', async () => {
      first = sent(await send(a, { receiver: bob.user.id, text: 'once', clientMsgId }));
      retry = await send(a, { receiver: bob.user.id, text: 'once (retry)', clientMsgId });
    });
    expect(retry).toEqual({ ok: true, message: expect.objectContaining({ id: first?.id, text: 'once' }) });
    expect(received.map((m) => m.id)).toEqual([first?.id]);
    expect(await history(alice, bob)).toHaveLength(1);
    expect((await conversations(bob))[0].unreadCount).toBe(1);

    // Concurrent retries too.
    const racing = aClientMsgId();
    const acks = await Promise.all(
      Array.from({ length: 5 }, () => send(a, { receiver: bob.user.id, text: 'race', clientMsgId: racing })),
    );
    expect(new Set(acks.map((ack) => sent(ack).id)).size).toBe(1);
    expect(await history(alice, bob)).toHaveLength(2);
  });

  it('keeps one conversation per pair when both start it at the same moment', async () => {
    const [alice, bob] = await pair();
    const a = await pool.connect(alice.accessToken);
    const b = await pool.connect(bob.accessToken);
    const acks = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        i % 2
          ? send(b, { receiver: alice.user.id, text: `b${i}`, clientMsgId: aClientMsgId() })
          : send(a, { receiver: bob.user.id, text: `a${i}`, clientMsgId: aClientMsgId() }),
      ),
    );
    const messages = acks.map(sent).sort((x, y) => (x.id < y.id ? -1 : 1));
    const [alices] = [await conversations(alice)];
    const [bobs] = [await conversations(bob)];
    expect(alices).toHaveLength(1);
    expect(bobs).toHaveLength(1);
    expect(alices[0]).toMatchObject({ peer: bob.user, unreadCount: 4, lastMessage: { id: messages[7].id } });
    expect(bobs[0]).toMatchObject({ peer: alice.user, unreadCount: 4, lastMessage: { id: messages[7].id } });
  });

  it('delivers messages sent while the receiver was offline at their next connection', async () => {
    const [alice, bob] = await pair();
    const a = await pool.connect(alice.accessToken);
    const first = sent(
      await send(a, { receiver: bob.user.id, text: 'while you were out', clientMsgId: aClientMsgId() }),
    );
    const second = sent(
      await send(a, { receiver: bob.user.id, text: 'and again', clientMsgId: aClientMsgId() }),
    );
    expect(first.deliveredAt).toBeUndefined();

    const waiting = await conversations(bob);
    expect(waiting).toEqual([{ peer: alice.user, lastMessage: second, unreadCount: 2 }]);
    expect((await history(bob, alice)).every((m) => m.deliveredAt === undefined)).toBe(true);

    const deliveries = new Map<string, string>();
    a.on('message_delivered', (event) => deliveries.set(event.id, event.deliveredAt));
    const bothDelivered = nextEvent(a, 'message_delivered', () => deliveries.size === 2);
    await pool.connect(bob.accessToken);
    await bothDelivered;
    expect([...deliveries.keys()].sort()).toEqual([first.id, second.id].sort());

    const after = await history(bob, alice);
    expect(after.map((m) => m.deliveredAt)).toEqual([deliveries.get(first.id), deliveries.get(second.id)]);
    expect((await conversations(alice))[0].lastMessage.deliveredAt).toBe(deliveries.get(second.id));
  });

  it('marks read: both users hear of it and the unread count resets', async () => {
    const [alice, bob] = await pair();
    const a = await pool.connect(alice.accessToken);
    const b = await pool.connect(bob.accessToken);
    const ids: string[] = [];
    for (const text of ['one', 'two', 'three']) {
      ids.push(sent(await send(a, { receiver: bob.user.id, text, clientMsgId: aClientMsgId() })).id);
    }
    expect((await conversations(bob))[0].unreadCount).toBe(3);

    const toAlice = nextEvent(a, 'messages_read');
    const toBob = nextEvent(b, 'messages_read');
    expect(await markRead(b, { peer: alice.user.id, upTo: ids[1] })).toEqual({ ok: true });
    const event = await toAlice;
    expect(event).toEqual({
      reader: bob.user.id,
      peer: alice.user.id,
      upTo: ids[1],
      readAt: expect.any(String),
    });
    expect(await toBob).toEqual(event);

    expect((await conversations(bob))[0].unreadCount).toBe(1);
    expect((await history(alice, bob)).map((m) => m.readAt)).toEqual([event.readAt, event.readAt, undefined]);

    await markRead(b, { peer: alice.user.id, upTo: ids[2] });
    const [bobsView] = await conversations(bob);
    expect(bobsView.unreadCount).toBe(0);
    expect(bobsView.lastMessage.readAt).toEqual(expect.any(String));
    expect((await conversations(alice))[0].lastMessage.readAt).toEqual(bobsView.lastMessage.readAt);
  });

  it('relays typing to the receiver', async () => {
    const [alice, bob] = await pair();
    const a = await pool.connect(alice.accessToken);
    const b = await pool.connect(bob.accessToken);
    const typing = nextEvent(b, 'typing');
    a.emit('typing', { receiver: bob.user.id, isTyping: true });
    expect(await typing).toEqual({ sender: alice.user.id, isTyping: true });
  });

  describe('presence', () => {
    async function contacts(): Promise<[TestUser, TestUser, ChatClient]> {
      const [alice, bob] = await pair();
      const a = await pool.connect(alice.accessToken);
      sent(await send(a, { receiver: bob.user.id, text: 'hi', clientMsgId: aClientMsgId() }));
      a.close();
      return [alice, bob, await pool.connect(bob.accessToken)];
    }

    it('online with the first socket, offline with lastSeenAt after the last', async () => {
      const [alice, bob, b] = await contacts();
      const online = nextEvent(b, 'presence', (p) => p.userId === alice.user.id && p.online);
      const tab1 = await pool.connect(alice.accessToken);
      expect(await online).toEqual({ userId: alice.user.id, online: true, lastSeenAt: expect.any(String) });

      // A new socket learns who of its contacts is online.
      let snapshot: Promise<PresenceEvent> | undefined;
      const tab2 = await pool.connect(alice.accessToken, {
        before: (s) => (snapshot = nextEvent(s, 'presence', (p) => p.userId === bob.user.id)),
      });
      expect(await snapshot).toEqual({ userId: bob.user.id, online: true, lastSeenAt: null });

      const events = await collectEvents(b, 'presence', async () => {
        tab1.close();
        await new Promise((resolve) => setTimeout(resolve, 100));
      });
      expect(events).toEqual([]); // one tab is still open

      const offline = nextEvent(b, 'presence', (p) => p.userId === alice.user.id && !p.online);
      tab2.close();
      const event = await offline;
      expect(event.lastSeenAt).toEqual(expect.any(String));
      expect(new Date(event.lastSeenAt as string).getTime()).toBeLessThanOrEqual(Date.now());
    });

    it('goes only to users who share a conversation', async () => {
      const [alice, , b] = await contacts();
      const stranger = await registerUser(app, 'stranger');
      const s = await pool.connect(stranger.accessToken);
      const onlineToBob = nextEvent(b, 'presence', (p) => p.userId === alice.user.id && p.online);
      const heard = await collectEvents(s, 'presence', async () => {
        await pool.connect(alice.accessToken);
        await onlineToBob;
      });
      expect(heard).toEqual([]);
    });
  });

  // Blocks, both ways, for messages, typing, presence and receipts: attacks/blocks.e2e-spec.ts.

  describe('refusals', () => {
    let alice: TestUser;
    let bob: TestUser;
    let a: ChatClient;

    beforeEach(async () => {
      [alice, bob] = await pair();
      a = await pool.connect(alice.accessToken);
    });

    it('UNKNOWN_RECEIVER for a user who does not exist', async () => {
      const ack = await send(a, {
        receiver: '65a000000000000000000000',
        text: 'hello?',
        clientMsgId: aClientMsgId(),
      });
      expect(ack).toEqual({ ok: false, error: { code: 'UNKNOWN_RECEIVER', message: expect.any(String) } });
    });

    it('VALIDATION for a message to oneself', async () => {
      const ack = await send(a, { receiver: alice.user.id, text: 'me', clientMsgId: aClientMsgId() });
      expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    });

    it.each([
      ['no text', { clientMsgId: 'client-msg-id' }],
      ['whitespace only', { text: ' \n\t ', clientMsgId: 'client-msg-id' }],
      ['4,001 characters', { text: 'x'.repeat(4001), clientMsgId: 'client-msg-id' }],
      ['a number as text', { text: 42, clientMsgId: 'client-msg-id' }],
      ['a short clientMsgId', { text: 'hi', clientMsgId: 'short' }],
      ['a long clientMsgId', { text: 'hi', clientMsgId: 'x'.repeat(65) }],
      ['an operator as receiver', { receiver: { $ne: null }, text: 'hi', clientMsgId: 'client-msg-id' }],
      ['an unknown property', { text: 'hi', clientMsgId: 'client-msg-id', priority: 'high' }],
    ])('VALIDATION for %s', async (_case, payload) => {
      const ack = await send(a, { receiver: bob.user.id, ...payload } as never);
      expect(ack).toEqual({ ok: false, error: { code: 'VALIDATION', message: expect.any(String) } });
      expect(await history(alice, bob)).toEqual([]);
    });

    it('accepts 4,000 characters, counting emoji as one', async () => {
      const text = '😀'.repeat(4000);
      expect(sent(await send(a, { receiver: bob.user.id, text, clientMsgId: aClientMsgId() })).text).toBe(
        text,
      );
    });

    it.each([
      ['a string', 'hello'],
      ['null', null],
      ['an array', [1, 2, 3]],
    ])('VALIDATION for %s as the payload', async (_case, payload) => {
      const ack = await a.timeout(10_000).emitWithAck('send_message', payload as never);
      expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    });

    it('answers an invalid event without an ack callback with an exception event, and stays connected', async () => {
      const exception = nextEvent(a, 'exception');
      (a.emit as (event: string, payload: unknown) => void)('send_message', { receiver: 'nope' });
      expect(await exception).toEqual({
        event: 'send_message',
        code: 'VALIDATION',
        message: expect.any(String),
      });
      const typingException = nextEvent(a, 'exception');
      a.emit('typing', { receiver: bob.user.id, isTyping: 'yes' } as never);
      expect(await typingException).toMatchObject({ event: 'typing', code: 'VALIDATION' });
      expect(
        sent(await send(a, { receiver: bob.user.id, text: 'still here', clientMsgId: aClientMsgId() })).text,
      ).toBe('still here');
    });

    it('answers an unknown event instead of dropping it', async () => {
      const untyped = a.timeout(10_000) as unknown as {
        emitWithAck(event: string, payload: unknown): Promise<unknown>;
      };
      expect(await untyped.emitWithAck('delete_all_messages', {})).toEqual({
        ok: false,
        error: { code: 'VALIDATION', message: 'unknown event "delete_all_messages"' },
      });
    });

    it('VALIDATION for a mark_read of a message outside the conversation', async () => {
      const ack = await markRead(a, { peer: bob.user.id, upTo: '65a000000000000000000000' });
      expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(await markRead(a, { peer: 'x', upTo: 'y' })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
    });
  });
});
