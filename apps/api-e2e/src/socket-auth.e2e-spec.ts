import { io } from 'socket.io-client';
import { CHAT_NAMESPACE } from '@chat/shared/contracts';
import { aClientMsgId } from '@chat/shared/util-testing';
import {
  disconnection,
  forgeToken,
  nextEvent,
  registerUser,
  send,
  SocketPool,
  startTestApp,
  TestApp,
  TestUser,
} from './support';

describe('socket handshake', () => {
  let app: TestApp;
  let pool: SocketPool;
  let alice: TestUser;

  beforeAll(async () => {
    app = await startTestApp({ CORS_ORIGIN: 'https://app.example.com' });
    pool = new SocketPool(app.url);
    alice = await registerUser(app, 'alice');
  });

  afterEach(() => pool.closeAll());
  afterAll(() => app.close());

  it('accepts a valid token', async () => {
    expect((await pool.connect(alice.accessToken)).connected).toBe(true);
  });

  // Every kind of bad token, on sockets and REST: attacks/tokens.e2e-spec.ts.
  it('refuses a missing or malformed token with "unauthorized"', async () => {
    expect((await pool.refusal(undefined)).message).toBe('unauthorized');
    expect((await pool.refusal('not-a-jwt', { transports: ['polling'] })).message).toBe('unauthorized');
  });

  it('serves no event before authentication', async () => {
    const socket = io(`${app.url}${CHAT_NAMESPACE}`, {
      auth: {},
      reconnection: false,
      transports: ['websocket'],
    });
    try {
      const refused = new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      const reply = socket.timeout(500).emitWithAck('send_message', {
        receiver: alice.user.id,
        text: 'sneaky',
        clientMsgId: aClientMsgId(),
      });
      expect((await refused).message).toBe('unauthorized');
      await expect(reply).rejects.toThrow();
    } finally {
      socket.close();
    }
    const history = await app.http().get(`/api/conversations`).set(alice.auth).expect(200);
    expect(history.body).toEqual([]);
  });

  it('ends a socket when its token expires', async () => {
    const shortLived = forgeToken(app.jwtSecret, alice.user.id, { expiresInSeconds: 2 });
    const socket = await pool.connect(shortLived);
    expect(await disconnection(socket)).toBe('io server disconnect');
    // A fresh token connects again.
    expect((await pool.connect(alice.accessToken)).connected).toBe(true);
  });

  describe('Origin', () => {
    const origins = {
      'the app itself': () => app.url,
      CORS_ORIGIN: () => 'https://app.example.com',
    };

    it.each(Object.keys(origins))('accepts %s', async (name) => {
      const origin = origins[name as keyof typeof origins]();
      for (const transports of [['websocket'], ['polling']]) {
        const socket = await pool.connect(alice.accessToken, {
          extraHeaders: { Origin: origin },
          transports,
        });
        expect(socket.connected).toBe(true);
      }
    });

    it('refuses another site, over WebSocket and polling, even with a valid token', async () => {
      for (const transports of [['websocket'], ['polling']]) {
        const error = await pool.refusal(alice.accessToken, {
          extraHeaders: { Origin: 'https://evil.example' },
          transports,
        });
        expect(error).toBeInstanceOf(Error);
      }
    });

    it('judges clients without Origin by their token alone', async () => {
      const bob = await registerUser(app, 'bob');
      const a = await pool.connect(alice.accessToken);
      const b = await pool.connect(bob.accessToken);
      const arriving = nextEvent(b, 'receive_message');
      const ack = await send(a, {
        receiver: bob.user.id,
        text: 'from a script',
        clientMsgId: aClientMsgId(),
      });
      expect(ack.ok).toBe(true);
      expect((await arriving).text).toBe('from a script');
    });
  });
});
