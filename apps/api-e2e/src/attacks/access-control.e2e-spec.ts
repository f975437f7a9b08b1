import type { Conversation, Message } from '@chat/shared/contracts';
import { aClientMsgId } from '@chat/shared/util-testing';
import {
  collectEvents,
  emitRaw,
  historyOf,
  markRead,
  registerUser,
  send,
  sent,
  SocketPool,
  startTestApp,
  TestApp,
  TestUser,
} from '../support';

/**
 * Issue 5, cases 1 and 2: nobody reaches a pair they are not in, by any id, and nobody speaks for someone else.
 * Alice and Bob talk; Charlie (who also talks with Alice) tries every request shape on their conversation.
 */
describe('attack: reading or writing as someone else', () => {
  let app: TestApp;
  let pool: SocketPool;
  let alice: TestUser;
  let bob: TestUser;
  let charlie: TestUser;
  /** Alice ↔ Bob, the pair under attack. */
  let secret: Message[];
  /** Alice ↔ Charlie, the attacker's own conversation. */
  let own: Message;

  const SECRET_TEXT = 'the pair-only secret';

  beforeAll(async () => {
    app = await startTestApp();
    pool = new SocketPool(app.url);
    alice = await registerUser(app, 'alice');
    bob = await registerUser(app, 'bob');
    charlie = await registerUser(app, 'charlie');
    const a = await pool.connect(alice.accessToken);
    secret = [];
    for (let i = 0; i < 3; i++) {
      secret.push(
        sent(
          await send(a, { receiver: bob.user.id, text: `${SECRET_TEXT} ${i}`, clientMsgId: aClientMsgId() }),
        ),
      );
    }
    own = sent(await send(a, { receiver: charlie.user.id, text: 'hi charlie', clientMsgId: aClientMsgId() }));
    a.close();
  });

  afterEach(() => pool.closeAll());
  afterAll(() => app.close());

  const get = (as: TestUser, url: string) => app.http().get(url).set(as.auth);
  const leaks = (body: unknown) => JSON.stringify(body).includes(SECRET_TEXT);

  describe('case 1: no request shape reaches another pair’s messages', () => {
    it('history "with" a member of the pair is the caller’s own conversation with them', async () => {
      for (const peer of [alice, bob]) {
        const res = await get(charlie, `/api/messages?with=${peer.user.id}&limit=100`).expect(200);
        expect(leaks(res.body)).toBe(false);
        for (const m of res.body.messages as Message[]) {
          expect([m.sender, m.receiver]).toContain(charlie.user.id);
        }
      }
      const withAlice = await get(charlie, `/api/messages?with=${alice.user.id}`).expect(200);
      expect(withAlice.body.messages.map((m: Message) => m.id)).toEqual([own.id]);
    });

    it('a conversation id, a message id or an unknown id in "with" opens nothing', async () => {
      const shapes: [string, string, number][] = [
        ['the pair’s conversation id', secret[0].conversationId, 400],
        ['a message id of the pair', secret[0].id, 404],
        ['an unknown id', '65a000000000000000000000', 404],
      ];
      for (const [name, value, status] of shapes) {
        const res = await get(charlie, `/api/messages?with=${encodeURIComponent(value)}`);
        expect({ name, status: res.status }).toEqual({ name, status });
        expect(leaks(res.body)).toBe(false);
      }
    });

    it('a "before" cursor from another pair is refused (400), even for a member of that pair', async () => {
      for (const peer of [alice, bob]) {
        const res = await get(charlie, `/api/messages?with=${peer.user.id}&before=${secret[2].id}`);
        expect(res.status).toBe(400);
        expect(leaks(res.body)).toBe(false);
      }
      // Alice is in both pairs: a cursor of her talk with Bob does not page her talk with Charlie.
      const res = await get(alice, `/api/messages?with=${charlie.user.id}&before=${secret[2].id}`);
      expect(res.status).toBe(400);
      expect(leaks(res.body)).toBe(false);
    });

    it('no other parameter or route selects a conversation', async () => {
      for (const url of [
        `/api/messages?with=${alice.user.id}&conversationId=${secret[0].conversationId}`,
        `/api/messages?with=${alice.user.id}&sender=${bob.user.id}`,
        `/api/messages?with=${alice.user.id}&with=${bob.user.id}`,
        `/api/messages/${secret[0].id}`,
        `/api/messages/${secret[0].conversationId}`,
        `/api/conversations/${secret[0].conversationId}`,
      ]) {
        const res = await get(charlie, url);
        expect({ url, refused: [400, 404].includes(res.status) }).toEqual({ url, refused: true });
        expect(leaks(res.body)).toBe(false);
      }
    });

    it('the conversation list shows only the caller’s own conversations, whatever the query', async () => {
      for (const query of ['', `?user=${bob.user.id}`, `?with=${bob.user.id}`, `?userId=${alice.user.id}`]) {
        const list = (await get(charlie, `/api/conversations${query}`).expect(200)).body as Conversation[];
        expect({ query, peers: list.map((c) => c.peer.id) }).toEqual({ query, peers: [alice.user.id] });
        expect(leaks(list)).toBe(false);
      }
    });

    it('mark_read with another pair’s message id marks nothing and tells nobody', async () => {
      const c = await pool.connect(charlie.accessToken);
      const a = await pool.connect(alice.accessToken);
      const b = await pool.connect(bob.accessToken);
      const heard = await Promise.all(
        [a, b].map((s) =>
          collectEvents(s, 'messages_read', async () => {
            for (const peer of [alice, bob]) {
              for (const upTo of [secret[2].id, secret[2].conversationId]) {
                const ack = await markRead(c, { peer: peer.user.id, upTo });
                expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
              }
            }
            // Bob, a member, cannot use a message of Alice ↔ Charlie to mark his own conversation either.
            expect(await markRead(b, { peer: alice.user.id, upTo: own.id })).toMatchObject({
              ok: false,
              error: { code: 'VALIDATION' },
            });
          }),
        ),
      );
      expect(heard).toEqual([[], []]);
      expect((await historyOf(app, bob, alice)).map((m) => m.readAt)).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
      expect((await get(bob, '/api/conversations').expect(200)).body[0].unreadCount).toBe(3);
    });

    it('a third socket hears none of the pair’s events', async () => {
      const c = await pool.connect(charlie.accessToken);
      const a = await pool.connect(alice.accessToken);
      const b = await pool.connect(bob.accessToken);
      // Rooms cannot be joined from the client: such events are answered as unknown.
      for (const event of ['join', 'subscribe']) {
        expect(await emitRaw(c, event, { room: `user:${bob.user.id}` })).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION' },
        });
      }
      const overheard = await Promise.all(
        (['receive_message', 'messages_read', 'message_delivered', 'typing'] as const).map((event) =>
          collectEvents(c, event, async () => {
            const m = sent(
              await send(a, { receiver: bob.user.id, text: SECRET_TEXT, clientMsgId: aClientMsgId() }),
            );
            await markRead(b, { peer: alice.user.id, upTo: m.id });
            a.emit('typing', { receiver: bob.user.id, isTyping: true });
          }),
        ),
      );
      expect(overheard).toEqual([[], [], [], []]);
    });
  });

  describe('case 2: the stored sender is always the socket’s user', () => {
    it('ignores sender, conversationId and createdAt in send_message', async () => {
      const c = await pool.connect(charlie.accessToken);
      const b = await pool.connect(bob.accessToken);
      const past = '2001-01-01T00:00:00.000Z';
      const forged = {
        receiver: bob.user.id,
        text: 'I am alice, honest',
        clientMsgId: aClientMsgId(),
        sender: alice.user.id,
        conversationId: secret[0].conversationId,
        createdAt: past,
      };
      const [arrived] = await collectEvents(b, 'receive_message', async () => {
        const ack = await emitRaw(c, 'send_message', forged);
        expect(ack).toMatchObject({ ok: true });
      });
      const expected = {
        sender: charlie.user.id,
        receiver: bob.user.id,
        conversationId: [bob.user.id, charlie.user.id].sort().join('_'),
      };
      expect(arrived).toMatchObject(expected);
      expect(arrived.createdAt).not.toBe(past);
      expect(Date.now() - Date.parse(arrived.createdAt)).toBeLessThan(24 * 3600 * 1000);
      // Nothing landed in Alice ↔ Bob, and Bob's history with Charlie has it under Charlie's name.
      expect((await historyOf(app, bob, alice)).map((m) => m.id)).not.toContain(arrived.id);
      expect(await historyOf(app, bob, charlie)).toEqual([
        expect.objectContaining({ id: arrived.id, ...expected }),
      ]);
    });

    it('a sender naming the receiver does not make the receiver the author', async () => {
      const c = await pool.connect(charlie.accessToken);
      const message = sent(
        await send(c, {
          receiver: alice.user.id,
          text: 'from myself?',
          clientMsgId: aClientMsgId(),
          sender: alice.user.id,
        } as never),
      );
      expect(message).toMatchObject({ sender: charlie.user.id, receiver: alice.user.id });
      const list = (await get(alice, '/api/conversations').expect(200)).body as Conversation[];
      expect(list.find((c) => c.peer.id === charlie.user.id)?.unreadCount).toBeGreaterThan(0);
    });
  });
});
