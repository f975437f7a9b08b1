import { io } from 'socket.io-client';
import { CHAT_NAMESPACE, Message } from '@chat/shared/contracts';
import { aClientMsgId } from '@chat/shared/util-testing';
import {
  ChatClient,
  disconnection,
  nextEvent,
  registerUser,
  send,
  sent,
  SocketPool,
  startTestApp,
  TestApp,
} from '../support';

/**
 * Issue 5, case 19 (API side; the browser side is apps/web-e2e `connection.e2e-spec.ts`): a client whose transport
 * drops misses live events; on reconnect the newest history page holds everything it missed after the last message
 * it had, in order and once each, the sender learns they were delivered, and nothing it already had comes again.
 */
describe('fault: a dropped connection', () => {
  let app: TestApp;
  let pool: SocketPool;
  const own: ChatClient[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    pool = new SocketPool(app.url);
  });

  afterEach(() => {
    pool.closeAll();
    own.splice(0).forEach((socket) => socket.close());
  });

  afterAll(() => app.close());

  it('case 19: on reconnect the client gets everything it missed, in order, none twice', async () => {
    const alice = await registerUser(app, 'alice');
    const bob = await registerUser(app, 'bob');
    const b = await pool.connect(bob.accessToken);
    // A client as the web app makes it: reconnecting by itself.
    const a: ChatClient = io(`${app.url}${CHAT_NAMESPACE}`, {
      auth: { token: alice.accessToken },
      forceNew: true,
      transports: ['websocket'],
    });
    own.push(a);
    const live: Message[] = [];
    a.on('receive_message', (message) => live.push(message));
    await new Promise<void>((resolve, reject) => {
      a.once('connect', () => resolve());
      a.once('connect_error', reject);
    });

    const seen = nextEvent(a, 'receive_message');
    const last = sent(
      await send(b, { receiver: alice.user.id, text: 'before', clientMsgId: aClientMsgId() }),
    );
    expect((await seen).id).toBe(last.id);

    // The transport drops; the client will reconnect once it is let.
    a.io.reconnection(false);
    const dropped = disconnection(a);
    // Its TCP connection is cut under the WebSocket (no close frame, as when a network goes away).
    (a.io.engine.transport as unknown as { ws: { _socket: { destroy(): void } } }).ws._socket.destroy();
    expect(await dropped).toBe('transport close');

    const missed: Message[] = [];
    for (let i = 0; i < 5; i++) {
      missed.push(
        sent(await send(b, { receiver: alice.user.id, text: `missed ${i}`, clientMsgId: aClientMsgId() })),
      );
    }
    const delivered = new Set<string>();
    const allDelivered = nextEvent(b, 'message_delivered', (event) => {
      delivered.add(event.id);
      return missed.every((m) => delivered.has(m.id));
    });
    a.io.reconnection(true);
    const reconnected = new Promise<void>((resolve) => a.once('connect', () => resolve()));
    a.connect();
    await reconnected;
    await allDelivered;

    // What the client does on reconnect: the newest page, then everything after the last message it had.
    const res = await app
      .http()
      .get(`/api/messages?with=${bob.user.id}&limit=100`)
      .set(alice.auth)
      .expect(200);
    const page = res.body.messages as Message[];
    const after = page.slice(page.findIndex((m) => m.id === last.id) + 1);
    expect(after.map((m) => m.id)).toEqual(missed.map((m) => m.id));
    expect(after.every((m) => typeof m.deliveredAt === 'string')).toBe(true);

    // Live again, and nothing it had came twice over the socket.
    const next = nextEvent(a, 'receive_message');
    const after1 = sent(
      await send(b, { receiver: alice.user.id, text: 'live again', clientMsgId: aClientMsgId() }),
    );
    expect((await next).id).toBe(after1.id);
    const ids = live.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([last.id, after1.id]);
  });
});
