import { aClientMsgId } from '@chat/shared/util-testing';
import {
  emitRaw,
  expectHealthy,
  historyOf,
  registerUser,
  send,
  sent,
  SocketPool,
  startTestApp,
  TestApp,
  TestUser,
} from '../support';

/** Query operators an attacker would try in place of a value. */
const OPERATORS: Record<string, unknown> = {
  $gt: { $gt: '' },
  $ne: { $ne: null },
  $regex: { $regex: '.*' },
  $in: { $in: ['a', 'b'] },
  $where: { $where: 'return true' },
  $exists: { $exists: true },
  'an array': ['a', 'b'],
};

/** The same operators in query-string form (`name[$op]=value`). */
const QUERY_OPERATORS = ['[$ne]=x', '[$gt]=', '[$regex]=.*', '[$in][]=a', '[]=a&NAME[]=b', '[$exists]=true'];

/**
 * Issue 5, case 4: operator objects in every body, query string, route parameter, cookie and socket payload are
 * refused (400, or the event's `VALIDATION`), and never match anything.
 */
describe('attack: operator injection', () => {
  let app: TestApp;
  let pool: SocketPool;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    app = await startTestApp();
    pool = new SocketPool(app.url);
    alice = await registerUser(app, 'alice');
    bob = await registerUser(app, 'bob');
    const a = await pool.connect(alice.accessToken);
    sent(await send(a, { receiver: bob.user.id, text: 'hello bob', clientMsgId: aClientMsgId() }));
  });

  afterEach(() => pool.closeAll());
  afterAll(() => app.close());

  const expect400 = (name: string, res: { status: number; body: unknown }) => {
    expect({ name, status: res.status }).toEqual({ name, status: 400 });
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  };

  describe('JSON bodies', () => {
    it.each(['register', 'login'])('POST /api/auth/%s: an operator in any field is a 400', async (route) => {
      for (const [op, value] of Object.entries(OPERATORS)) {
        for (const body of [
          { username: value, password: alice.password },
          { username: alice.username, password: value },
          { username: value, password: value },
        ]) {
          const res = await app.http().post(`/api/auth/${route}`).send(body);
          expect400(`${route} ${op} ${JSON.stringify(body)}`, res);
          expect(res.body).not.toHaveProperty('accessToken');
          expect(res.headers['set-cookie']).toBeUndefined();
        }
      }
    });

    it('login: an operator for a username never signs in as a user matching it', async () => {
      const res = await app
        .http()
        .post('/api/auth/login')
        .send({ username: { $regex: `^${alice.username.slice(0, 3)}` }, password: alice.password });
      expect400('login $regex', res);
      // The same body with the real name works, so the 400 above is the operator's doing.
      await app
        .http()
        .post('/api/auth/login')
        .send({ username: alice.username, password: alice.password })
        .expect(200);
    });

    it('a prototype key in a body is refused and pollutes nothing', async () => {
      for (const raw of [
        `{"username":"proto_user","password":"correct horse","__proto__":{"polluted":"yes"}}`,
        `{"username":"proto_user","password":"correct horse","constructor":{"prototype":{"polluted":"yes"}}}`,
      ]) {
        const res = await app
          .http()
          .post('/api/auth/register')
          .set('Content-Type', 'application/json')
          .send(raw);
        expect400(raw, res);
      }
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });
  });

  describe('query strings and route parameters', () => {
    const encoded = (value: unknown) => encodeURIComponent(JSON.stringify(value));

    it('GET /api/users: operators in search or limit are a 400', async () => {
      for (const field of ['search', 'limit']) {
        for (const op of QUERY_OPERATORS) {
          const other = field === 'search' ? '&limit=5' : '&search=a';
          const url = `/api/users?${field}${op.replace('NAME', field)}${other}`;
          expect400(url, await app.http().get(url).set(alice.auth));
        }
      }
      const url = `/api/users?search=${encoded({ $ne: null })}`;
      const res = await app.http().get(url).set(alice.auth).expect(200); // a literal string, matching no name
      expect(res.body).toEqual([]);
    });

    it('GET /api/messages: operators in with, before or limit are a 400', async () => {
      for (const field of ['with', 'before', 'limit']) {
        for (const op of QUERY_OPERATORS) {
          const other = field === 'with' ? '' : `&with=${bob.user.id}`;
          const url = `/api/messages?${field}${op.replace('NAME', field)}${other}`;
          expect400(url, await app.http().get(url).set(alice.auth));
        }
      }
      for (const value of Object.values(OPERATORS)) {
        const url = `/api/messages?with=${encoded(value)}`;
        expect400(url, await app.http().get(url).set(alice.auth));
      }
    });

    it('PUT and DELETE /api/blocks/:id: an operator as the id is a 400 and blocks nobody', async () => {
      for (const value of Object.values(OPERATORS)) {
        for (const method of ['put', 'delete'] as const) {
          const url = `/api/blocks/${encoded(value)}`;
          expect400(`${method} ${url}`, await app.http()[method](url).set(alice.auth));
        }
      }
      expect((await app.http().get('/api/blocks').set(alice.auth).expect(200)).body).toEqual([]);
      const b = await pool.connect(bob.accessToken);
      sent(await send(b, { receiver: alice.user.id, text: 'still talking', clientMsgId: aClientMsgId() }));
    });

    it('routes that take no query ignore one: the caller’s own data, never a match', async () => {
      for (const path of ['/api/conversations', '/api/blocks', '/api/users/me']) {
        const plain = (await app.http().get(path).set(bob.auth).expect(200)).body;
        for (const op of QUERY_OPERATORS) {
          const url = `${path}?owner${op.replace('NAME', 'owner')}&userId[$ne]=x`;
          const res = await app.http().get(url).set(bob.auth);
          expect({ url, status: res.status, body: res.body }).toEqual({ url, status: 200, body: plain });
        }
      }
    });
  });

  describe('cookies', () => {
    it('a JSON operator in the refresh cookie refreshes nobody and revokes nobody', async () => {
      const victim = await registerUser(app, 'victim');
      for (const cookie of ['j:{"$ne":null}', 'j:{"$gt":""}', 'j:{"$regex":".*"}', 'j:["a","b"]']) {
        for (const value of [cookie, encodeURIComponent(cookie)]) {
          const refresh = await app.http().post('/api/auth/refresh').set('Cookie', `refresh_token=${value}`);
          expect({ value, status: refresh.status }).toEqual({ value, status: 401 });
          expect(refresh.body).not.toHaveProperty('accessToken');
          await app.http().post('/api/auth/logout').set('Cookie', `refresh_token=${value}`).expect(204);
        }
      }
      // The victim's session survived every "logout" above.
      await app.http().post('/api/auth/refresh').set('Cookie', victim.refreshCookie).expect(200);
    });
  });

  describe('socket payloads and the handshake', () => {
    it('send_message: an operator in any field is VALIDATION and stores nothing', async () => {
      const a = await pool.connect(alice.accessToken);
      const before = await historyOf(app, alice, bob);
      const valid = { receiver: bob.user.id, text: 'hi', clientMsgId: aClientMsgId() };
      for (const [op, value] of Object.entries(OPERATORS)) {
        for (const field of ['receiver', 'text', 'clientMsgId']) {
          const ack = await emitRaw(a, 'send_message', { ...valid, [field]: value });
          expect({ op, field, ack }).toEqual({
            op,
            field,
            ack: { ok: false, error: { code: 'VALIDATION', message: expect.any(String) } },
          });
        }
      }
      expect((await historyOf(app, alice, bob)).map((m) => m.id)).toEqual(before.map((m) => m.id));
    });

    it('mark_read and typing: an operator in any field is VALIDATION and changes nothing', async () => {
      const b = await pool.connect(bob.accessToken);
      const [message] = await historyOf(app, bob, alice);
      for (const value of Object.values(OPERATORS)) {
        for (const payload of [
          { peer: value, upTo: message.id },
          { peer: alice.user.id, upTo: value },
        ]) {
          expect(await emitRaw(b, 'mark_read', payload)).toMatchObject({
            ok: false,
            error: { code: 'VALIDATION' },
          });
        }
        expect(await emitRaw(b, 'typing', { receiver: value, isTyping: true })).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION' },
        });
      }
      expect((await historyOf(app, bob, alice))[0].readAt).toBeUndefined();
    });

    it('an operator as the handshake token is "unauthorized"', async () => {
      for (const value of Object.values(OPERATORS)) {
        expect((await pool.refusal(value as never)).message).toBe('unauthorized');
      }
      await expectHealthy(app);
    });
  });
});
