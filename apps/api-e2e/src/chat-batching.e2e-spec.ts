import { Types } from 'mongoose';
import type { Conversation, Message, SendMessageAck } from '@chat/shared/contracts';
import { conversationIdOf, ConversationViewsRepository, MessageRecord } from '@chat/api/data-access';
import { aClientMsgId } from '@chat/shared/util-testing';
import { collectEvents, registerUser, send, SocketPool, startTestApp, TestApp, TestUser } from './support';

function sent(ack: SendMessageAck): Message {
  if (!ack.ok) throw new Error(`send refused: ${ack.error.code} ${ack.error.message}`);
  return ack.message;
}

/**
 * Sends that arrive together are written together (group commit): these suites fire many at once and check that
 * each one is still answered, stored, counted and delivered exactly as if it had come alone.
 */
describe('chat under concurrent sends (group commit)', () => {
  let app: TestApp;
  let pool: SocketPool;

  beforeAll(async () => {
    app = await startTestApp();
    pool = new SocketPool(app.url);
  });

  afterEach(() => pool.closeAll());
  afterAll(() => app.close());

  const history = async (as: TestUser, peer: TestUser, limit = 100) =>
    (await app.http().get(`/api/messages?with=${peer.user.id}&limit=${limit}`).set(as.auth).expect(200)).body
      .messages as Message[];
  const conversations = async (as: TestUser) =>
    (await app.http().get('/api/conversations').set(as.auth).expect(200)).body as Conversation[];

  it('stores a burst from both sides once each, counts unread exactly and keeps the newest as last', async () => {
    const [a, b] = [await registerUser(app, 'ga'), await registerUser(app, 'gb')];
    const [sa, sb] = [await pool.connect(a.accessToken), await pool.connect(b.accessToken)];
    const fromA = Array.from({ length: 30 }, (_, i) => ({
      receiver: b.user.id,
      text: `a${i}`,
      clientMsgId: aClientMsgId(),
    }));
    const fromB = Array.from({ length: 20 }, (_, i) => ({
      receiver: a.user.id,
      text: `b${i}`,
      clientMsgId: aClientMsgId(),
    }));
    const acks = await Promise.all([...fromA.map((p) => send(sa, p)), ...fromB.map((p) => send(sb, p))]);
    const messages = acks.map(sent);
    expect(new Set(messages.map((m) => m.id)).size).toBe(50);

    const stored = await history(a, b);
    expect(stored).toHaveLength(50);
    const newest = stored[stored.length - 1];
    const [rowA] = await conversations(a);
    const [rowB] = await conversations(b);
    expect(rowA).toMatchObject({ peer: { id: b.user.id }, unreadCount: 20, lastMessage: { id: newest.id } });
    expect(rowB).toMatchObject({ peer: { id: a.user.id }, unreadCount: 30, lastMessage: { id: newest.id } });
  });

  it('answers each send of a burst on its own: refusals do not fail the others', async () => {
    const [a, b, c] = [
      await registerUser(app, 'ra'),
      await registerUser(app, 'rb'),
      await registerUser(app, 'rc'),
    ];
    await app.http().put(`/api/blocks/${a.user.id}`).set(c.auth).expect(204);
    const sa = await pool.connect(a.accessToken);
    const unknown = '0123456789abcdef01234567';
    const acks = await Promise.all([
      send(sa, { receiver: b.user.id, text: 'to b', clientMsgId: aClientMsgId() }),
      send(sa, { receiver: c.user.id, text: 'to c, who blocked a', clientMsgId: aClientMsgId() }),
      send(sa, { receiver: unknown, text: 'to nobody', clientMsgId: aClientMsgId() }),
      send(sa, {
        receiver: b.user.id.toUpperCase(),
        text: 'to b, id in upper case',
        clientMsgId: aClientMsgId(),
      }),
    ]);
    expect(acks.map((ack) => (ack.ok ? 'ok' : ack.error.code))).toEqual([
      'ok',
      'BLOCKED',
      'UNKNOWN_RECEIVER',
      'ok',
    ]);
    expect(await history(b, a)).toHaveLength(2);
    expect(await history(c, a)).toHaveLength(0);
  });

  it('stores concurrent retries of one clientMsgId once and acks them all with that message', async () => {
    const [a, b] = [await registerUser(app, 'ia'), await registerUser(app, 'ib')];
    const sa = await pool.connect(a.accessToken);
    const payload = { receiver: b.user.id, text: 'once', clientMsgId: aClientMsgId() };
    const acks = await Promise.all(Array.from({ length: 5 }, () => send(sa, payload)));
    const ids = new Set(acks.map((ack) => sent(ack).id));
    expect(ids.size).toBe(1);
    expect(await history(a, b)).toHaveLength(1);
    expect((await conversations(b))[0].unreadCount).toBe(1);
  });

  it('marks every message of a burst delivered once and tells the sender once per message', async () => {
    const [a, b] = [await registerUser(app, 'da'), await registerUser(app, 'db')];
    const sa = await pool.connect(a.accessToken);
    await pool.connect(b.accessToken);
    let ids: string[] = [];
    const delivered = await collectEvents(sa, 'message_delivered', async () => {
      const acks = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          send(sa, { receiver: b.user.id, text: `m${i}`, clientMsgId: aClientMsgId() }),
        ),
      );
      ids = acks.map((ack) => sent(ack).id);
      await new Promise((resolve) => setTimeout(resolve, 500));
    });
    expect(delivered.map((d) => d.id).sort()).toEqual([...ids].sort());
    const stored = await history(b, a);
    expect(stored.every((m) => typeof m.deliveredAt === 'string')).toBe(true);
    const [row] = await conversations(a);
    expect(row.lastMessage.deliveredAt).toEqual(expect.any(String));
  });

  it('starts many conversations at once, each with both rows', async () => {
    const hub = await registerUser(app, 'hub');
    const others = await Promise.all(Array.from({ length: 8 }, (_, i) => registerUser(app, `sp${i}`)));
    const sh = await pool.connect(hub.accessToken);
    await Promise.all(
      others.map((o) =>
        send(sh, { receiver: o.user.id, text: 'hello', clientMsgId: aClientMsgId() }).then(sent),
      ),
    );
    expect((await conversations(hub)).map((c) => c.peer.id).sort()).toEqual(
      others.map((o) => o.user.id).sort(),
    );
    for (const o of others) {
      expect(await conversations(o)).toEqual([
        expect.objectContaining({ peer: expect.objectContaining({ id: hub.user.id }), unreadCount: 1 }),
      ]);
    }
  });

  it('keeps a newer last message written by a concurrent writer, and still counts the older one unread', async () => {
    const [a, b] = [await registerUser(app, 'ca'), await registerUser(app, 'cb')];
    const sa = await pool.connect(a.accessToken);
    const newer = sent(await send(sa, { receiver: b.user.id, text: 'newer', clientMsgId: aClientMsgId() }));
    // A message of the same pair that another writer stored just before `newer` and summarises only now.
    const older: MessageRecord = {
      _id: Types.ObjectId.createFromTime(Math.floor(Date.now() / 1000) - 60),
      conversationId: conversationIdOf(a.user.id, b.user.id),
      sender: new Types.ObjectId(a.user.id),
      receiver: new Types.ObjectId(b.user.id),
      text: 'older',
      clientMsgId: aClientMsgId(),
      createdAt: new Date(Date.now() - 60_000),
    };
    const views = app.app.get(ConversationViewsRepository, { strict: false });
    expect(await views.applyBatch([{ message: older, sender: a.user, receiver: b.user }])).toEqual([false]);
    const [rowA] = await conversations(a);
    const [rowB] = await conversations(b);
    expect(rowA).toMatchObject({ unreadCount: 0, lastMessage: { id: newer.id } });
    expect(rowB).toMatchObject({ unreadCount: 2, lastMessage: { id: newer.id } });
  });
});
