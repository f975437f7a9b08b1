import { generateKeyPairSync } from 'node:crypto';
import { getConnectionToken } from '@nestjs/mongoose';
import { JwtService } from '@nestjs/jwt';
import type { Connection } from 'mongoose';
import { io } from 'socket.io-client';
import { CHAT_NAMESPACE, REFRESH_COOKIE } from '@chat/shared/contracts';
import { UsersService } from '@chat/api/feature-users';
import {
  ChatClient,
  disconnection,
  forgeToken,
  refreshCookieOf,
  registerUser,
  SocketPool,
  startTestApp,
  TestApp,
  TestUser,
  unsignedToken,
} from '../support';

/** A token signed with a freshly generated RSA key (RS256), the right claims and a valid lifetime. */
function rs256Token(userId: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return new JwtService().sign(
    { ver: 0 },
    {
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }),
      algorithm: 'RS256',
      subject: userId,
      issuer: 'chat-api',
      audience: 'chat',
      expiresIn: 900,
    },
  );
}

/** The value of a `refresh_token=VALUE` cookie pair. */
const valueOf = (cookie: string) => cookie.slice(REFRESH_COOKIE.name.length + 1);

/**
 * Issue 5, cases 3 and 9: every kind of bad access token is refused the same way on sockets and REST, and refresh
 * tokens cannot be reused, guessed, shortened or outlive a logout.
 */
describe('attack: tokens', () => {
  let app: TestApp;
  let pool: SocketPool;

  beforeAll(async () => {
    app = await startTestApp();
    pool = new SocketPool(app.url);
  });

  afterEach(() => pool.closeAll());
  afterAll(() => app.close());

  const me = (authorization?: string) => {
    const req = app.http().get('/api/users/me');
    return authorization === undefined ? req : req.set('Authorization', authorization);
  };

  describe('case 3: bad access tokens', () => {
    let alice: TestUser;
    let ghost: TestUser;
    let tokens: Record<string, string | undefined>;

    beforeAll(async () => {
      alice = await registerUser(app, 'alice');
      ghost = await registerUser(app, 'ghost');
      const id = alice.user.id;
      const [header, payload, signature] = alice.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: ghost.user.id })).toString('base64url')}.${signature}`;
      const connection = app.app.get<Connection>(getConnectionToken());
      await connection.collection('users').deleteOne({ username: ghost.username });
      tokens = {
        'no token': undefined,
        'an empty token': '',
        garbage: 'garbage',
        'three garbage parts': 'a.b.c',
        'a token signed with another secret': forgeToken('x'.repeat(64), id),
        'alg: none': unsignedToken(id),
        'alg: none, with a signature': `${unsignedToken(id)}${signature}`,
        'HS384 with the right secret': forgeToken(app.jwtSecret, id, { algorithm: 'HS384' }),
        'HS512 with the right secret': forgeToken(app.jwtSecret, id, { algorithm: 'HS512' }),
        'RS256 with its own key': rs256Token(id),
        'an expired token': forgeToken(app.jwtSecret, id, { expiresInSeconds: -5 }),
        'another issuer': forgeToken(app.jwtSecret, id, { issuer: 'elsewhere' }),
        'another audience': forgeToken(app.jwtSecret, id, { audience: 'elsewhere' }),
        'a tampered payload': tampered,
        'a refresh token': valueOf(alice.refreshCookie),
        'a token of a user that no longer exists': ghost.accessToken,
        'a forged token of an unknown id': forgeToken(app.jwtSecret, '65a000000000000000000000'),
        'a subject that is not an id': forgeToken(app.jwtSecret, 'admin'),
        'an oversized token': 'a'.repeat(8000),
      };
    });

    it('the valid token works on both (the control)', async () => {
      await me(alice.auth.Authorization).expect(200);
      expect((await pool.connect(alice.accessToken)).connected).toBe(true);
    });

    it('sockets: every bad token fails with connect_error "unauthorized", over WebSocket and polling', async () => {
      for (const [name, token] of Object.entries(tokens)) {
        for (const transports of [['websocket'], ['polling']]) {
          const error = await pool.refusal(token, { transports });
          expect({ name, transports, message: error.message }).toEqual({
            name,
            transports,
            message: 'unauthorized',
          });
        }
      }
    });

    it('REST: every bad token gets 401 in the error shape, never saying why', async () => {
      const bodies = new Set<string>();
      for (const [name, token] of Object.entries(tokens)) {
        const res = await me(token === undefined ? undefined : `Bearer ${token}`);
        expect({ name, status: res.status }).toEqual({ name, status: 401 });
        expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
        bodies.add(JSON.stringify(res.body));
      }
      expect(bodies.size).toBe(1);
    });

    it('a valid token is accepted only where the contract puts it', async () => {
      // Sockets: `auth.token` only, never the query string (URLs end up in logs) or a header.
      for (const options of [
        { query: { token: alice.accessToken } },
        { extraHeaders: { Authorization: `Bearer ${alice.accessToken}` } },
      ]) {
        const socket: ChatClient = io(`${app.url}${CHAT_NAMESPACE}`, {
          forceNew: true,
          reconnection: false,
          transports: ['polling'],
          ...options,
        });
        try {
          const error = await new Promise<Error>((resolve, reject) => {
            socket.once('connect', () => reject(new Error('connected')));
            socket.once('connect_error', resolve);
          });
          expect(error.message).toBe('unauthorized');
        } finally {
          socket.close();
        }
      }
      // REST: the bearer header only.
      await app.http().get(`/api/users/me?access_token=${alice.accessToken}`).expect(401);
      await app.http().get('/api/users/me').set('Cookie', `access_token=${alice.accessToken}`).expect(401);
      await me(`Basic ${Buffer.from(`${alice.username}:${alice.password}`).toString('base64')}`).expect(401);
      await me(alice.accessToken).expect(401);
    });
  });

  describe('case 9: refresh tokens and sessions', () => {
    const refresh = (cookie?: string) => {
      const req = app.http().post('/api/auth/refresh');
      return cookie === undefined ? req : req.set('Cookie', cookie);
    };

    it('reuse of a rotated token revokes the whole family, newest token included', async () => {
      const alice = await registerUser(app, 'reuse');
      const first = await refresh(alice.refreshCookie).expect(200);
      const second = refreshCookieOf(first.headers['set-cookie']) as string;
      const third = refreshCookieOf((await refresh(second).expect(200)).headers['set-cookie']) as string;
      await refresh(alice.refreshCookie).expect(401); // the thief, or the victim, replays an old one
      await refresh(third).expect(401);
      await refresh(second).expect(401);
    });

    it('a token presented twice at the same moment is honoured at most once', async () => {
      const alice = await registerUser(app, 'race');
      const results = await Promise.all(Array.from({ length: 5 }, () => refresh(alice.refreshCookie)));
      expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
      expect(results.every((r) => r.status === 200 || r.status === 401)).toBe(true);
    });

    it('after logout the token fails', async () => {
      const alice = await registerUser(app, 'logout');
      await app.http().post('/api/auth/logout').set('Cookie', alice.refreshCookie).expect(204);
      await refresh(alice.refreshCookie).expect(401);
    });

    it('random, truncated, extended and altered tokens fail; the real one still works after them', async () => {
      const alice = await registerUser(app, 'guess');
      const real = valueOf(alice.refreshCookie);
      const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
      const guesses = {
        random: Buffer.alloc(32, 7).toString('base64url'),
        'one character short': real.slice(0, -1),
        'half of it': real.slice(0, 21),
        'one character more': `${real}A`,
        'last character changed': flip(real, real.length - 1),
        'first character changed': flip(real, 0),
        'upper-cased': real.toUpperCase() === real ? real.toLowerCase() : real.toUpperCase(),
        'its SHA-256 (what the server stores)': (await import('node:crypto'))
          .createHash('sha256')
          .update(real)
          .digest('hex'),
        'an operator object': 'j:{"$ne":null}',
        'an operator object, URL-encoded': encodeURIComponent('j:{"$gt":""}'),
        empty: '',
      };
      for (const [name, guess] of Object.entries(guesses)) {
        const res = await refresh(`${REFRESH_COOKIE.name}=${guess}`);
        expect({ name, status: res.status }).toEqual({ name, status: 401 });
        expect(res.body).not.toHaveProperty('accessToken');
      }
      await refresh(alice.refreshCookie).expect(200);
    });

    it('logout-all closes every socket of the user at once; their access tokens stop working for sockets', async () => {
      const alice = await registerUser(app, 'everywhere');
      const bob = await registerUser(app, 'bystander');
      const tabs = await Promise.all([1, 2, 3].map(() => pool.connect(alice.accessToken)));
      const bobs = await pool.connect(bob.accessToken);
      const closed = Promise.all(tabs.map((socket) => disconnection(socket)));
      await app.http().post('/api/auth/logout-all').set(alice.auth).expect(204);
      expect(await closed).toEqual(['io server disconnect', 'io server disconnect', 'io server disconnect']);
      expect((await pool.refusal(alice.accessToken)).message).toBe('unauthorized');
      expect((await pool.refusal(alice.accessToken, { transports: ['polling'] })).message).toBe(
        'unauthorized',
      );
      await me(alice.auth.Authorization).expect(401);
      expect(bobs.connected).toBe(true);
    });

    it('logout-all also closes a socket whose handshake was under way when it happened', async () => {
      const alice = await registerUser(app, 'connecting');
      // Hold the handshake between the token check and the join of the user's room, run logout-all, let it go on.
      const users = app.app.get(UsersService);
      const find = users.find.bind(users);
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let held!: () => void;
      const reached = new Promise<void>((resolve) => (held = resolve));
      const spy = jest.spyOn(users, 'find').mockImplementation(async (id: string) => {
        if (id === alice.user.id) {
          held();
          await gate;
        }
        return find(id);
      });
      try {
        const connecting = pool.connect(alice.accessToken).then(
          (socket) => socket,
          () => undefined,
        );
        await reached;
        await app.http().post('/api/auth/logout-all').set(alice.auth).expect(204);
        release();
        const socket = await connecting;
        // Refused at the handshake, or accepted and then closed by the server: never left open.
        if (socket) expect(await disconnection(socket)).toBe('io server disconnect');
      } finally {
        release();
        spy.mockRestore();
      }
    });
  });
});
