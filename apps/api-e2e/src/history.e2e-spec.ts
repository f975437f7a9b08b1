import type { Conversation, HistoryPage, Message } from '@chat/shared/contracts';
import { aClientMsgId } from '@chat/shared/util-testing';
import { registerUser, send, SocketPool, startTestApp, TestApp, TestUser } from './support';

describe('history and conversations (REST)', () => {
  let app: TestApp;
  let pool: SocketPool;
  let alice: TestUser;
  let bob: TestUser;
  let all: Message[];

  /** Sends `count` messages, alternating senders, `batch` at a time. */
  async function converse(a: TestUser, b: TestUser, count: number, batch = 25): Promise<Message[]> {
    const sa = await pool.connect(a.accessToken);
    const sb = await pool.connect(b.accessToken);
    const stored: Message[] = [];
    for (let i = 0; i < count; i += batch) {
      const acks = await Promise.all(
        Array.from({ length: Math.min(batch, count - i) }, (_, k) => {
          const n = i + k;
          const [from, to] = n % 2 ? [sb, a] : [sa, b];
          return send(from, { receiver: to.user.id, text: `message ${n}`, clientMsgId: aClientMsgId() });
        }),
      );
      for (const ack of acks) {
        if (!ack.ok) throw new Error(ack.error.message);
        stored.push(ack.message);
      }
    }
    sa.close();
    sb.close();
    return stored.sort((x, y) => (x.id < y.id ? -1 : 1));
  }

  const page = async (as: TestUser, query: string) =>
    (await app.http().get(`/api/messages?${query}`).set(as.auth).expect(200)).body as HistoryPage;

  beforeAll(async () => {
    app = await startTestApp();
    pool = new SocketPool(app.url);
    alice = await registerUser(app, 'alice');
    bob = await registerUser(app, 'bob');
    all = await converse(alice, bob, 250);
  });

  afterAll(async () => {
    pool.closeAll();
    await app.close();
  });

  it('pages through 250 messages, newest page first, each page oldest first, without gaps or repeats', async () => {
    const seen: Message[] = [];
    let before: string | undefined;
    const sizes: number[] = [];
    for (;;) {
      const result = await page(alice, `with=${bob.user.id}${before ? `&before=${before}` : ''}`);
      sizes.push(result.messages.length);
      const ids = result.messages.map((m) => m.id);
      expect(ids).toEqual([...ids].sort());
      seen.unshift(...result.messages);
      if (!result.hasMore) break;
      before = result.messages[0].id;
    }
    expect(sizes).toEqual([50, 50, 50, 50, 50]);
    expect(seen.map((m) => m.id)).toEqual(all.map((m) => m.id));
    expect(seen.map((m) => m.text)).toEqual(all.map((m) => m.text));
  });

  it('honours limit up to 100 and reports hasMore', async () => {
    const first = await page(bob, `with=${alice.user.id}&limit=100`);
    expect(first.messages).toHaveLength(100);
    expect(first.hasMore).toBe(true);
    expect(first.messages.map((m) => m.id)).toEqual(all.slice(150).map((m) => m.id));
    const last = await page(bob, `with=${alice.user.id}&limit=100&before=${all[100].id}`);
    expect(last.messages.map((m) => m.id)).toEqual(all.slice(0, 100).map((m) => m.id));
    expect(last.hasMore).toBe(false);
    const oldest = await page(bob, `with=${alice.user.id}&before=${all[0].id}`);
    expect(oldest).toEqual({ messages: [], hasMore: false });
  });

  it('answers an empty page for a pair that never talked', async () => {
    const carol = await registerUser(app, 'carol');
    expect(await page(carol, `with=${alice.user.id}`)).toEqual({ messages: [], hasMore: false });
  });

  it.each([
    ['no with', ''],
    ['a malformed with', 'with=alice'],
    ['limit 0', 'with=WITH&limit=0'],
    ['limit 101', 'with=WITH&limit=101'],
    ['limit 1.5', 'with=WITH&limit=1.5'],
    ['a malformed before', 'with=WITH&before=yesterday'],
    ['an operator in with', 'with[$ne]=x'],
    ['an operator in before', 'with=WITH&before[$gt]=0'],
    ['an unknown parameter', 'with=WITH&sort=asc'],
    ['oneself', 'with=SELF'],
  ])('answers 400 for %s', async (_case, query) => {
    const res = await app
      .http()
      .get(`/api/messages?${query.replace('WITH', bob.user.id).replace('SELF', alice.user.id)}`)
      .set(alice.auth);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.anything() });
  });

  it('answers 400 for a before of another pair, never their messages', async () => {
    const carol = await registerUser(app, 'carol');
    const [theirs] = await converse(carol, bob, 1);
    const res = await app.http().get(`/api/messages?with=${bob.user.id}&before=${theirs.id}`).set(alice.auth);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain(theirs.text);
  });

  it('answers 404 for an unknown user and 401 without a token', async () => {
    const res = await app.http().get('/api/messages?with=65a000000000000000000000').set(alice.auth);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    await app.http().get(`/api/messages?with=${bob.user.id}`).expect(401);
  });

  describe('GET /api/conversations', () => {
    it('lists each peer once, newest activity first, with the last message and unread count', async () => {
      const dave = await registerUser(app, 'dave');
      const [erin, frank] = [await registerUser(app, 'erin'), await registerUser(app, 'frank')];
      await converse(dave, erin, 3);
      await converse(dave, frank, 2);
      const d = await pool.connect(dave.accessToken);
      const ack = await send(d, { receiver: erin.user.id, text: 'latest', clientMsgId: aClientMsgId() });
      d.close();
      if (!ack.ok) throw new Error(ack.error.message);

      const list = (await app.http().get('/api/conversations').set(dave.auth).expect(200))
        .body as Conversation[];
      expect(list.map((c) => c.peer)).toEqual([erin.user, frank.user]);
      expect(list[0].lastMessage).toEqual(expect.objectContaining({ id: ack.message.id, text: 'latest' }));
      // converse() alternates senders starting with dave: erin sent 1 of 3, frank 1 of 2.
      expect(list.map((c) => c.unreadCount)).toEqual([1, 1]);

      const erins = (await app.http().get('/api/conversations').set(erin.auth).expect(200))
        .body as Conversation[];
      expect(erins).toEqual([{ peer: dave.user, lastMessage: ack.message, unreadCount: 3 }]);
    });

    it('is empty for a new user and needs a token', async () => {
      const newcomer = await registerUser(app, 'newcomer');
      expect((await app.http().get('/api/conversations').set(newcomer.auth).expect(200)).body).toEqual([]);
      await app.http().get('/api/conversations').expect(401);
    });
  });
});
