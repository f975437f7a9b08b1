import { request as httpRequest } from 'node:http';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { Message, SendMessageAck } from '@chat/shared/contracts';
import { aClientMsgId } from '@chat/shared/util-testing';
import {
  ChatClient,
  collectEvents,
  disconnection,
  expectHealthy,
  historyOf,
  nextEvent,
  registerUser,
  send,
  sent,
  SocketPool,
  startTestApp,
  TestApp,
  TestUser,
} from '../support';

const KIB = 1024;

/** POSTs `chunks` with chunked transfer encoding (no Content-Length); resolves with status and body. */
function postChunked(url: string, path: string, chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}${path}`,
      { method: 'POST', headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error('no answer to the chunked request')));
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server may answer 413 and close before the whole body went out.
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') return;
      reject(error);
    });
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

/**
 * Issue 5, cases 11 and 12: oversized bodies, packets and texts are refused without harm, and a flood of sends from
 * one user is cut at the budget while everyone else's messages keep flowing. Rate limits at their defaults here.
 */
describe('attack: size and flood', () => {
  describe('case 11: size', () => {
    let app: TestApp;
    let pool: SocketPool;
    let alice: TestUser;
    let bob: TestUser;
    let storedCount: () => Promise<number>;

    beforeAll(async () => {
      app = await startTestApp();
      pool = new SocketPool(app.url);
      alice = await registerUser(app, 'alice');
      bob = await registerUser(app, 'bob');
      const connection = app.app.get<Connection>(getConnectionToken());
      storedCount = () => connection.collection('messages').countDocuments();
    });

    afterEach(() => pool.closeAll());
    afterAll(() => app.close());

    it('HTTP bodies over 16 KiB get 413 on every route that reads one; the server stays healthy', async () => {
      const big = { username: 'big_body', password: 'x'.repeat(17 * KIB) };
      for (const path of ['/api/auth/register', '/api/auth/login', '/api/auth/refresh', '/api/auth/logout']) {
        const res = await app.http().post(path).send(big);
        expect({ path, status: res.status, body: res.body }).toEqual({
          path,
          status: 413,
          body: { statusCode: 413, error: 'Payload Too Large', message: expect.any(String) },
        });
        await expectHealthy(app);
      }
      const put = await app.http().put(`/api/blocks/${bob.user.id}`).set(alice.auth).send(big);
      expect(put.status).toBe(413);
      expect((await app.http().get('/api/blocks').set(alice.auth).expect(200)).body).toEqual([]);
    });

    it('a chunked body without a length is cut off at 16 KiB too', async () => {
      const chunks = [
        '{"username":"chunky","password":"',
        ...Array.from({ length: 40 }, () => 'x'.repeat(KIB)),
        '"}',
      ];
      const res = await postChunked(app.url, '/api/auth/register', chunks);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body)).toMatchObject({ statusCode: 413 });
      await expectHealthy(app);
    });

    it('an oversized URL or header is refused, not served', async () => {
      const longUrl = await app
        .http()
        .get(`/api/users?search=${'a'.repeat(20 * KIB)}`)
        .set(alice.auth);
      expect([400, 414, 431]).toContain(longUrl.status);
      const longHeader = await app
        .http()
        .get('/api/users/me')
        .set(alice.auth)
        .set('X-Padding', 'p'.repeat(20 * KIB));
      expect([400, 431]).toContain(longHeader.status);
      await expectHealthy(app);
    });

    it.each([['websocket'], ['polling']])(
      'a socket packet over 16 KiB (%s) closes that socket; nothing is stored; others carry on',
      async (transport) => {
        const before = await storedCount();
        const socket = await pool.connect(alice.accessToken, { transports: [transport] });
        const closed = disconnection(socket);
        socket.emit(
          'send_message',
          { receiver: bob.user.id, text: 'x'.repeat(17 * KIB), clientMsgId: aClientMsgId() },
          () => undefined,
        );
        expect(await closed).toMatch(/transport (close|error)/);
        expect(await storedCount()).toBe(before);
        const b = await pool.connect(bob.accessToken);
        sent(await send(b, { receiver: alice.user.id, text: 'still here', clientMsgId: aClientMsgId() }));
        await expectHealthy(app);
      },
    );

    it('a binary attachment over 16 KiB closes the socket the same way', async () => {
      const socket = await pool.connect(alice.accessToken);
      const closed = disconnection(socket);
      (socket.emit as (event: string, ...args: unknown[]) => void)('send_message', {
        receiver: bob.user.id,
        text: Buffer.alloc(17 * KIB, 1),
        clientMsgId: aClientMsgId(),
      });
      expect(await closed).toMatch(/transport (close|error)/);
      await expectHealthy(app);
    });

    it('4,001 characters of text get VALIDATION, and so do 4,001 emoji; 4,000 of either are stored', async () => {
      const a = await pool.connect(alice.accessToken);
      const before = await storedCount();
      for (const text of ['x'.repeat(4001), '😀'.repeat(4001), ` ${'y'.repeat(4001)} `]) {
        const ack = await send(a, { receiver: bob.user.id, text, clientMsgId: aClientMsgId() });
        expect(ack).toEqual({ ok: false, error: { code: 'VALIDATION', message: expect.any(String) } });
      }
      expect(await storedCount()).toBe(before);
      for (const text of ['x'.repeat(4000), '😀'.repeat(4000), `  ${'z'.repeat(4000)}  `]) {
        expect(sent(await send(a, { receiver: bob.user.id, text, clientMsgId: aClientMsgId() })).text).toBe(
          text,
        );
      }
      expect(a.connected).toBe(true);
      await expectHealthy(app);
    });
  });

  describe('case 12: flood', () => {
    let app: TestApp;
    let pool: SocketPool;
    const PER_SECOND = 10; // the default RATE_LIMIT_MESSAGES_PER_SEC
    const BURST = 3; // the default burst factor

    beforeAll(async () => {
      app = await startTestApp({ RATE_LIMIT_MESSAGES_PER_SEC: String(PER_SECOND) });
      pool = new SocketPool(app.url);
    });

    afterEach(() => pool.closeAll());
    afterAll(() => app.close());

    /** The most a user may get through in `ms`: the burst, then the steady rate (a generous upper bound). */
    const budget = (ms: number) => PER_SECOND * BURST + PER_SECOND * Math.ceil(ms / 1000);

    /** Another pair talks all through the flood: every one of their messages must be accepted and arrive. */
    async function bystanders(during: Promise<unknown>): Promise<{ sent: number; arrived: Message[] }> {
      const carol = await registerUser(app, 'carol');
      const dave = await registerUser(app, 'dave');
      const c = await pool.connect(carol.accessToken);
      const d = await pool.connect(dave.accessToken);
      let count = 0;
      let flooding = true;
      void during.finally(() => (flooding = false));
      const arrived = await collectEvents(d, 'receive_message', async () => {
        do {
          sent(await send(c, { receiver: dave.user.id, text: `calm ${count}`, clientMsgId: aClientMsgId() }));
          count++;
          await new Promise((resolve) => setTimeout(resolve, 150));
        } while (flooding || count < 3);
      });
      return { sent: count, arrived };
    }

    async function flood(sockets: ChatClient[], receiver: TestUser, total: number) {
      const started = Date.now();
      const acks = await Promise.all(
        Array.from({ length: total }, (_, i) =>
          sockets[i % sockets.length].timeout(60_000).emitWithAck('send_message', {
            receiver: receiver.user.id,
            text: `flood ${i}`,
            clientMsgId: aClientMsgId(),
          }),
        ),
      );
      return { acks: acks as SendMessageAck[], elapsed: Date.now() - started };
    }

    function expectCut(acks: SendMessageAck[], elapsed: number) {
      const accepted = acks.filter((ack) => ack.ok).length;
      const limited = acks.filter((ack) => !ack.ok);
      expect(accepted).toBeGreaterThanOrEqual(PER_SECOND); // a client within its budget is served
      expect(accepted).toBeLessThanOrEqual(budget(elapsed));
      for (const ack of limited) {
        expect(ack).toEqual({ ok: false, error: { code: 'RATE_LIMITED', message: expect.any(String) } });
      }
      return accepted;
    }

    it.each([
      ['one socket', 1],
      ['five sockets of one user', 5],
    ])(
      '1,000 send_message at once from %s: RATE_LIMITED past the budget, others unaffected',
      async (_case, n) => {
        const mallory = await registerUser(app, 'mallory');
        const victim = await registerUser(app, 'victim');
        const sockets = await Promise.all(Array.from({ length: n }, () => pool.connect(mallory.accessToken)));
        const flooding = flood(sockets, victim, 1000);
        const calm = await bystanders(flooding);
        const { acks, elapsed } = await flooding;

        expect(acks).toHaveLength(1000);
        const accepted = expectCut(acks, elapsed);
        expect((await historyOf(app, victim, mallory)).length).toBe(Math.min(accepted, 100));
        expect(calm.arrived.map((m) => m.text)).toEqual(
          Array.from({ length: calm.sent }, (_, i) => `calm ${i}`),
        );
        expect(sockets.every((s) => s.connected)).toBe(true);
        await expectHealthy(app);
      },
    );

    it('a typing flood is cut the same way', async () => {
      const mallory = await registerUser(app, 'typist');
      const victim = await registerUser(app, 'reader');
      const m = await pool.connect(mallory.accessToken);
      // Typing reaches people who share a conversation; it is relayed to anyone named, so no setup is needed.
      const v = await pool.connect(victim.accessToken);
      const started = Date.now();
      const heard = await collectEvents(v, 'typing', async () => {
        for (let i = 0; i < 1000; i++) m.emit('typing', { receiver: victim.user.id, isTyping: i % 2 === 0 });
        // Everything the server relays arrives before a message sent after the flood.
        const marker = nextEvent(v, 'receive_message');
        const other = await registerUser(app, 'marker');
        const o = await pool.connect(other.accessToken);
        sent(await send(o, { receiver: victim.user.id, text: 'marker', clientMsgId: aClientMsgId() }));
        await marker;
      });
      expect(heard.length).toBeGreaterThan(0);
      expect(heard.length).toBeLessThanOrEqual(budget(Date.now() - started));
      expect(m.connected).toBe(true);
    });
  });
});
