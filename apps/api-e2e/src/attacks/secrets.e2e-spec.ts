import { MongoClient } from 'mongodb';
import { io } from 'socket.io-client';
import request from 'supertest';
import { CHAT_NAMESPACE } from '@chat/shared/contracts';
import { RunningEngine, start } from '@chat/embedded-mongo';
import { aClientMsgId } from '@chat/shared/util-testing';
import {
  ChatClient,
  emitPacket,
  killAll,
  markRead,
  nextEvent,
  refreshCookieOf,
  send,
  sent,
  startServerProcess,
  ServerProcess,
  TEST_JWT_SECRET,
} from '../support';

/** Everything a client got to see: response bodies and headers, socket events, acks and refusals. */
interface Observed {
  where: string;
  text: string;
}

interface Person {
  username: string;
  password: string;
  id: string;
  accessTokens: string[];
  refreshCookies: string[];
}

/**
 * Issue 5, case 16: a user walks every endpoint and event they can reach (successes and failures), against the built
 * server logging at `trace`; no response, event or log line carries a password, a password hash, a refresh token
 * (or its stored hash), an access token outside its own auth response, or the JWT secret.
 */
describe('attack: secrets never leak', () => {
  let engine: RunningEngine;
  let server: ServerProcess;
  let db: MongoClient;
  const observed: Observed[] = [];
  const sockets: ChatClient[] = [];
  const wrongPasswords = ['Wr0ng-guess-of-a-password', `${'L0ng-secret-'.repeat(7)}`];

  beforeAll(async () => {
    engine = await start({ port: 0, host: '127.0.0.1' });
    server = await startServerProcess({
      env: { MONGODB_URI: `${engine.uri}/chat_secrets`, LOG_LEVEL: 'trace', RATE_LIMIT_LOGIN_PER_MIN: '3' },
    });
    db = await MongoClient.connect(engine.uri);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await db?.close();
    await server?.stop();
    await killAll();
    await engine?.stop();
  });

  const http = () => request(server.url);

  /** Keeps what the client saw; `accessToken` of an auth response is its purpose, so it is kept apart. */
  function see(where: string, res: request.Response, person?: Person): request.Response {
    const body = { ...(res.body ?? {}) } as Record<string, unknown>;
    if (typeof body['accessToken'] === 'string') {
      person?.accessTokens.push(body['accessToken']);
      delete body['accessToken'];
    }
    const { 'set-cookie': setCookie, ...headers } = res.headers as Record<string, unknown>;
    const refresh = refreshCookieOf(setCookie as string[] | undefined);
    if (refresh && person) person.refreshCookies.push(refresh);
    else if (refresh) observed.push({ where: `${where} (a refresh cookie nobody asked for)`, text: refresh });
    observed.push({
      where,
      text: JSON.stringify({ status: res.status, body, text: res.body ? '' : res.text, headers }),
    });
    return res;
  }

  function connect(token: unknown, where: string): Promise<ChatClient> {
    const socket: ChatClient = io(`${server.url}${CHAT_NAMESPACE}`, {
      auth: { token },
      forceNew: true,
      reconnection: false,
      transports: ['websocket'],
    });
    sockets.push(socket);
    socket.onAny((event, ...args) =>
      observed.push({ where: `${where} event ${event}`, text: JSON.stringify(args) }),
    );
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => {
        observed.push({
          where: `${where} connect_error`,
          text: JSON.stringify({ message: error.message, error }),
        });
        reject(error);
      });
    });
  }

  async function ack(where: string, pending: Promise<unknown>) {
    const reply = await pending;
    observed.push({ where: `${where} ack`, text: JSON.stringify(reply) });
    return reply;
  }

  async function walk(): Promise<Person[]> {
    const people: Person[] = ['alice_secret', 'bob_secret'].map((username, i) => ({
      username,
      password: `correct-h0rse-${i}-battery`,
      id: '',
      accessTokens: [],
      refreshCookies: [],
    }));
    const [alice, bob] = people;
    const creds = (p: Person, password = p.password) => ({ username: p.username, password });
    for (const p of people) {
      const res = see('register', await http().post('/api/auth/register').send(creds(p)), p);
      p.id = res.body.user.id;
    }
    const auth = (p: Person) => ({ Authorization: `Bearer ${p.accessTokens[p.accessTokens.length - 1]}` });
    const cookie = (p: Person) => p.refreshCookies[p.refreshCookies.length - 1];

    // REST: successes and every failure a user can provoke.
    see('register taken', await http().post('/api/auth/register').send(creds(alice)));
    see(
      'register long password',
      await http().post('/api/auth/register').send({ username: 'x_y_z', password: wrongPasswords[1] }),
    );
    see('login', await http().post('/api/auth/login').send(creds(alice)), alice);
    see('login wrong password', await http().post('/api/auth/login').send(creds(alice, wrongPasswords[0])));
    see(
      'login unknown user',
      await http().post('/api/auth/login').send({ username: 'nobody', password: wrongPasswords[0] }),
    );
    see('login long password', await http().post('/api/auth/login').send(creds(alice, wrongPasswords[1])));
    for (let i = 0; i < 3; i++) {
      see(
        'login rate-limited',
        await http().post('/api/auth/login').send({ username: 'victim', password: wrongPasswords[0] }),
      );
    }
    const usedCookie = cookie(alice);
    see('refresh', await http().post('/api/auth/refresh').set('Cookie', usedCookie), alice);
    see('refresh reused', await http().post('/api/auth/refresh').set('Cookie', usedCookie));
    see('login again', await http().post('/api/auth/login').send(creds(alice)), alice);
    see('me', await http().get('/api/users/me').set(auth(alice)));
    see('me without token', await http().get('/api/users/me'));
    see(
      'me with a refresh token',
      await http()
        .get('/api/users/me')
        .set('Authorization', `Bearer ${cookie(alice).split('=')[1]}`),
    );
    see('search', await http().get('/api/users?search=bob').set(auth(alice)));
    see('search bad', await http().get('/api/users?search[$ne]=x').set(auth(alice)));
    see('block', await http().put(`/api/blocks/${bob.id}`).set(auth(alice)));
    see('blocks', await http().get('/api/blocks').set(auth(alice)));
    see('unblock', await http().delete(`/api/blocks/${bob.id}`).set(auth(alice)));
    see('health', await http().get('/api/health'));
    see('docs', await http().get('/api/docs-json'));
    see('unknown route', await http().get('/api/admin/users').set(auth(alice)));
    see(
      'too large',
      await http()
        .post('/api/auth/login')
        .send({ username: 'x', password: 'p'.repeat(20_000) }),
    );
    see(
      'malformed',
      await http()
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"password":"' + alice.password),
    );

    // Sockets: every event both ways, and the refusals.
    const a = await connect(alice.accessTokens[alice.accessTokens.length - 1], 'alice');
    const b = await connect(bob.accessTokens[0], 'bob');
    const arriving = nextEvent(b, 'receive_message');
    const message = sent(
      (await ack('send', send(a, { receiver: bob.id, text: 'hello', clientMsgId: aClientMsgId() }))) as never,
    );
    await arriving;
    await ack('mark_read', markRead(b, { peer: alice.id, upTo: message.id }));
    b.emit('typing', { receiver: alice.id, isTyping: true });
    await ack(
      'bad send',
      emitPacket(a, 'send_message', JSON.stringify({ receiver: bob.id, text: alice.password })),
    );
    await ack(
      'unknown event',
      emitPacket(a, 'get_user', JSON.stringify({ id: bob.id, fields: ['passwordHash'] })),
    );
    await connect('not-a-token', 'bad token').catch(() => undefined);
    await connect(cookie(alice).split('=')[1], 'refresh token as access token').catch(() => undefined);
    see('conversations', await http().get('/api/conversations').set(auth(bob)));
    see('history', await http().get(`/api/messages?with=${alice.id}`).set(auth(bob)));

    // Sessions end: logout, logout-all.
    see('logout', await http().post('/api/auth/logout').set('Cookie', cookie(alice)));
    see('refresh after logout', await http().post('/api/auth/refresh').set('Cookie', cookie(alice)));
    see('logout-all', await http().post('/api/auth/logout-all').set(auth(bob)));
    see('me after logout-all', await http().get('/api/users/me').set(auth(bob)));
    return people;
  }

  it('no response, event or log line carries a secret', async () => {
    const people = await walk();
    const users = await db.db('chat_secrets').collection('users').find().toArray();
    const tokens = await db.db('chat_secrets').collection('refresh_tokens').find().toArray();
    expect(users.length).toBe(2);
    expect(tokens.length).toBeGreaterThan(3);

    const secrets: Record<string, string> = { 'the JWT secret': TEST_JWT_SECRET };
    for (const p of people) {
      secrets[`${p.username}'s password`] = p.password;
      p.refreshCookies.forEach((c, i) => (secrets[`${p.username}'s refresh token ${i}`] = c.split('=')[1]));
    }
    wrongPasswords.forEach((w, i) => (secrets[`a tried password ${i}`] = w));
    for (const u of users) secrets[`${u['username']}'s password hash`] = String(u['passwordHash']);
    tokens.forEach((t, i) => (secrets[`stored refresh token hash ${i}`] = String(t['tokenHash'])));
    const accessTokens: Record<string, string> = {};
    for (const p of people) {
      p.accessTokens.forEach((t, i) => {
        accessTokens[`${p.username}'s access token ${i}`] = t;
        accessTokens[`${p.username}'s access token ${i} signature`] = t.split('.')[2];
      });
    }
    const patterns = [/\$2[aby]\$\d\d\$/, /passwordHash|tokenHash|jwt[-_ ]?secret/i];

    // What clients saw (access tokens only in their own auth response, which `see` set aside).
    expect(observed.length).toBeGreaterThan(40);
    const leaks: string[] = [];
    for (const { where, text } of observed) {
      for (const [name, secret] of Object.entries({ ...secrets, ...accessTokens })) {
        if (text.includes(secret)) leaks.push(`${where}: ${name}`);
      }
      for (const pattern of patterns) if (pattern.test(text)) leaks.push(`${where}: ${pattern}`);
    }

    // What the server logged, at its most verbose.
    const log = server.output();
    expect(log).toContain('/api/auth/login'); // requests are logged, so the check below means something
    // Headers are logged, with the credentials in them redacted.
    expect(log).toContain('"authorization":"[redacted]"');
    expect(log).toContain('"cookie":"[redacted]"');
    for (const [name, secret] of Object.entries({ ...secrets, ...accessTokens })) {
      if (log.includes(secret)) leaks.push(`the log: ${name}`);
    }
    if (/\$2[aby]\$\d\d\$/.test(log)) leaks.push('the log: a bcrypt hash');
    expect(leaks).toEqual([]);
  });
});
