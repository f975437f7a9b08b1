import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ACK_ERROR_CODES, Message, SendMessageAck } from '@chat/shared/contracts';
import { aClientMsgId } from '@chat/shared/util-testing';
import {
  ChatClient,
  EngineProcess,
  killAll,
  nextEvent,
  registerUser,
  sent,
  ServerProcess,
  SocketPool,
  startEngineProcess,
  startServerProcess,
  TestApp,
  TestUser,
} from '../support';

/** A hang guard for what a broken database delays (the driver gives up after about 10 s). */
const OUTAGE_WAIT_MS = 45_000;

/** Polls `GET /api/health` until it answers `status` (bounded; polling, never a fixed sleep). */
async function healthBecomes(server: ServerProcess, status: number): Promise<request.Response> {
  const deadline = Date.now() + OUTAGE_WAIT_MS;
  for (;;) {
    const res = await request(server.url).get('/api/health');
    if (res.status === status) return res;
    if (Date.now() > deadline) throw new Error(`health is still ${res.status} ${res.text}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Issue 5, case 20: the built server against the engine in a process of its own, which the test kills (`kill -9`)
 * and starts again on the same port and data. While it is away: `/api/health` is 503, `send_message` acks an error
 * (never `ok: true`), REST answers in the error shape, and the server keeps running. When it is back, the same
 * server, sockets and tokens work again without a restart.
 */
describe('fault: the database goes away and comes back', () => {
  let dbPath: string;
  let engine: EngineProcess;
  let server: ServerProcess;
  let pool: SocketPool;

  beforeAll(async () => {
    dbPath = mkdtempSync(join(tmpdir(), 'chat-outage-'));
    engine = await startEngineProcess({ dbPath });
    server = await startServerProcess({ env: { MONGODB_URI: `${engine.uri}/chat_outage` } });
    pool = new SocketPool(server.url);
  });

  afterAll(async () => {
    pool?.closeAll();
    await server?.stop();
    await killAll();
    rmSync(dbPath, { recursive: true, force: true });
  });

  const sendWithin = (socket: ChatClient, receiver: TestUser, text: string, clientMsgId = aClientMsgId()) =>
    socket.timeout(OUTAGE_WAIT_MS).emitWithAck('send_message', {
      receiver: receiver.user.id,
      text,
      clientMsgId,
    }) as Promise<SendMessageAck>;

  it('case 20: 503 and error acks while it is away, nothing crashes, and it recovers without a restart', async () => {
    const app = { http: () => request(server.url) } as TestApp;
    const alice = await registerUser(app, 'alice');
    const bob = await registerUser(app, 'bob');
    const a = await pool.connect(alice.accessToken);
    const b = await pool.connect(bob.accessToken);
    const before = sent(await sendWithin(a, bob, 'before the outage'));

    await engine.kill();
    const down = await healthBecomes(server, 503);
    expect(down.body).toMatchObject({ status: 'error', db: 'down', statusCode: 503 });

    const lostId = aClientMsgId();
    // Both wait for the driver to give up (about 10 s): side by side.
    const [during, list] = await Promise.all([
      sendWithin(a, bob, 'during the outage', lostId),
      request(server.url).get('/api/conversations').set(alice.auth),
    ]);
    expect(during.ok).toBe(false);
    expect(ACK_ERROR_CODES).toContain((during as { error: { code: string } }).error.code);
    // REST answers in the error shape (not a 401: the session is fine); the socket and the server are still there.
    expect(list.status).toBe(503);
    expect(list.body).toMatchObject({ statusCode: 503, error: expect.any(String) });
    expect(server.running()).toBe(true);
    expect(a.connected).toBe(true);

    engine = await startEngineProcess({ dbPath, port: engine.port });
    await healthBecomes(server, 200);

    // Same server, same sockets and tokens: sending works again, the failed one can be retried, nothing was lost.
    const arrived = nextEvent(b, 'receive_message', (m) => m.clientMsgId === lostId);
    const retried = sent(await sendWithin(a, bob, 'during the outage', lostId));
    expect((await arrived).id).toBe(retried.id);
    const history = await request(server.url)
      .get(`/api/messages?with=${alice.user.id}`)
      .set(bob.auth)
      .expect(200);
    expect((history.body.messages as Message[]).map((m) => m.text)).toEqual([before.text, retried.text]);
    await request(server.url)
      .post('/api/auth/login')
      .send({ username: bob.username, password: bob.password })
      .expect(200);
  }, 180_000);
});
