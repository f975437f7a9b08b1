import { aClientMsgId } from '@chat/shared/util-testing';
import { disconnection, registerUser, send, SocketPool, startTestApp, TestApp, TestUser } from './support';

/** Requests come through a trusted proxy on loopback, so `X-Forwarded-For` names the client. */
const from = (ip: string) => ({ 'X-Forwarded-For': ip });

describe('limits', () => {
  let app: TestApp;
  let pool: SocketPool;

  beforeAll(async () => {
    app = await startTestApp({
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_LOGIN_PER_MIN: '3',
      RATE_LIMIT_REGISTER_PER_MIN: '5',
      RATE_LIMIT_MESSAGES_PER_SEC: '1',
    });
    pool = new SocketPool(app.url);
  });

  afterEach(() => pool.closeAll());
  afterAll(() => app.close());

  const login = (user: Pick<TestUser, 'username' | 'password'>, ip: string) =>
    app
      .http()
      .post('/api/auth/login')
      .set(from(ip))
      .send({ username: user.username, password: user.password });

  function expect429(res: { status: number; body: unknown; headers: Record<string, string> }) {
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.any(String) });
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  }

  describe('failed logins', () => {
    it('are limited per username, from any IP; another user signs in unaffected', async () => {
      const alice = await registerUser(app, 'alice', from('10.1.0.1'));
      const bob = await registerUser(app, 'bob', from('10.1.0.2'));
      for (const ip of ['10.1.1.1', '10.1.1.2', '10.1.1.3']) {
        expect((await login({ ...alice, password: 'wrong password' }, ip)).status).toBe(401);
      }
      expect429(await login(alice, '10.1.1.4')); // even with the right password
      expect((await login(bob, '10.1.1.4')).status).toBe(200);
    });

    it('are limited per IP, whatever the usernames', async () => {
      const carol = await registerUser(app, 'carol', from('10.2.0.1'));
      for (const name of ['ghost_a', 'ghost_b', 'ghost_c']) {
        expect((await login({ username: name, password: 'wrong password' }, '10.2.1.1')).status).toBe(401);
      }
      expect429(await login(carol, '10.2.1.1'));
      expect((await login(carol, '10.2.1.2')).status).toBe(200);
    });

    it('do not count successful logins', async () => {
      const dave = await registerUser(app, 'dave', from('10.3.0.1'));
      for (let i = 0; i < 6; i++) expect((await login(dave, '10.3.1.1')).status).toBe(200);
    });
  });

  it('limits registrations per IP', async () => {
    const register = (n: number, ip: string) =>
      app
        .http()
        .post('/api/auth/register')
        .set(from(ip))
        .send({ username: `reg_${ip.replace(/\./g, '_')}_${n}`, password: 'correct horse' });
    for (let n = 0; n < 5; n++) expect((await register(n, '10.4.1.1')).status).toBe(201);
    expect429(await register(5, '10.4.1.1'));
    expect((await register(6, '10.4.1.2')).status).toBe(201);
  });

  it('limits messages per user across all their sockets', async () => {
    const alice = await registerUser(app, 'alice', from('10.5.0.1'));
    const bob = await registerUser(app, 'bob', from('10.5.0.2'));
    const tabs = [await pool.connect(alice.accessToken), await pool.connect(alice.accessToken)];
    const acks = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        send(tabs[i % 2], { receiver: bob.user.id, text: `flood ${i}`, clientMsgId: aClientMsgId() }),
      ),
    );
    const accepted = acks.filter((ack) => ack.ok);
    const limited = acks.filter((ack) => !ack.ok);
    expect(accepted.length).toBeGreaterThanOrEqual(3); // the burst allowance
    expect(limited.length).toBeGreaterThan(0);
    for (const ack of limited)
      expect(ack).toEqual({ ok: false, error: { code: 'RATE_LIMITED', message: expect.any(String) } });
    const history = await app
      .http()
      .get(`/api/messages?with=${bob.user.id}&limit=100`)
      .set(alice.auth)
      .expect(200);
    expect(history.body.messages).toHaveLength(accepted.length);
  });

  it('refuses request bodies over 16 KiB with 413 in the error shape', async () => {
    const res = await app
      .http()
      .post('/api/auth/register')
      .set(from('10.6.0.1'))
      .send({ username: 'big_body', password: 'x'.repeat(17 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: expect.any(String) });
    // Just under the limit is parsed (and then judged on its content).
    const under = await app
      .http()
      .post('/api/auth/register')
      .set(from('10.6.0.2'))
      .send({ username: 'big_body', password: 'x'.repeat(15 * 1024) });
    expect(under.status).toBe(400);
  });

  it('refuses socket packets over 16 KiB by closing the socket; nothing is stored', async () => {
    const alice = await registerUser(app, 'alice', from('10.7.0.1'));
    const bob = await registerUser(app, 'bob', from('10.7.0.2'));
    const socket = await pool.connect(alice.accessToken);
    const closed = disconnection(socket);
    socket.emit(
      'send_message',
      { receiver: bob.user.id, text: 'x'.repeat(17 * 1024), clientMsgId: aClientMsgId() },
      () => undefined,
    );
    expect(await closed).toBe('transport close');
    const history = await app.http().get(`/api/messages?with=${bob.user.id}`).set(alice.auth).expect(200);
    expect(history.body.messages).toEqual([]);
  });
});
