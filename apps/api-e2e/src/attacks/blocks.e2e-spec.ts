import type { PresenceEvent } from '@chat/shared/contracts';
import { aClientMsgId } from '@chat/shared/util-testing';
import {
  ChatClient,
  collectEvents,
  disconnection,
  historyOf,
  markRead,
  nextEvent,
  registerUser,
  send,
  sent,
  SocketPool,
  startTestApp,
  TestApp,
} from '../support';

/**
 * Issue 5, case 14: once either user blocks the other, nothing passes between them either way: no message
 * (`BLOCKED`), no typing, no presence, no read receipt. Unblocking restores the conversation and its history.
 */
describe('attack: talking across a block', () => {
  let app: TestApp;
  let pool: SocketPool;

  beforeAll(async () => {
    app = await startTestApp();
    pool = new SocketPool(app.url);
  });

  afterEach(() => pool.closeAll());
  afterAll(() => app.close());

  /** Two users who talked (so they are each other's contacts), both online, then `blocker` blocks the other. */
  async function blockedPair(direction: 'alice blocks bob' | 'bob blocks alice') {
    const alice = await registerUser(app, 'alice');
    const bob = await registerUser(app, 'bob');
    const a = await pool.connect(alice.accessToken);
    const b = await pool.connect(bob.accessToken);
    const first = sent(
      await send(a, { receiver: bob.user.id, text: 'before the block', clientMsgId: aClientMsgId() }),
    );
    const [blocker, blocked] = direction === 'alice blocks bob' ? [alice, bob] : [bob, alice];
    await app.http().put(`/api/blocks/${blocked.user.id}`).set(blocker.auth).expect(204);
    return { alice, bob, a, b, first };
  }

  /** Presence of `userId` heard on `socket` while `act` runs. */
  const presenceOf = (socket: ChatClient, userId: string, act: () => Promise<unknown>) =>
    collectEvents(socket, 'presence', act).then((events) => events.filter((p) => p.userId === userId));

  describe.each(['alice blocks bob', 'bob blocks alice'] as const)('when %s', (direction) => {
    it('messages are refused both ways with BLOCKED and nothing is stored', async () => {
      const { alice, bob, a, b } = await blockedPair(direction);
      const heardByBob = await collectEvents(b, 'receive_message', async () => {
        expect(await send(a, { receiver: bob.user.id, text: 'a to b', clientMsgId: aClientMsgId() })).toEqual(
          {
            ok: false,
            error: { code: 'BLOCKED', message: expect.any(String) },
          },
        );
      });
      const heardByAlice = await collectEvents(a, 'receive_message', async () => {
        expect(
          await send(b, { receiver: alice.user.id, text: 'b to a', clientMsgId: aClientMsgId() }),
        ).toEqual({
          ok: false,
          error: { code: 'BLOCKED', message: expect.any(String) },
        });
      });
      expect([heardByAlice, heardByBob]).toEqual([[], []]);
      expect((await historyOf(app, alice, bob)).map((m) => m.text)).toEqual(['before the block']);
    });

    it('typing is not relayed either way', async () => {
      const { alice, bob, a, b } = await blockedPair(direction);
      const atAlice = await collectEvents(a, 'typing', async () => {
        b.emit('typing', { receiver: alice.user.id, isTyping: true });
      });
      const atBob = await collectEvents(b, 'typing', async () => {
        a.emit('typing', { receiver: bob.user.id, isTyping: true });
      });
      expect([atAlice, atBob]).toEqual([[], []]);
    });

    it('presence is not sent either way: not online, not offline, not in the snapshot of a new socket', async () => {
      const { alice, bob, a, b } = await blockedPair(direction);
      // Bob comes and goes while Alice watches, and the other way round.
      const bobSeenByAlice = await presenceOf(a, bob.user.id, async () => {
        const tab = await pool.connect(bob.accessToken);
        tab.close();
        b.close();
        await disconnection(b);
        await pool.connect(bob.accessToken);
      });
      const bobs = await pool.connect(bob.accessToken);
      const aliceSeenByBob = await presenceOf(bobs, alice.user.id, async () => {
        a.close();
        await disconnection(a);
        await pool.connect(alice.accessToken);
      });
      expect([bobSeenByAlice, aliceSeenByBob]).toEqual([[], []]);
      // A new socket's presence snapshot leaves the other out too.
      const snapshot: PresenceEvent[] = [];
      await pool.connect(alice.accessToken, {
        before: (s) => s.on('presence', (p) => snapshot.push(p)),
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(snapshot.filter((p) => p.userId === bob.user.id)).toEqual([]);
    });

    it('read receipts do not cross: the reader hears its own, the sender nothing', async () => {
      const { alice, bob, a, b, first } = await blockedPair(direction);
      const own = nextEvent(b, 'messages_read');
      const heardByAlice = await collectEvents(a, 'messages_read', async () => {
        expect(await markRead(b, { peer: alice.user.id, upTo: first.id })).toEqual({ ok: true });
        await own;
      });
      expect(heardByAlice).toEqual([]);
      expect((await own).reader).toBe(bob.user.id);
    });

    it('unblocking restores messages, typing and presence; the history from before is still there', async () => {
      const { alice, bob, a, b } = await blockedPair(direction);
      const blocker = direction === 'alice blocks bob' ? alice : bob;
      const blocked = blocker === alice ? bob : alice;
      await app.http().delete(`/api/blocks/${blocked.user.id}`).set(blocker.auth).expect(204);
      const arriving = nextEvent(b, 'receive_message');
      sent(await send(a, { receiver: bob.user.id, text: 'after the block', clientMsgId: aClientMsgId() }));
      expect((await arriving).text).toBe('after the block');
      const typing = nextEvent(a, 'typing');
      b.emit('typing', { receiver: alice.user.id, isTyping: true });
      expect(await typing).toEqual({ sender: bob.user.id, isTyping: true });
      const online = nextEvent(a, 'presence', (p) => p.userId === bob.user.id && p.online);
      b.close();
      await disconnection(b);
      await pool.connect(bob.accessToken);
      await online;
      expect((await historyOf(app, bob, alice)).map((m) => m.text)).toEqual([
        'before the block',
        'after the block',
      ]);
    });
  });

  it('a block by each side needs both unblocks', async () => {
    const { alice, bob, a } = await blockedPair('alice blocks bob');
    await app.http().put(`/api/blocks/${alice.user.id}`).set(bob.auth).expect(204);
    await app.http().delete(`/api/blocks/${bob.user.id}`).set(alice.auth).expect(204);
    expect(
      await send(a, { receiver: bob.user.id, text: 'still blocked', clientMsgId: aClientMsgId() }),
    ).toMatchObject({
      ok: false,
      error: { code: 'BLOCKED' },
    });
  });
});
